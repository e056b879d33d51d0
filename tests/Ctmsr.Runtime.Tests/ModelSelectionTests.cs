using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary>"The model with the smallest integer scale >= ratio runs": the rule, the embedded models, and the demo's use of it.</summary>
[NonParallelizable] // One test changes the working directory.
public class ModelSelectionTests
{
    [TestCase(new[] { 2 }, 1.3, 2)]
    [TestCase(new[] { 2 }, 2.0, 2)]
    [TestCase(new[] { 2 }, 2.5, 2)]   // nothing reaches 2.5: the largest, resampled up
    [TestCase(new[] { 2 }, 3.0, 2)]
    [TestCase(new[] { 2 }, 4.0, 2)]
    [TestCase(new[] { 2, 3 }, 1.3, 2)]
    [TestCase(new[] { 2, 3 }, 2.0, 2)]
    [TestCase(new[] { 2, 3 }, 2.5, 3)]
    [TestCase(new[] { 2, 3 }, 3.0, 3)]
    [TestCase(new[] { 2, 3 }, 4.0, 3)]
    [TestCase(new[] { 2, 3, 4 }, 1.3, 2)]
    [TestCase(new[] { 2, 3, 4 }, 2.0, 2)]
    [TestCase(new[] { 2, 3, 4 }, 2.5, 3)]
    [TestCase(new[] { 2, 3, 4 }, 3.0, 3)]
    [TestCase(new[] { 2, 3, 4 }, 4.0, 4)]
    [TestCase(new[] { 4, 2, 3 }, 2.5, 3)]  // order of the list does not matter
    [TestCase(new[] { 3 }, 1.3, 3)]
    public void SelectScale_PicksTheSmallestScaleAtLeastTheRatio_ElseTheLargest(int[] scales, double ratio, int expected)
    {
        Assert.That(CtmsrModel.SelectScale(scales, ratio), Is.EqualTo(expected));
    }

    [TestCase(640, 360, 320, 180, 2)]   // exactly 2
    [TestCase(641, 361, 320, 180, 2)]   // 2, with the render size rounded down (641 / 2 = 320.5)
    [TestCase(640, 360, 319, 180, 3)]   // a little over 2 on one axis
    [TestCase(640, 360, 492, 276, 2)]   // UltraQuality
    [TestCase(640, 360, 213, 120, 3)]   // UltraPerformance
    [TestCase(640, 360, 100, 60, 4)]    // 6.4: the largest
    public void SelectScale_ForSizes_AllowsTheRoundingOfTheRenderSize(int dw, int dh, int rw, int rh, int expected)
    {
        Assert.That(CtmsrModel.SelectScale(new[] { 2, 3, 4 }, new FrameSize(rw, rh), new FrameSize(dw, dh)), Is.EqualTo(expected));
    }

