using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Ctmsr.Contract;

namespace Ctmsr.Runtime.Models;

/// <summary>
/// A CTMSR model that has been read and checked against the model contract: its bytes plus what its metadata says.
/// Immutable and backend-neutral; backends (for example the ONNX Runtime backend of <see cref="UpscalerContext"/>)
/// build their own sessions from it. Holds no native resources.
/// </summary>
public sealed class CtmsrModel
{
    private readonly byte[] _bytes;

    private CtmsrModel(byte[] bytes, string source, ModelFacts facts)
    {
        _bytes = bytes;
        Source = source;
        Scale = facts.Scale;
        SigmaMax = facts.SigmaMax;
        Preset = facts.Preset;
        MacPerPixel = facts.MacPerPixel;
        TrainingSummary = facts.TrainingSummary;
        Metadata = facts.Metadata;
    }

    /// <summary>Where the model came from: the full file path, or the name given to a stream or byte load.</summary>
    public string Source { get; }

    /// <summary>The integer upscaling factor s (2 to 4), from metadata <c>ctmsr.scale</c>.</summary>
    public int Scale { get; }

    /// <summary>The trajectory's noise level, from metadata <c>ctmsr.sigma_max</c>.</summary>
    public float SigmaMax { get; }

    /// <summary>The network preset name (metadata <c>ctmsr.preset</c>), or null when the model does not say.</summary>
    public string? Preset { get; }

    /// <summary>Multiply-accumulates per output pixel (metadata <c>ctmsr.mac_per_px</c>), or null when absent.</summary>
    public double? MacPerPixel { get; }

    /// <summary>The JSON training summary (metadata <c>ctmsr.training</c>), or null when absent.</summary>
    public string? TrainingSummary { get; }

    /// <summary>All custom metadata of the model, as read.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The size of the ONNX file in bytes.</summary>
    public int SizeInBytes => _bytes.Length;

    /// <summary>The ONNX bytes; owned by this model and never modified.</summary>
    internal byte[] Bytes => _bytes;

