using System.Reflection;

namespace Ctmsr.UnityPackage;

/// <summary>
/// The version and package metadata of Directory.Build.props, as this tool was built with them (assembly metadata
/// written by Ctmsr.UnityPackage.csproj), and the place of ONNX Runtime's native package.
/// </summary>
public static class BuildMetadata
{
    /// <summary>The MSBuild Version (VersionPrefix[-VersionSuffix]).</summary>
    public static string Version => Get("Ctmsr.Version");

    /// <summary>The package description.</summary>
    public static string Description => Get("Ctmsr.Description");

    /// <summary>The authors.</summary>
    public static string Authors => Get("Ctmsr.Authors");

    /// <summary>The SPDX licence expression.</summary>
    public static string License => Get("Ctmsr.License");

    /// <summary>The package tags, ';'-separated.</summary>
    public static string Tags => Get("Ctmsr.Tags");

    /// <summary>The repository's LICENSE file.</summary>
    public static string LicenseFile => Get("Ctmsr.LicenseFile");

    /// <summary>The restored Microsoft.ML.OnnxRuntime package folder (its runtimes/RID/native libraries).</summary>
    public static string OnnxRuntimeNativePackage => Get("Ctmsr.OnnxRuntimeNativePackage");

    private static string Get(string key)
    {
        foreach (var attribute in typeof(BuildMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            if (attribute.Key == key && !string.IsNullOrEmpty(attribute.Value))
                return attribute.Value;
        throw new InvalidOperationException($"ctmsr-unity-package was built without the {key} metadata (see Ctmsr.UnityPackage.csproj)");
    }
}
