using System.Globalization;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Upscalers;

/// <summary>
/// Finds the shipped models (models/ctmsr-x2.onnx, -x3, -x4) by searching upward from the working directory and the
/// executable, and picks the one for a ratio the way Ctmsr.Runtime does (<see cref="CtmsrModel.SelectScale(IReadOnlyList{int}, FrameSize, FrameSize)"/>).
/// </summary>
public static class ModelLocator
{
    /// <summary>The scales a models folder may hold, as models/ctmsr-x{scale}.onnx.</summary>
    public static readonly IReadOnlyList<int> Scales = new[] { 2, 3, 4 };

    /// <summary>models/ctmsr-x{scale}.onnx relative to the repository root.</summary>
    public static string RelativePath(int scale) => Path.Combine("models", $"ctmsr-x{scale.ToString(CultureInfo.InvariantCulture)}.onnx");

    /// <summary>The folders searched, in order: the working directory, then the executable's folder.</summary>
    public static IReadOnlyList<string> SearchRoots() =>
        new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
            .Select(p => Path.GetFullPath(p).TrimEnd(Path.DirectorySeparatorChar))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The models of the first folder, walking up from each search root, that holds any models/ctmsr-x{2,3,4}.onnx:
    /// scale -> full path. Empty when none is found.
    /// </summary>
    public static IReadOnlyDictionary<int, string> FindModels()
    {
        foreach (string root in SearchRoots())
        {
            for (DirectoryInfo? dir = new(root); dir != null; dir = dir.Parent)
            {
                var found = new SortedDictionary<int, string>();
                foreach (int s in Scales)
                {
                    string candidate = Path.Combine(dir.FullName, RelativePath(s));
                    if (File.Exists(candidate)) found[s] = candidate;
                }
                if (found.Count > 0) return found;
            }
        }
        return new SortedDictionary<int, string>();
    }

    /// <summary>The full path of <paramref name="explicitPath"/>.</summary>
    /// <exception cref="UpscalerSetupException">The path is empty or a directory, or the file named does not exist.</exception>
    public static string Resolve(string explicitPath)
    {
        if (string.IsNullOrWhiteSpace(explicitPath)) throw new UpscalerSetupException("the --model path is empty");
        string full = Path.GetFullPath(explicitPath);
        if (Directory.Exists(full)) throw new UpscalerSetupException($"model '{full}' is a directory, not a model file (.onnx)");
        if (!File.Exists(full)) throw new UpscalerSetupException($"model file '{full}' does not exist");
        return full;
    }

    /// <summary>
    /// The model to run for a render and display size: <paramref name="explicitPath"/> when given; else, of the
    /// models/ctmsr-x{2,3,4}.onnx found upward, the one with the smallest scale >= the ratio (else the largest); else
    /// the same choice among the models embedded in Ctmsr.Runtime.
    /// </summary>
    /// <exception cref="UpscalerSetupException">The file named does not exist, or there is no default model anywhere.</exception>
    public static CtmsrModel Load(string? explicitPath, FrameSize render, FrameSize display)
    {
        if (!string.IsNullOrEmpty(explicitPath)) return CtmsrModel.Load(Resolve(explicitPath));
        return ModelChoice.Create(null).For(render, display);
    }
}
