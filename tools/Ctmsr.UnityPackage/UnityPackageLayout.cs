namespace Ctmsr.UnityPackage;

/// <summary>The names and places of the Unity package (UPM layout); the builder writes them, the checker reads them.</summary>
public static class UnityPackageLayout
{
    /// <summary>The package's name (reverse-DNS, lower case, as UPM requires).</summary>
    public const string PackageName = "com.ctmsr.runtime";

    /// <summary>What Unity's Package Manager shows.</summary>
    public const string DisplayName = "Ctmsr Upscaler";

    /// <summary>The oldest Unity with the .NET Standard 2.1 profile is 2021.2; 2021.3 is its LTS.</summary>
    public const string MinimumUnity = "2021.3";

    /// <summary>The managed plugins' folder.</summary>
    public const string PluginsFolder = "Runtime/Plugins";

    /// <summary>The runtime's own assembly.</summary>
    public const string RuntimeAssembly = "Ctmsr.Runtime";

    /// <summary>The assembly definition of the package's scripts; its name must differ from every plugin's.</summary>
    public const string RuntimeAsmdefName = "Ctmsr.Runtime.Unity";

    /// <summary>The asmdef's path.</summary>
    public const string RuntimeAsmdefPath = "Runtime/" + RuntimeAsmdefName + ".asmdef";

    /// <summary>The sample's folder (Unity copies it into Assets/Samples when the user imports it).</summary>
    public const string SampleFolder = "Samples~/BasicUpscale";

    /// <summary>The sample's assembly definition name.</summary>
    public const string SampleAsmdefName = "Ctmsr.Samples.BasicUpscale";

    /// <summary>The ONNX Runtime native libraries the package carries: desktop Linux, Windows and Apple-silicon macOS.</summary>
    public static readonly IReadOnlyList<NativePlugin> NativePlugins =
    [
        new("linux-x64", "libonnxruntime.so", "Runtime/Plugins/Linux/x86_64", "Linux", "x86_64", "Linux64"),
        new("win-x64", "onnxruntime.dll", "Runtime/Plugins/Windows/x86_64", "Windows", "x86_64", "Win64"),
        new("osx-arm64", "libonnxruntime.dylib", "Runtime/Plugins/macOS/arm64", "OSX", "ARM64", "OSXUniversal"),
    ];

    /// <summary>Strips SemVer build metadata ("0.1.0+abc" -> "0.1.0"): UPM versions carry none.</summary>
    public static string PackageVersion(string informationalVersion)
    {
        int plus = informationalVersion.IndexOf('+');
        return plus < 0 ? informationalVersion : informationalVersion.Substring(0, plus);
    }
}
