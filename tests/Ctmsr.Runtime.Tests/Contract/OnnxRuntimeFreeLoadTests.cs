using System.Diagnostics;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests.Contract;

/// <summary>
/// Loading a model goes through the contract checker alone, and ONNX Runtime is created only by its backend: an engine
/// on the Vulkan backend never loads the Microsoft.ML.OnnxRuntime assembly. Each case runs <see cref="OnnxRuntimeFreeProbe"/>
/// in a fresh process (this test host has loaded ONNX Runtime for other tests); the CPU case shows the probe sees it.
/// </summary>
public class OnnxRuntimeFreeLoadTests
{
    private const string OnnxRuntimeAssembly = "Microsoft.ML.OnnxRuntime";

    [Test]
    public void LoadAndVulkanFrame_InAFreshProcess_NeverLoadsOnnxRuntime()
    {
        string[] loaded = Probe("vulkan");
        if (loaded.Length == 1 && loaded[0].StartsWith(OnnxRuntimeFreeProbe.VulkanUnavailable, StringComparison.Ordinal))
            Assert.Ignore("no Vulkan device here: " + loaded[0]);

        Assert.That(loaded, Does.Contain("Ctmsr.Runtime").And.Contain("Ctmsr.Contract"), "the probe ran the runtime");
        Assert.That(loaded, Has.None.StartsWith(OnnxRuntimeAssembly));
    }

    [Test]
    public void LoadAndCpuFrame_InAFreshProcess_LoadsOnnxRuntime_SoTheProbeCanSeeIt()
    {
        string[] loaded = Probe("cpu");

        Assert.That(loaded, Does.Contain(OnnxRuntimeAssembly));
    }

    private static string[] Probe(string backend)
    {
        string dll = typeof(OnnxRuntimeFreeProbe).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "exec", dll, OnnxRuntimeFreeProbe.Verb, backend }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"the probe failed:\n{stdout}\n{stderr.Result}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
