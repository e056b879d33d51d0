namespace Ctmsr.UnityPackage;

/// <summary>What the builder reads and where it writes; the defaults are this build's own (see <see cref="BuildMetadata"/>).</summary>
public sealed class UnityPackageOptions
{
    /// <summary>The folder of `dotnet publish src/Ctmsr.Runtime -f netstandard2.1` (Ctmsr.Runtime.dll, its deps.json and closure).</summary>
    public required string PublishDirectory { get; init; }

    /// <summary>The package folder to write (com.ctmsr.runtime); replaced when it holds an earlier build of this package.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The Microsoft.ML.OnnxRuntime package folder that holds runtimes/RID/native.</summary>
    public string OnnxRuntimePackageDirectory { get; init; } = BuildMetadata.OnnxRuntimeNativePackage;

    /// <summary>The hand-written files (README, CHANGELOG, Documentation~, the Runtime script, the sample).</summary>
    public string ContentDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "Package");

    /// <summary>The licence file copied as LICENSE.md.</summary>
    public string LicenseFile { get; init; } = BuildMetadata.LicenseFile;

    /// <summary>The version the package must carry (the runtime build must have it too).</summary>
    public string Version { get; init; } = BuildMetadata.Version;

    /// <summary>Receives a line per step; null for none.</summary>
    public Action<string>? Log { get; init; }
}
