using Ctmsr.Demo.Cli;
using Ctmsr.Demo.Headless;
using Ctmsr.Demo.IO;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Demo.Tests;

/// <summary>The inner layers throw their own exceptions; the command line maps each to the exit code it always had.</summary>
public class DemoErrorsTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new DemoException("x", DemoException.NoDevice), (int?)DemoException.NoDevice).SetName("DemoException_KeepsItsOwnCode");
        yield return new TestCaseData(new ImageFileException("x"), (int?)DemoException.UsageError).SetName("ImageFileException_IsUsage");
        yield return new TestCaseData(new UpscalerSetupException("x"), (int?)DemoException.UsageError).SetName("UpscalerSetupException_IsUsage");
        yield return new TestCaseData(new HeadlessException("x"), (int?)DemoException.UsageError).SetName("HeadlessException_IsUsage");
        yield return new TestCaseData(new OutputFileException("x"), (int?)DemoException.UsageError).SetName("OutputFileException_RefusedTarget_IsUsage");
        yield return new TestCaseData(new OutputFileException("x", isWriteFailure: true), (int?)DemoException.IoError).SetName("OutputFileException_WriteFailure_IsIo");
        yield return new TestCaseData(new VulkanUnavailableException("x"), (int?)DemoException.NoDevice).SetName("VulkanUnavailableException_IsNoDevice");
        yield return new TestCaseData(new ArgumentOutOfRangeException("p", "x"), (int?)DemoException.UsageError).SetName("ArgumentException_IsUsage");
        yield return new TestCaseData(new IOException("x"), (int?)DemoException.IoError).SetName("IOException_IsIo");
        yield return new TestCaseData(new InvalidOperationException("x"), null).SetName("AnythingElse_IsABug_NoCode");
    }

    [TestCaseSource(nameof(Cases))]
    public void ExitCodeOf_MapsEachExpectedFailure(Exception ex, int? expected) =>
        Assert.That(DemoErrors.ExitCodeOf(ex), Is.EqualTo(expected));
}
