using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Cli;

/// <summary>Finds the shipped default model by searching upward from the executable and the working directory.</summary>
public static class ModelLocator
{
    /// <summary>The default model, relative to the repository root.</summary>
    public static readonly string DefaultRelativePath = Path.Combine("models", "ctmsr-x2.onnx");

    /// <summary>The folders searched, in order: the working directory, then the executable's folder.</summary>
    public static IReadOnlyList<string> SearchRoots() =>
        new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
            .Select(p => Path.GetFullPath(p).TrimEnd(Path.DirectorySeparatorChar))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The first models/ctmsr-x2.onnx found walking up from each search root, or null.</summary>
    public static string? FindDefault()
    {
        foreach (string root in SearchRoots())
        {
            for (DirectoryInfo? dir = new(root); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, DefaultRelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The model to use: <paramref name="explicitPath"/> when given and present, else the default.</summary>
    /// <exception cref="DemoException">The file named does not exist, or no default model is found.</exception>
    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            string full = Path.GetFullPath(explicitPath);
            if (!File.Exists(full)) throw new DemoException($"model file '{full}' does not exist");
            return full;
        }
        return FindDefault() ?? throw new DemoException(
            $"default model '{DefaultRelativePath}' not found searching upward from " +
            string.Join(" and ", SearchRoots().Select(r => "'" + r + "'")) + "; pass --model PATH");
    }

    /// <summary>
    /// The model to run: <paramref name="explicitPath"/> when given; else models/ctmsr-x2.onnx found upward; else the
    /// default embedded in Ctmsr.Runtime.
    /// </summary>
    /// <exception cref="DemoException">The file named does not exist, or there is no default model anywhere.</exception>
    public static CtmsrModel Load(string? explicitPath)
    {
        if (string.IsNullOrEmpty(explicitPath) && FindDefault() is null && CtmsrModel.HasEmbeddedDefault)
            return CtmsrModel.LoadDefault();
        return CtmsrModel.Load(Resolve(explicitPath));
    }
}
