namespace Ctmsr.UnityPackage;

/// <summary>One native library of ONNX Runtime as a Unity plugin: where it comes from and which platform loads it.</summary>
/// <param name="Rid">The .NET runtime identifier of its folder in the Microsoft.ML.OnnxRuntime package.</param>
/// <param name="FileName">The library's file name.</param>
/// <param name="Folder">Its folder in the Unity package.</param>
/// <param name="EditorOs">Unity's editor OS setting ("Linux", "Windows", "OSX").</param>
/// <param name="Cpu">Unity's CPU setting ("x86_64", "ARM64").</param>
/// <param name="StandaloneTarget">Unity's standalone build target ("Linux64", "Win64", "OSXUniversal").</param>
public sealed record NativePlugin(string Rid, string FileName, string Folder, string EditorOs, string Cpu, string StandaloneTarget)
{
    /// <summary>The library's path in the package, '/'-separated.</summary>
    public string PackagePath => Folder + "/" + FileName;
}
