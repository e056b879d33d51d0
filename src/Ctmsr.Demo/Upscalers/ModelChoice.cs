using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Upscalers;

/// <summary>
/// The CTMSR model the ctmsr methods run: the --model file for every size, or (without --model) the model picked by
/// ratio for each render/display pair, as <see cref="ModelLocator.Load(string?, FrameSize, FrameSize)"/> picks it, so
/// that a mode change in the viewer can move to another model. The candidates are found once; each model is loaded
/// once and kept, so asking every frame costs a comparison.
/// </summary>
public sealed class ModelChoice
{
    private readonly CtmsrModel? _fixed;
    private readonly IReadOnlyDictionary<int, string> _files;
    private readonly IReadOnlyList<int> _scales;
    private readonly Dictionary<int, CtmsrModel> _byScale = new();

    private ModelChoice(CtmsrModel? model, IReadOnlyDictionary<int, string> files, IReadOnlyList<int> scales)
    {
        _fixed = model;
        _files = files;
        _scales = scales;
    }

    /// <summary>True when --model named the model.</summary>
    public bool IsExplicit => _fixed != null;

    /// <summary>
    /// The choice for <paramref name="modelPath"/>: that file (loaded and checked now), or, when null, the selection by
    /// ratio among models/ctmsr-x{2,3,4}.onnx found upward, else among the models embedded in Ctmsr.Runtime.
    /// </summary>
    /// <exception cref="UpscalerSetupException">The file named is missing or not a CTMSR model, or there is no default model anywhere.</exception>
    public static ModelChoice Create(string? modelPath)
    {
        if (!string.IsNullOrEmpty(modelPath))
        {
            try
            {
                return new ModelChoice(CtmsrModel.Load(ModelLocator.Resolve(modelPath)), new Dictionary<int, string>(), Array.Empty<int>());
            }
            catch (CtmsrModelException ex)
            {
                throw new UpscalerSetupException($"model '{modelPath}' cannot be used: {ex.Message}");
            }
        }
        IReadOnlyDictionary<int, string> files = ModelLocator.FindModels();
        IReadOnlyList<int> scales = files.Count > 0 ? files.Keys.ToList() : CtmsrModel.EmbeddedScales;
        if (scales.Count == 0)
            throw new UpscalerSetupException($"no default model: none of {string.Join(", ", ModelLocator.Scales.Select(ModelLocator.RelativePath))} found " +
                                    "searching upward from " + string.Join(" and ", ModelLocator.SearchRoots().Select(r => "'" + r + "'")) +
                                    ", and this Ctmsr.Runtime embeds none; pass --model PATH");
        return new ModelChoice(null, files, scales);
    }

    /// <summary>The model for this size pair: the explicit one, or the one with the smallest scale >= the ratio (else the largest).</summary>
    /// <exception cref="UpscalerSetupException">The chosen file is not a CTMSR model.</exception>
    public CtmsrModel For(FrameSize render, FrameSize display)
    {
        if (_fixed != null) return _fixed;
        int scale = CtmsrModel.SelectScale(_scales, render, display);
        if (_byScale.TryGetValue(scale, out CtmsrModel? known)) return known;
        CtmsrModel model;
        try
        {
            model = _files.TryGetValue(scale, out string? path) ? CtmsrModel.Load(path) : CtmsrModel.LoadEmbedded(scale);
        }
        catch (CtmsrModelException ex)
        {
            throw new UpscalerSetupException($"default model x{scale} for {render} -> {display} cannot be used: {ex.Message}");
        }
        _byScale[scale] = model;
        return model;
    }
}