    /// <summary>Reads and checks the model in the file at <paramref name="path"/>.</summary>
    /// <exception cref="CtmsrModelException">The file is missing, unreadable, not ONNX, or breaks the contract.</exception>
    public static CtmsrModel Load(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (path.Length == 0) throw new ArgumentException("the model path is empty", nameof(path));
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
        {
            throw new CtmsrModelException(path, "the path is not valid: " + ex.Message, ex);
        }

        if (Directory.Exists(full)) throw new CtmsrModelException(full, "the path is a directory, not a model file");
        if (!File.Exists(full)) throw new CtmsrModelException(full, "the file does not exist");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            throw new CtmsrModelException(full, "the file cannot be read: " + ex.Message, ex);
        }
        return FromOwnedBytes(bytes, full);
    }

    /// <summary>Reads the whole of <paramref name="stream"/> and checks the model. The stream is not disposed.</summary>
    /// <param name="stream">A readable stream positioned at the start of the ONNX bytes.</param>
    /// <param name="sourceName">A name for messages; defaults to "(stream)".</param>
    /// <exception cref="CtmsrModelException">The bytes are not ONNX or break the contract.</exception>
    public static CtmsrModel Load(Stream stream, string? sourceName = null)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        string source = sourceName ?? "(stream)";
        byte[] bytes;
        try
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        catch (IOException ex)
        {
            throw new CtmsrModelException(source, "the stream cannot be read: " + ex.Message, ex);
        }
        return FromOwnedBytes(bytes, source);
    }

    /// <summary>Checks the model held in <paramref name="onnxBytes"/>; the bytes are copied.</summary>
    /// <param name="onnxBytes">The serialized ONNX model.</param>
    /// <param name="sourceName">A name for messages; defaults to "(memory)".</param>
    /// <exception cref="CtmsrModelException">The bytes are not ONNX or break the contract.</exception>
    public static CtmsrModel Load(byte[] onnxBytes, string? sourceName = null)
    {
        if (onnxBytes is null) throw new ArgumentNullException(nameof(onnxBytes));
        return FromOwnedBytes((byte[])onnxBytes.Clone(), sourceName ?? "(memory)");
    }

    /// <summary>The name of the x2 default model inside this assembly's manifest resources.</summary>
    public const string EmbeddedDefaultResource = "Ctmsr.Runtime.ctmsr-x2.onnx";

    /// <summary>The integer scales a build can embed: models/ctmsr-x2.onnx, -x3 and -x4, each when present at build time.</summary>
    private static readonly int[] EmbeddableScales = { 2, 3, 4 };

    private static IReadOnlyList<int>? _embeddedScales;

    /// <summary>
    /// The scales of the models this build of Ctmsr.Runtime embeds, ascending: each of models/ctmsr-x2.onnx,
    /// ctmsr-x3.onnx and ctmsr-x4.onnx that existed when it was built. Empty when it embeds none.
    /// </summary>
    public static IReadOnlyList<int> EmbeddedScales
    {
        get
        {
            if (_embeddedScales != null) return _embeddedScales;
            var scales = new List<int>();
            foreach (int s in EmbeddableScales)
                if (typeof(CtmsrModel).Assembly.GetManifestResourceInfo(EmbeddedResourceName(s)) != null) scales.Add(s);
            return _embeddedScales = scales.AsReadOnly();
        }
    }

    /// <summary>True when this build of Ctmsr.Runtime embeds at least one default model (see <see cref="EmbeddedScales"/>).</summary>
    public static bool HasEmbeddedDefault => EmbeddedScales.Count > 0;

    /// <summary>The manifest resource name of the embedded model of scale <paramref name="scale"/>: "Ctmsr.Runtime.ctmsr-x{scale}.onnx".</summary>
    public static string EmbeddedResourceName(int scale) => "Ctmsr.Runtime.ctmsr-x" + scale.ToString(CultureInfo.InvariantCulture) + ".onnx";

    /// <summary>
    /// Picks the model scale for a display / render <paramref name="ratio"/>: the smallest of <paramref name="scales"/>
    /// that is >= the ratio (its output is then resampled down, or copied when equal), else the largest (its output is
    /// resampled up). For example, of {2, 3}: 1.3 -> 2, 2 -> 2, 2.5 -> 3, 4 -> 3.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="scales"/> is empty or holds a scale below 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is below 1 or not finite.</exception>
    public static int SelectScale(IReadOnlyList<int> scales, double ratio)
    {
        if (!(ratio >= 1.0) || double.IsInfinity(ratio))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the ratio must be a finite number >= 1");
        return Select(scales, s => s >= ratio - 1e-9);
    }

    /// <summary>
    /// <see cref="SelectScale(IReadOnlyList{int}, double)"/> for a render and display size: scale s is enough when on
    /// both axes the render size is at least display / s rounded down (the rounding of
    /// <see cref="QualityModes.RenderSize(int, int, double)"/>), so 641 -> 320 still counts as ratio 2.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="scales"/> is empty or holds a scale below 1, or a size is not positive.</exception>
    public static int SelectScale(IReadOnlyList<int> scales, FrameSize render, FrameSize display)
    {
        if (render.Width <= 0 || render.Height <= 0 || display.Width <= 0 || display.Height <= 0)
            throw new ArgumentException($"sizes must be positive; got render {render.Width}x{render.Height}, display {display.Width}x{display.Height}", nameof(render));
        return Select(scales, s => Reaches(s, render, display));
    }

    /// <summary>True when scale <paramref name="scale"/> x render covers the display, up to the rounding down of the render size.</summary>
    internal static bool Reaches(int scale, FrameSize render, FrameSize display) =>
        (long)scale * (render.Width + 1L) > display.Width && (long)scale * (render.Height + 1L) > display.Height;

    /// <summary>Loads and checks the embedded model for ratio 2 (models/ctmsr-x2.onnx when this build embeds it).</summary>
    /// <exception cref="CtmsrModelException">This build embeds no default model, or the embedded one breaks the contract.</exception>
    public static CtmsrModel LoadDefault() => LoadDefault(2.0);

    /// <summary>
    /// Loads and checks the embedded model for a display / render <paramref name="ratio"/>, chosen from
    /// <see cref="EmbeddedScales"/> by <see cref="SelectScale(IReadOnlyList{int}, double)"/>.
    /// </summary>
    /// <exception cref="CtmsrModelException">This build embeds no default model, or the embedded one breaks the contract.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is below 1 or not finite.</exception>
    public static CtmsrModel LoadDefault(double ratio)
    {
        if (!(ratio >= 1.0) || double.IsInfinity(ratio))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the ratio must be a finite number >= 1");
        return LoadEmbedded(SelectScale(RequireEmbedded(), ratio));
    }

    /// <summary>Loads and checks the embedded model for a render and display size (see <see cref="SelectScale(IReadOnlyList{int}, FrameSize, FrameSize)"/>).</summary>
    /// <exception cref="CtmsrModelException">This build embeds no default model, or the embedded one breaks the contract.</exception>
    public static CtmsrModel LoadDefault(FrameSize render, FrameSize display) =>
        LoadEmbedded(SelectScale(RequireEmbedded(), render, display));

    /// <summary>Loads and checks the embedded model of scale <paramref name="scale"/>.</summary>
    /// <exception cref="CtmsrModelException">This build does not embed models/ctmsr-x{scale}.onnx, or it breaks the contract.</exception>
    public static CtmsrModel LoadEmbedded(int scale)
    {
        string file = "ctmsr-x" + scale.ToString(CultureInfo.InvariantCulture) + ".onnx";
        using Stream? stream = typeof(CtmsrModel).Assembly.GetManifestResourceStream(EmbeddedResourceName(scale));
        if (stream == null)
            throw new CtmsrModelException("(embedded default) " + file,
                $"this build of Ctmsr.Runtime does not embed models/{file} (it was missing when the build ran); it embeds " +
                DescribeEmbedded() + "; pass a model loaded with CtmsrModel.Load");
        CtmsrModel model = Load(stream, "(embedded default) " + file);
        if (model.Scale != scale)
            throw new CtmsrModelException(model.Source, $"the file name says x{scale} but its metadata ctmsr.scale is {model.Scale}");
        return model;
    }

    /// <summary>The embedded scales for messages, e.g. "x2, x3" or "no model".</summary>
    internal static string DescribeEmbedded()
    {
        IReadOnlyList<int> scales = EmbeddedScales;
        if (scales.Count == 0) return "no model";
        var parts = new string[scales.Count];
        for (int i = 0; i < parts.Length; i++) parts[i] = "x" + scales[i].ToString(CultureInfo.InvariantCulture);
        return string.Join(", ", parts);
    }

    private static IReadOnlyList<int> RequireEmbedded()
    {
        IReadOnlyList<int> scales = EmbeddedScales;
        if (scales.Count == 0)
            throw new CtmsrModelException("(embedded default)",
                "this build of Ctmsr.Runtime embeds no default model (models/ctmsr-x2.onnx, -x3 and -x4 were all missing when " +
                "it was built); pass a model loaded with CtmsrModel.Load");
        return scales;
    }

    private static int Select(IReadOnlyList<int> scales, Func<int, bool> enough)
    {
        if (scales is null) throw new ArgumentNullException(nameof(scales));
        if (scales.Count == 0) throw new ArgumentException("no model scales to choose from", nameof(scales));
        int best = int.MaxValue, largest = int.MinValue;
        foreach (int s in scales)
        {
            if (s < 1) throw new ArgumentException($"model scales must be >= 1; got {s}", nameof(scales));
            if (s > largest) largest = s;
            if (s < best && enough(s)) best = s;
        }
        return best != int.MaxValue ? best : largest;
    }

    /// <summary>
    /// A contract model that is plain bicubic upscaling by <paramref name="scale"/> (a = -0.75, half-pixel centres,
    /// clamped; the noise is ignored): the baseline that benchmarks and tests compare a trained model against.
    /// </summary>
    public static CtmsrModel Bicubic(int scale = 2) =>
        FromOwnedBytes(Onnx.BicubicModel.Build(scale), $"(bicubic x{scale})");

    /// <summary>A one-line description for logs: source, scale, preset and cost.</summary>
    public override string ToString()
    {
        string mac = MacPerPixel.HasValue ? $", {MacPerPixel.Value:0} MAC/px" : string.Empty;
        return $"{Source} (x{Scale}, preset {Preset ?? "unknown"}{mac})";
    }

    private static CtmsrModel FromOwnedBytes(byte[] bytes, string source)
    {
        // The protobuf alone says everything the contract asks about, so loading a model never needs ONNX Runtime
        // (an engine on the Vulkan backend, and tools without its native library, load models too); the ONNX
        // Runtime backend builds and checks the whole graph when it creates its session.
        ModelFacts facts;
        try
        {
            facts = ModelContractChecker.Check(bytes, source, ContractStage.Load);
        }
        catch (ModelContractException ex)
        {
            throw new CtmsrModelException(ex.ModelSource, ex.Problem, ex);
        }
        return new CtmsrModel(bytes, source, facts);
    }
}
