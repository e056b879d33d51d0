using NUnit.Framework;

namespace Ctmsr.GpuBench.Tests;

public class GpuBenchOptionsTests
{
    [Test]
    public void Parse_NoArguments_GivesTheIssuesMatrix()
    {
        GpuBenchOptions o = GpuBenchOptions.Parse(Array.Empty<string>());

        Assert.Multiple(() =>
        {
            Assert.That(o.Cases, Is.EqualTo(new[] { "960x540", "1920x1080" }));
            Assert.That(o.Fp32 && o.Fp16 && o.Easu, Is.True);
            Assert.That(o.Models, Is.Empty);
            Assert.That(o.Out, Is.EqualTo("ctmsr-gpubench.json"));
        });
    }

    [Test]
    public void Parse_Quick_IsATinySmokeRunUnlessToldOtherwise()
    {
        GpuBenchOptions quick = GpuBenchOptions.Parse(new[] { "--quick" });
        GpuBenchOptions framed = GpuBenchOptions.Parse(new[] { "--quick", "--frames", "5", "--case", "64x36" });

        Assert.Multiple(() =>
        {
            Assert.That(quick.Cases, Is.EqualTo(new[] { "128x72" }));
            Assert.That((quick.Frames, quick.Warmup, quick.CalibrationRepetitions), Is.EqualTo((2, 1, 3)));
            Assert.That(framed.Frames, Is.EqualTo(5));
            Assert.That(framed.Cases, Is.EqualTo(new[] { "64x36" }));
        });
    }

    [TestCase("--precision", "fp8", "--precision is fp32, fp16 or both; got 'fp8'")]
    [TestCase("--frames", "0", "--frames must be an integer 1..100000; got '0'")]
    [TestCase("--bogus", null, "unknown option '--bogus'")]
    [TestCase("--device", null, "--device needs a value")]
    public void Parse_BadArgument_NamesIt(string option, string? value, string expected)
    {
        string[] args = value == null ? new[] { option } : new[] { option, value };

        var ex = Assert.Throws<ArgumentException>(() => GpuBenchOptions.Parse(args));

        Assert.That(ex!.Message, Does.Contain(expected));
    }

    [Test]
    public void Main_Help_PrintsUsageAndSucceeds()
    {
        TextWriter o = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            Assert.That(Program.Main(new[] { "--help" }), Is.EqualTo(Program.Ok));
        }
        finally
        {
            Console.SetOut(o);
        }
        Assert.That(captured.ToString(), Does.Contain("usage: ctmsr-gpubench").And.Contain("--quick"));
    }
}
