using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Contract.Tests;

/// <summary>
/// The round trip's comparisons are tight enough to catch the mistakes it exists for: an export with a wrong layer
/// order, activation, weight layout or noise gain still loads and runs on both backends, and fails both the float
/// and the 8-bit comparison against the torch forward of the net it came from.
/// </summary>
[NonParallelizable]
public class CorruptedExportTests
{
    /// <summary>A preset with four body convs of one shape, at scale 2 (whose fp32 kernels lavapipe compiles quickly).</summary>
    private const string Preset = "default";
    private const int Scale = 2;

    private TemporaryFolder _folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => _folder = new TemporaryFolder();

    [OneTimeTearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static IEnumerable<TestCaseData> Cases(string backend)
    {
        foreach (Corruption c in Enum.GetValues<Corruption>())
            yield return new TestCaseData(c).SetName($"Export_with_{c}_fails_the_comparison_on_{backend}");
    }

    private static IEnumerable<TestCaseData> OnnxRuntimeCases() => Cases("onnxruntime");

    private static IEnumerable<TestCaseData> VulkanCases() => Cases("vulkan");

    [TestCaseSource(nameof(OnnxRuntimeCases))]
    public void Corrupted_export_fails_the_comparison_on_onnxruntime(Corruption corruption)
    {
        var rt = RoundTripCases.Get(Preset, Scale);
        CtmsrModel model = LoadCorrupted(rt, corruption);
        double floatDiff = Differences.MaxAbs(
            RuntimeRuns.OnnxRuntimeFloat(model, rt.Lr, rt.Noise, RoundTripCase.Width, RoundTripCase.Height), rt.Expected);
        FrameDifference frame = Differences.Frame(
            RuntimeRuns.OnnxRuntimeFrame(model, rt.Frame, RoundTripCase.Width, RoundTripCase.Height, RoundTripCase.NoiseSeed),
            rt.Expected, Scale * RoundTripCase.Width, Scale * RoundTripCase.Height);
        AssertCaught(corruption, "onnxruntime", floatDiff, frame);
    }

    [TestCaseSource(nameof(VulkanCases))]
    public void Corrupted_export_fails_the_comparison_on_vulkan(Corruption corruption)
    {
        var rt = RoundTripCases.Get(Preset, Scale);
        CtmsrModel model = LoadCorrupted(rt, corruption);
        var (sr, bytes) = RuntimeRuns.Vulkan(model, rt.Frame, RoundTripCase.Width, RoundTripCase.Height, RoundTripCase.NoiseSeed,
            VulkanPrecision.Fp32);
        AssertCaught(corruption, "vulkan", Differences.MaxAbs(sr, rt.Expected),
            Differences.Frame(bytes, rt.Expected, Scale * RoundTripCase.Width, Scale * RoundTripCase.Height));
    }

    /// <summary>The corrupted model must pass the runtime's checks: the comparison, not the loader, is what catches it.</summary>
    private CtmsrModel LoadCorrupted(RoundTripCase rt, Corruption corruption)
    {
        byte[] corrupted = ModelCorruption.Apply(rt.Onnx, corruption);
        Assert.That(corrupted, Is.Not.EqualTo(rt.Onnx), "the corruption changed nothing");
        return RuntimeRuns.LoadFromFile(corrupted, _folder.Path, $"{Preset}-x{Scale}-{corruption}.onnx");
    }

    private static void AssertCaught(Corruption corruption, string backend, double floatDiff, FrameDifference frame)
    {
        TestContext.Out.WriteLine($"{corruption} on {backend}: float max diff {floatDiff:E2}; frame {frame}");
        Assert.Multiple(() =>
        {
            // The fp32 bounds are what the corrupted exports run against; the looser fp16 bounds must catch them too.
            foreach (Tolerance tolerance in new[] { Tolerance.Fp32, Tolerance.Fp16 })
            {
                Assert.That(tolerance.Accepts(floatDiff), Is.False,
                    $"{tolerance.Name} float comparison passed a corrupted export (max diff {floatDiff:E2}, bound {tolerance.FloatMaxAbs:E0})");
                Assert.That(tolerance.Accepts(frame), Is.False, $"{tolerance.Name} 8-bit comparison passed a corrupted export ({frame})");
            }
        });
    }
}