    [Test]
    public void SelectScale_BadArguments_ThrowNamingTheProblem()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => CtmsrModel.SelectScale(Array.Empty<int>(), 2.0))!.Message, Does.Contain("no model scales"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => CtmsrModel.SelectScale(new[] { 2 }, 0.5))!.Message, Does.Contain(">= 1"));
        Assert.That(Assert.Throws<ArgumentException>(() => CtmsrModel.SelectScale(new[] { 0, 2 }, 2.0))!.Message, Does.Contain("got 0"));
    }

    [Test]
    public void EmbeddedScales_AreTheShippedModelFiles()
    {
        // The build embeds each models/ctmsr-x{2,3,4}.onnx it finds; this checkout's models folder is that build's input.
        string models = Path.Combine(RepoRoot(), "models");
        var expected = new[] { 2, 3, 4 }.Where(s => File.Exists(Path.Combine(models, $"ctmsr-x{s}.onnx"))).ToArray();

        Assert.That(CtmsrModel.EmbeddedScales, Is.EqualTo(expected));
        Assert.That(CtmsrModel.HasEmbeddedDefault, Is.EqualTo(expected.Length > 0));
        foreach (int s in expected) Assert.That(CtmsrModel.LoadEmbedded(s).Scale, Is.EqualTo(s));
        var missing = new[] { 2, 3, 4 }.Except(expected).ToArray();
        foreach (int s in missing)
            Assert.That(Assert.Throws<CtmsrModelException>(() => CtmsrModel.LoadEmbedded(s))!.Message, Does.Contain($"does not embed models/ctmsr-x{s}.onnx"));
    }

    [TestCase(1.3)]
    [TestCase(2.0)]
    [TestCase(3.0)]
    public void LoadDefault_ForARatio_LoadsTheSelectedEmbeddedModel(double ratio)
    {
        if (!CtmsrModel.HasEmbeddedDefault) Assert.Ignore("this build embeds no model");
        CtmsrModel model = CtmsrModel.LoadDefault(ratio);

        Assert.That(model.Scale, Is.EqualTo(CtmsrModel.SelectScale(CtmsrModel.EmbeddedScales, ratio)));
        Assert.That(model.Source, Does.Contain($"ctmsr-x{model.Scale}.onnx"));
    }

    [TestCase(QualityMode.Quality, 1.5)]
    [TestCase(QualityMode.UltraPerformance, 3.0)]
    public void Create_WithoutModel_NamesTheChoiceInTheLogLine(QualityMode mode, double ratio)
    {
        if (!CtmsrModel.HasEmbeddedDefault) Assert.Ignore("this build embeds no model");
        string? line = null;
        var d = UpscalerContextDescription.ForQuality(48, 30, mode);
        d.Backend = UpscalerBackend.Cpu;
        d.ThreadCount = 1;
        d.Log = l => line = l;

        using var context = UpscalerContext.Create(d);

        int expected = CtmsrModel.SelectScale(CtmsrModel.EmbeddedScales, ratio);
        Assert.That(context.Model.Scale, Is.EqualTo(expected));
        Assert.That(line, Does.Contain($"ctmsr-x{expected}.onnx").And.Contain($"chosen for ratio {ratio:0.###}"));
        Assert.That(line, Does.Contain(expected >= ratio ? "the smallest scale >= the ratio" : "none reaches the ratio, so the largest, resampled up"));
    }

    [Test]
    public void Create_WithAnX3Model_AtRatio3_RunsItExactly_OnBothBackends()
    {
        // An x3 model passed explicitly at exactly 3x: no resample, so the frame is the model's output quantised.
        CtmsrModel model = CtmsrModel.Load(CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = 3, Channels = 8, Convs = 3, Seed = 3 }), "random-x3");
        const int w = 17, h = 11;
        byte[] frame = HostReference.RandomFrame(w, h, 4 * w, seed: 33);
        float[] sr = HostReference.RunModel(model.Bytes, HostReference.ToPlanar(frame, w, h), w, h, 3);
        int sw = 3 * w, sh = 3 * h;

        foreach (UpscalerBackend backend in new[] { UpscalerBackend.Cpu, UpscalerBackend.Vulkan })
        {
            var output = new byte[4 * sw * sh];
            using (var context = UpscalerContext.Create(new UpscalerContextDescription
            {
                Model = model, RenderWidth = w, RenderHeight = h, DisplayWidth = sw, DisplayHeight = sh,
                Backend = backend, ThreadCount = 1, VulkanPrecision = VulkanPrecision.Fp32,
            }))
            {
                Assert.That(context.Model.Scale, Is.EqualTo(3));
                context.Dispatch(frame, 4 * w, output, 4 * sw);
            }
            int worst = 0, exact = 0;
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < sw * sh; i++)
                {
                    int d = Math.Abs(HostReference.Quantize(sr[c * sw * sh + i]) - output[4 * i + c]);
                    worst = Math.Max(worst, d);
                    if (d == 0) exact++;
                }
            Assert.That(worst, Is.LessThanOrEqualTo(1), $"{backend}: colour is the x3 model's output");
            Assert.That(exact, Is.GreaterThan(3 * sw * sh * 99 / 100), $"{backend}: at least 99% of colour bytes identical");
        }
    }

    [Test]
    public void DemoModelChoice_WithoutModel_PicksByRatioFromTheModelsFolder_AndModelWins()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ctmsr-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "models"));
        string x2 = Path.Combine(dir, "models", "ctmsr-x2.onnx"), x3 = Path.Combine(dir, "models", "ctmsr-x3.onnx");
        File.WriteAllBytes(x2, CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = 2 }));
        File.WriteAllBytes(x3, CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = 3 }));
        string previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(dir); // searched first, before the executable's folder
            ModelChoice byRatio = ModelChoice.Create(null);
            var display = new FrameSize(640, 360);

            Assert.That(byRatio.IsExplicit, Is.False);
            Assert.That(byRatio.For(new FrameSize(492, 276), display).Source, Is.EqualTo(x2), "UltraQuality 1.3");
            Assert.That(byRatio.For(new FrameSize(320, 180), display).Source, Is.EqualTo(x2), "Performance 2");
            Assert.That(byRatio.For(new FrameSize(256, 144), display).Source, Is.EqualTo(x3), "2.5");
            Assert.That(byRatio.For(new FrameSize(213, 120), display).Source, Is.EqualTo(x3), "UltraPerformance 3");
            Assert.That(byRatio.For(new FrameSize(160, 90), display).Source, Is.EqualTo(x3), "4: the largest, resampled up");
            Assert.That(byRatio.For(new FrameSize(492, 276), display), Is.SameAs(byRatio.For(new FrameSize(320, 180), display)), "loaded once");

            ModelChoice named = ModelChoice.Create(x3);
            Assert.That(named.IsExplicit, Is.True);
            Assert.That(named.For(new FrameSize(492, 276), display).Source, Is.EqualTo(x3), "--model wins at any ratio");
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs ctmsr-demo in <paramref name="workingDirectory"/> with stdout and stderr captured.</summary>
    private static (int Rc, string Output) Demo(string workingDirectory, params string[] args)
    {
        string previous = Directory.GetCurrentDirectory();
        TextWriter o = Console.Out, e = Console.Error;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        Console.SetError(captured);
        try
        {
            Directory.SetCurrentDirectory(workingDirectory);
            return (Ctmsr.Demo.Program.Main(args), captured.ToString());
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Console.SetOut(o);
            Console.SetError(e);
        }
    }

    /// <summary>A folder with models/ctmsr-x2.onnx and models/ctmsr-x3.onnx (random test models).</summary>
    private static string FolderWithX2AndX3()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ctmsr-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "models"));
        File.WriteAllBytes(Path.Combine(dir, "models", "ctmsr-x2.onnx"), CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = 2 }));
        File.WriteAllBytes(Path.Combine(dir, "models", "ctmsr-x3.onnx"), CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = 3 }));
        return dir;
    }

    [TestCase("1.5", "ctmsr-x2.onnx", "(72x42)")]
    [TestCase("3", "ctmsr-x3.onnx", "(144x84)")]
    public void DemoUpscale_WithoutModel_PicksByRatio(string ratio, string expected, string size)
    {
        string dir = FolderWithX2AndX3();
        try
        {
            string sample = Path.Combine(dir, "sample.png"), result = Path.Combine(dir, "out.png");
            Assert.That(Demo(dir, "make-sample", sample, "--width", "48", "--height", "28").Rc, Is.EqualTo(0));

            (int rc, string output) = Demo(dir, "upscale", sample, result, "--ratio", ratio, "--backend", "cpu");

            Assert.That(rc, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain(Path.Combine(dir, "models", expected)).And.Contain(size));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void DemoUpscaleAndBench_WithModel_RunThatModelAtAnyRatio()
    {
        string dir = FolderWithX2AndX3();
        try
        {
            string sample = Path.Combine(dir, "sample.png"), x3 = Path.Combine(dir, "models", "ctmsr-x3.onnx");
            Assert.That(Demo(dir, "make-sample", sample, "--width", "48", "--height", "28").Rc, Is.EqualTo(0));

            (int rc, string output) = Demo(dir, "upscale", sample, Path.Combine(dir, "out.png"), "--model", x3, "--mode", "Quality", "--backend", "cpu");
            Assert.That(rc, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain(x3 + " (x3").And.Contain("(72x42)"));

            (rc, output) = Demo(dir, "bench", "--model", x3, "--frames", "2", "--warmup", "1", "--small", "--threads", "1", "--backend", "cpu");
            Assert.That(rc, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("bench: " + x3 + " (x3"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase(null, "UltraPerformance", "model x3")]
    [TestCase(null, "Quality", "model x2")]
    [TestCase("ctmsr-x2.onnx", "UltraPerformance", "model x2")]
    public void DemoViewHeadless_RunsTheChosenModel(string? model, string mode, string expected)
    {
        string dir = FolderWithX2AndX3();
        try
        {
            var args = new List<string> { "view", "--headless", "--frames", "1", "--width", "96", "--height", "54", "--mode", mode,
                "--methods", "ctmsr-onnx,ctmsr-vulkan", "--out", Path.Combine(dir, "report") };
            if (model != null) args.AddRange(new[] { "--model", Path.Combine(dir, "models", model) });

            (int rc, string output) = Demo(dir, args.ToArray());

            Assert.That(rc, Is.EqualTo(0), output);
            string report = File.ReadAllText(Path.Combine(dir, "report", "report.md"));
            Assert.That(report, Does.Contain("| CTMSR (ONNX) |").And.Contain("| CTMSR (Vulkan) |"));
            // The latency table's "runs on" column names the model of each CTMSR method.
            Assert.That(report.Split('\n').Count(l => l.StartsWith("| CTMSR", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal)), Is.EqualTo(2), report);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Ctmsr.sln"))) return d.FullName;
        throw new InvalidOperationException("Ctmsr.sln not found above " + AppContext.BaseDirectory);
    }
}
