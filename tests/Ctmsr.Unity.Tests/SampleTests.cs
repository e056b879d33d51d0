using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Ctmsr.UnityPackage;
using NUnit.Framework;

namespace Ctmsr.Unity.Tests;

/// <summary>
/// The package's scripts compile as netstandard2.1 libraries (C# 9) against only the package's DLLs, and the sample
/// creates a context and dispatches a frame when run on .NET with the package's DLLs and its Linux ONNX Runtime.
/// </summary>
public class SampleTests
{
    private static readonly Lazy<(SampleCompiler.Result Result, string Scratch)> Compiled = new(() =>
    {
        string scratch = Path.Combine(MadePackage.OutDirectory, "sample-build");
        return (SampleCompiler.Compile(MadePackage.Root, scratch, [StubPath]), scratch);
    });

    private static string StubPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "Stubs", "UnityEngine.cs");

    [Test]
    public void Sample_CompilesAgainstOnlyThePackagesAssemblies()
    {
        var (result, _) = Compiled.Value;

        Assert.That(result.Succeeded, Is.True, result.Output);
    }

    [Test]
    public void Sample_UsingAnApiNetStandard21Lacks_FailsToCompile()
    {
        string scratch = Path.Combine(MadePackage.OutDirectory, "sample-build-bad");
        string bad = Path.Combine(MadePackage.OutDirectory, "NotNetStandard.cs");
        File.WriteAllText(bad, "namespace Ctmsr.Samples { public static class NotNetStandard { public static int Roll() => System.Random.Shared.Next(); } }\n");

        var result = SampleCompiler.Compile(MadePackage.Root, scratch, [StubPath, bad]);

        Assert.That(result.Succeeded, Is.False, result.Output);
        Assert.That(result.Output, Does.Contain("CS0117").And.Contain("Shared"));
    }

    [Test]
    public void Sample_RunOnce_CreatesAContextAndDispatchesAFrameOnTheCpu()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Assert.Ignore("runs the package's linux-x64 ONNX Runtime library");
        var (result, scratch) = Compiled.Value;
        Assume.That(result.Succeeded, result.Output);
        string sample = Path.Combine(scratch, "sample", "bin", "Release", "netstandard2.1", UnityPackageLayout.SampleAsmdefName + ".dll");
        var context = new PackageLoadContext(MadePackage.Root, Path.GetDirectoryName(sample)!);
        try
        {
            var type = context.LoadFromAssemblyPath(sample).GetType("Ctmsr.Samples.BasicUpscale", throwOnError: true)!;
            var runtime = context.LoadFromAssemblyName(new AssemblyName("Ctmsr.Runtime"));
            object mode = Enum.Parse(runtime.GetType("Ctmsr.Runtime.QualityMode", true)!, "Performance");
            object backend = Enum.Parse(runtime.GetType("Ctmsr.Runtime.UpscalerBackend", true)!, "Cpu");

            string description = (string)type.GetMethod("RunOnce")!.Invoke(null, [64, 36, mode, backend])!;

            Assert.That(description, Does.StartWith($"Ctmsr {BuildMetadata.Version}").And.Contain(": 32x18 -> 64x36 on Cpu ("));
            Assert.That(context.Assemblies.Select(a => a.GetName().Name), Does.Contain("Microsoft.ML.OnnxRuntime"));
            Assert.That(context.LoadedNative, Does.EndWith("Runtime/Plugins/Linux/x86_64/libonnxruntime.so"));
            Assert.That(context.Assemblies.Where(a => a.GetName().Name != UnityPackageLayout.SampleAsmdefName && a.GetName().Name != UnityPackageLayout.RuntimeAsmdefName)
                .Select(a => Path.GetDirectoryName(a.Location)), Is.All.EqualTo(Path.Combine(MadePackage.Root, "Runtime", "Plugins")));
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Resolves assemblies only from the package's plugins (and the compiled scripts), and ONNX Runtime's native library from the package.</summary>
    private sealed class PackageLoadContext(string packageRoot, string scripts) : AssemblyLoadContext("ctmsr-unity-package", isCollectible: true)
    {
        public string? LoadedNative { get; private set; }

        protected override Assembly? Load(AssemblyName name)
        {
            foreach (var folder in new[] { Path.Combine(packageRoot, "Runtime", "Plugins"), scripts })
            {
                string path = Path.Combine(folder, name.Name + ".dll");
                if (File.Exists(path))
                    return LoadFromAssemblyPath(path);
            }
            return null; // the .NET Standard facades: the host's framework
        }

        protected override IntPtr LoadUnmanagedDll(string name)
        {
            if (name is "onnxruntime" or "libonnxruntime" or "libonnxruntime.so")
            {
                LoadedNative = Path.Combine(packageRoot, "Runtime", "Plugins", "Linux", "x86_64", "libonnxruntime.so");
                return LoadUnmanagedDllFromPath(LoadedNative);
            }
            return IntPtr.Zero;
        }
    }
}
