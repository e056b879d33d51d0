using Ctmsr.Demo;
using Ctmsr.Demo.Cli;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary><c>ctmsr-demo soak</c>: its options and the shape of its report on a tiny run (no figure is asserted).</summary>
[NonParallelizable] // Redirects Console.
public class SoakCommandTests
{
    private TextWriter _out = Console.Out, _err = Console.Error;
    private StringWriter _stdout = new(), _stderr = new();
    private string _model = "";

    [SetUp]
    public void SetUp()
    {
        _out = Console.Out;
        _err = Console.Error;
        _stdout = new StringWriter();
        _stderr = new StringWriter();
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
        _model = Path.Combine(Path.GetTempPath(), "ctmsr-soak-" + Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllBytes(_model, TestModels.Valid());
    }

    [TearDown]
    public void TearDown()
    {
        Console.SetOut(_out);
        Console.SetError(_err);
        _stdout.Dispose();
        _stderr.Dispose();
        File.Delete(_model);
    }

    [Test]
    public void Soak_TinyCpuRun_PrintsSamplesBytesPerStepAndVerdicts()
    {
        int rc = Program.Main(new[] { "soak", "--model", _model, "--backend", "Cpu", "--threads", "1", "--size", "16x8", "--frames", "6", "--create-dispose", "4", "--every", "2" });

        string text = _stdout.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(rc, Is.EqualTo(0), _stderr.ToString());
        Assert.That(text, Does.Contain("soak: 6 frames, 16x8 -> 32x16, Cpu"));
        Assert.That(text, Does.Contain("soak: 4 create/dispose cycles, 16x8 -> 32x16, Cpu"));
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Samples at 0, 2, 4, 6 frames and 0, 2, 4 cycles, each with four numbers.
        int frameSamples = lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[0246] +-?[0-9.]+ +-?[0-9.]+ +-?[0-9.]+$"));
        Assert.That(frameSamples, Is.EqualTo(7));
        Assert.That(lines.Count(l => l.StartsWith("managed bytes allocated per frame: ", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(lines.Count(l => l.StartsWith("managed bytes allocated per cycle: ", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^verdict: rss (flat|growing): [+-]?[0-9.]+ KiB per (frame|cycle) ")), Is.EqualTo(2));
    }

    [TestCase("0", "0", "give --frames N and/or --create-dispose N")]
    [TestCase("-1", "0", "must be >= 0; got -1")]
    public void Soak_BadCounts_AreRefusedNamingTheOption(string frames, string cycles, string message)
    {
        int rc = Program.Main(new[] { "soak", "--model", _model, "--backend", "Cpu", "--frames", frames, "--create-dispose", cycles });
        Assert.That(rc, Is.Not.EqualTo(0));
        Assert.That(_stderr.ToString(), Does.Contain(message));
    }

    [TestCase("480x270", 480, 270)]
    [TestCase("7X3", 7, 3)]
    public void ParseSize_ReadsWidthAndHeight(string text, int w, int h) =>
        Assert.That(SoakCommand.ParseSize(text), Is.EqualTo(new FrameSize(w, h)));

    [TestCase("480")]
    [TestCase("0x5")]
    [TestCase("-3x5")]
    [TestCase("9000x10")]
    public void ParseSize_Refuses(string text)
    {
        var ex = Assert.Throws<DemoException>(() => SoakCommand.ParseSize(text));
        Assert.That(ex!.Message, Does.Contain("--size").And.Contain(text));
    }

    [Test]
    public void SecondHalfSlope_FitsTheSecondHalfOnly()
    {
        long[] x = { 0, 10, 20, 30, 40, 50 };
        long[] y = { 0, 900, 1000, 1030, 1060, 1090 }; // warm-up jump, then 3 per step
        Assert.That(SoakCommand.SecondHalfSlope(x, y), Is.EqualTo(3.0).Within(1e-9));
    }
}
