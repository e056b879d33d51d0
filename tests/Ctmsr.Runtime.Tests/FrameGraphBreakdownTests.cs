using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Onnx;
using Ctmsr.Runtime.Profiling;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

public class FrameGraphBreakdownTests
{
    private static CtmsrModel Tiny() =>
        CtmsrModel.Load(TestModels.Build(new TestModelSpec { Gain = 0.9f, Bias = 0.05f, NoiseGain = 0.1f }), "tiny");

    [Test]
    public void Measure_IntegerRatio_ReportsEveryPartAndTheNodesOfEachGraphPart()
    {
        FrameGraphBreakdown b = FrameGraphBreakdown.Measure(Tiny(), new FrameSize(24, 16), new FrameSize(48, 32), frames: 3,
            warmup: 1, threadCount: 1);

        Assert.That(b.Parts.Select(p => p.Part), Is.EqualTo(Enum.GetValues<FrameGraphPart>()));
        Assert.That(b.Parts.All(p => p.MedianMs >= 0 && p.MeanMs >= 0), Is.True);
        Assert.That(b.Parts[(int)FrameGraphPart.InputConversion].Nodes, Is.GreaterThan(0));
        Assert.That(b.Parts[(int)FrameGraphPart.Model].Nodes, Is.GreaterThan(0));
        Assert.That(b.Parts[(int)FrameGraphPart.OutputConversion].Nodes, Is.GreaterThan(0));
        // Display = 2 x render: the colour resample is left out, only the alpha's bilinear Resize runs.
        Assert.That(b.Nodes.Where(n => n.Part == FrameGraphPart.Resample).Select(n => n.Op), Is.EqualTo(new[] { "Resize" }));
        Assert.That(b.Nodes.All(n => n.Part == FrameGraph.PartOf(n.Name)), Is.True);
        Assert.That(b.Backend, Is.EqualTo(UpscalerBackend.Cpu));
        Assert.That(b.Frames, Is.EqualTo(3));
        Assert.That(b.ProfiledTotalMs, Is.GreaterThan(0));
        Assert.That(b.UnprofiledTotalMs, Is.GreaterThan(0));
        Assert.That(b.ManagedBytesPerFrame, Is.Zero);
    }

    [Test]
    public void Measure_NonIntegerRatio_ResamplesWithTheTapsOnBothAxes()
    {
        FrameGraphBreakdown b = FrameGraphBreakdown.Measure(Tiny(), new FrameSize(24, 16), new FrameSize(36, 24), frames: 2,
            warmup: 0, threadCount: 1);

        string[] resample = b.Nodes.Where(n => n.Part == FrameGraphPart.Resample).Select(n => n.Name).ToArray();
        Assert.That(resample.Count(n => n.StartsWith("resample/cols", StringComparison.Ordinal)), Is.GreaterThan(0));
        Assert.That(resample.Count(n => n.StartsWith("resample/rows", StringComparison.Ordinal)), Is.GreaterThan(0));
    }

    [Test]
    public void ToJson_HasTheTotalsEveryPartAndTheNodes()
    {
        FrameGraphBreakdown b = FrameGraphBreakdown.Measure(CtmsrModel.Bicubic(2), new FrameSize(8, 8), new FrameSize(16, 16),
            frames: 1, warmup: 0, threadCount: 1);

        string json = b.ToJson();

        foreach (string key in new[] { "\"model\":", "\"preset\":\"bicubic\"", "\"render\":\"8x8\"", "\"display\":\"16x16\"",
                     "\"backend\":\"Cpu\"", "\"frames\":1", "\"configure_ms\":", "\"profiled_total_ms\":", "\"unprofiled_total_ms\":",
                     "\"managed_bytes_per_frame\":0", "\"parts\":[", "\"nodes\":[", "\"op\":\"Resize\"" })
            Assert.That(json, Does.Contain(key));
        foreach (FrameGraphPart part in Enum.GetValues<FrameGraphPart>()) Assert.That(json, Does.Contain($"\"part\":\"{part}\""));
    }

    [Test]
    public void Measure_Vulkan_ThrowsArgumentException() =>
        Assert.That(() => FrameGraphBreakdown.Measure(Tiny(), new FrameSize(8, 8), new FrameSize(16, 16), 1, backend: UpscalerBackend.Vulkan),
            Throws.ArgumentException.With.Message.Contains("ONNX Runtime"));

    [TestCase("in/lr/Div", FrameGraphPart.InputConversion)]
    [TestCase("model/Conv_3", FrameGraphPart.Model)]
    [TestCase("resample/cols_taps/Gather", FrameGraphPart.Resample)]
    [TestCase("out/display/Transpose", FrameGraphPart.OutputConversion)]
    [TestCase("Transpose_token_7", FrameGraphPart.Inserted)]
    [TestCase("ReorderOutput", FrameGraphPart.Inserted)]
    public void PartOf_NodeName_IsThePartItsPrefixNames(string name, FrameGraphPart part) =>
        Assert.That(FrameGraph.PartOf(name), Is.EqualTo(part));
}
