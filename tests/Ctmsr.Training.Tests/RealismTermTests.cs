using Ctmsr.Training.Method;
using Ctmsr.Training.Nets;
using Ctmsr.Training.Trainer;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ctmsr.Training.Tests;

/// <summary>The realism terms of the training objective: the FFT-amplitude distance, the t = 1 anchor and DTM balance.</summary>
public class RealismTermTests
{
    private static Tensor Texture(int b = 2, int size = 32, long seed = 3)
    {
        var g = new Generator((ulong)seed);
        return (torch.rand(new long[] { b, 3, size, size }, generator: g) * 2 - 1);
    }

    [Test]
    public void FrequencyAmplitude_OfIdenticalImages_IsZero()
    {
        var a = Texture();
        Assert.That(Distances.FrequencyAmplitude(a, a.clone()).max().item<float>(), Is.LessThan(1e-6f));
    }

    [Test]
    public void FrequencyAmplitude_IgnoresACircularShift_ButPixelDistanceDoesNot()
    {
        // A circular shift changes only the phase of the DFT: the amplitude distance sees the same spectrum.
        var a = Texture();
        var shifted = torch.roll(a, new long[] { 5, 3 }, new long[] { 2, 3 });
        Assert.That(Distances.FrequencyAmplitude(a, shifted).max().item<float>(), Is.LessThan(1e-4f));
        Assert.That(Distances.Charbonnier(a, shifted).min().item<float>(), Is.GreaterThan(0.1f));
    }

    [Test]
    public void FrequencyAmplitude_OfABlurredTexture_IsLargerThanOfTheSameTextureSlightlyShifted()
    {
        var a = Texture(b: 1);
        var blurred = functional.avg_pool2d(functional.pad(a, new long[] { 1, 1, 1, 1 }, PaddingModes.Circular), 3, 1);
        var shifted = torch.roll(a, new long[] { 1 }, new long[] { 3 });
        float blurD = Distances.FrequencyAmplitude(blurred, a).item<float>();
        float shiftD = Distances.FrequencyAmplitude(shifted, a).item<float>();
        Assert.That(blurD, Is.GreaterThan(0.1f));
        Assert.That(shiftD, Is.LessThan(blurD / 100));
    }

    [Test]
    public void FrequencyAmplitude_HasFiniteGradientAtAFlatImage()
    {
        // A constant image: every bin but DC has amplitude 0, where |z| has no derivative; the floor keeps it finite,
        // and DC still gets a gradient.
        var flat = torch.full(new long[] { 1, 3, 16, 16 }, 0.3f).requires_grad_(true);
        var target = Texture(b: 1, size: 16);
        Distances.FrequencyAmplitude(flat, target).sum().backward();
        var grad = flat.grad!;
        Assert.That(grad.isfinite().all().item<bool>(), Is.True);
        Assert.That(grad.abs().max().item<float>(), Is.GreaterThan(0f));
    }

    [Test]
    public void RadialLogSpectrum_IsZeroForIdenticalOrCircularlyShiftedImages_AndGrowsWithBlur()
    {
        var a = Texture(b: 2, size: 32);
        Assert.That(Distances.RadialLogSpectrum(a, a.clone()).max().item<float>(), Is.LessThan(1e-6f));
        var shifted = torch.roll(a, new long[] { 7, 2 }, new long[] { 2, 3 });
        Assert.That(Distances.RadialLogSpectrum(shifted, a).max().item<float>(), Is.LessThan(1e-4f));
        var blurred = functional.avg_pool2d(functional.pad(a, new long[] { 1, 1, 1, 1 }, PaddingModes.Circular), 3, 1);
        var blurred2 = functional.avg_pool2d(functional.pad(blurred, new long[] { 1, 1, 1, 1 }, PaddingModes.Circular), 3, 1);
        float d1 = Distances.RadialLogSpectrum(blurred, a).min().item<float>();
        float d2 = Distances.RadialLogSpectrum(blurred2, a).min().item<float>();
        Assert.That(d1, Is.GreaterThan(0.2f));
        Assert.That(d2, Is.GreaterThan(d1), "more blur, less high-frequency power");
    }

    [Test]
    public void RadialLogSpectrum_IgnoresGrainBelowItsFloor_OnAFlatImage()
    {
        // A flat sky and the same sky with quantisation-sized grain: the floor keeps the distance near zero, so the term
        // does not ask the model to paint grain onto flat areas. Grain 10 x louder is seen.
        var flat = torch.full(new long[] { 1, 3, 32, 32 }, 0.2f);
        var g = new Generator(5);
        var grain = torch.randn(new long[] { 1, 3, 32, 32 }, generator: g) * (1.0 / 255);
        float quiet = Distances.RadialLogSpectrum(flat + grain, flat).item<float>();
        float loud = Distances.RadialLogSpectrum(flat + 10 * grain, flat).item<float>();
        Assert.That(quiet, Is.LessThan(0.1f));
        Assert.That(loud, Is.GreaterThan(5 * quiet));
    }

    [Test]
    public void AnchorLoss_IsWeightedCharbonnierOfTheOneStepOutput_PlusTheFrequencyTerm()
    {
        using var net = new CompactSrNet(NetPreset.Tiny, 2);
        var x0 = Texture(b: 2, size: 32);
        var lq = functional.avg_pool2d(x0, 2);
        var y = CompactSrNet.Upsample(lq, 2);
        var eps = torch.randn(x0.shape, generator: new Generator(9));
        var plain = new ObjectiveSettings(AnchorWeight: 2.0);
        var (loss, oneStep) = CtmsrObjective.AnchorLoss(net, x0, lq, y, eps, plain);
        var expectedOut = Denoiser.Apply(net, y + eps, 1.0, lq, y, 1.0);
        Assert.That((oneStep - expectedOut).abs().max().item<float>(), Is.LessThan(1e-6f));
        double expected = 2.0 * Distances.Charbonnier(expectedOut, x0).mean().item<float>();
        Assert.That(loss.item<float>(), Is.EqualTo(expected).Within(1e-5));

        var withFreq = plain with { FrequencyWeight = 0.5 };
        var (loss2, _) = CtmsrObjective.AnchorLoss(net, x0, lq, y, eps, withFreq);
        double freq = Distances.FrequencyAmplitude(expectedOut, x0).mean().item<float>();
        Assert.That(loss2.item<float>(), Is.EqualTo(expected + 0.5 * freq).Within(1e-5));
    }

    private static TrainOptions Small() => new()
    {
        Preset = "tiny", Iterations = 4, DtmIterations = 2, BatchSize = 2, PatchSize = 32, WarmupIterations = 0,
        CheckpointEvery = 100, DtmRefreshInterval = 100, LearningRate = 1e-3, AnchorWeight = 1, FrequencyWeight = 0.5,
        DtmSource = "one-step", GradNormEvery = 1,
    };

    [Test]
    public void Step_MeasuresGradientNormsOfEveryTerm_AndLogsTheAnchor()
    {
        var o = Small();
        using var trainer = new CtmsrTrainer(o, new SyntheticBatchSource(o.PatchSize, o.Scale, seed: 4));
        var ct = trainer.Step();
        Assert.That(ct.Phase, Is.EqualTo("ct"));
        Assert.That(ct.AnchorLoss, Is.GreaterThan(0));
        Assert.That(ct.Norms.Ct, Is.GreaterThan(0));
        Assert.That(ct.Norms.Anchor, Is.GreaterThan(0));
        Assert.That(double.IsNaN(ct.Norms.Dtm), Is.True, "no DTM term in the CT stage");
        Assert.That(ct.Loss, Is.EqualTo(ct.CtLoss + ct.AnchorLoss).Within(1e-5));
        trainer.Step();
        var dtm = trainer.Step();
        Assert.That(dtm.Phase, Is.EqualTo("dtm"));
        Assert.That(dtm.Norms.Dtm, Is.GreaterThan(0));
    }

    [Test]
    public void DtmBalance_ScalesTheDtmTermToTheRequestedGradientRatio()
    {
        // Measure the raw ratio at the first DTM step, then check the balanced run weights DTM by r * |g_ct| / |g_dtm|.
        var o = Small() with { DtmBalance = 0.5, GradNormEvery = 0 };
        using var trainer = new CtmsrTrainer(o, new SyntheticBatchSource(o.PatchSize, o.Scale, seed: 4));
        trainer.Step();
        trainer.Step();
        Assert.That(double.IsNaN(trainer.DtmScale), Is.True, "measured only once DTM starts");
        var r = trainer.Step();
        Assert.That(r.Norms.Measured, Is.True, "the first DTM step measures even with --grad-norm-every 0");
        double expectedScale = 0.5 * r.Norms.Ct / r.Norms.Dtm;
        Assert.That(r.DtmScale, Is.EqualTo(expectedScale).Within(1e-9 * expectedScale));
        Assert.That(r.DtmScale, Is.GreaterThan(1), "raw DTM gradients are far below CT's on a fresh net");
        // The logged DTM loss is the balanced one: lambda * scale * raw.
        Assert.That(r.Loss, Is.EqualTo(r.CtLoss + r.AnchorLoss + r.DtmLoss).Within(1e-4 * r.Loss));
    }

    [Test]
    public void BadRealismOptions_NameTheOption()
    {
        Assert.That(() => new TrainOptions { AnchorWeight = -1 }.Validate(), Throws.ArgumentException.With.Message.Contains("--anchor-weight"));
        Assert.That(() => new TrainOptions { FrequencyWeight = double.NaN }.Validate(), Throws.ArgumentException.With.Message.Contains("--freq-weight"));
        Assert.That(() => new TrainOptions { DtmSource = "x" }.Validate(), Throws.ArgumentException.With.Message.Contains("--dtm-source").And.Message.Contains("got 'x'"));
        Assert.That(() => new TrainOptions { DtmBalance = -0.1 }.Validate(), Throws.ArgumentException.With.Message.Contains("--dtm-balance"));
    }

    [TestCase(0.0, 0.0, 0.0, 0, "ctmsr-ct")]
    [TestCase(0.0, 0.0, 0.0, 1000, "ctmsr-ct+dtm")]
    [TestCase(4.0, 2.0, 0.0, 0, "ctmsr-ct+anchor+fft")]
    [TestCase(4.0, 0.0, 0.2, 1000, "ctmsr-ct+anchor+spectral+dtm")]
    public void ModelMetadataObjective_NamesTheTermsTheRunHad(double anchor, double freq, double spectral, int dtm, string expected)
    {
        var info = new CheckpointInfo
        {
            Options = new TrainOptions
            {
                AnchorWeight = anchor, FrequencyWeight = freq, SpectralWeight = spectral, DtmIterations = dtm,
            },
        };
        Assert.That(info.Objective, Is.EqualTo(expected));
        Assert.That(new CheckpointInfo { Options = new TrainOptions { Objective = Objective.L1 } }.Objective, Is.EqualTo("l1"));
    }

    [Test]
    public void OldOptionsJson_WithoutTheRealismFields_ReadsAsOff()
    {
        var json = new TrainOptions().ToJson();
        var doc = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var k in new[] { "AnchorWeight", "FrequencyWeight", "DtmSource", "DtmBalance", "GradNormEvery" }) doc.Remove(k);
        var o = TrainOptions.FromJson(doc.ToJsonString());
        Assert.That(o.AnchorWeight, Is.EqualTo(0));
        Assert.That(o.FrequencyWeight, Is.EqualTo(0));
        Assert.That(o.DtmSource, Is.EqualTo("ct"));
        Assert.That(o.DtmBalance, Is.EqualTo(0));
    }
}

public class BicubicGapTests
{
    [Test]
    public void Compute_FindsTheWorstImageAndCountsThoseBelowTheMargin()
    {
        var k = Eval.LowResKind.Area;
        var results = new List<Eval.EvalImageResult>
        {
            new("a.png", k, "bicubic", 30, 0.9, 0.2, 0.1, 1.0),
            new("b.png", k, "bicubic", 50, 0.9, 0.2, 0.1, 1.0),
            new("c.png", k, "bicubic", double.PositiveInfinity, 1, 1, 0, 0),
            new("a.png", k, "m", 31.5, 0.9, 0.2, 0.1, 1.0),
            new("b.png", k, "m", 49.2, 0.9, 0.2, 0.1, 1.0),
            new("c.png", k, "m", 99.9, 1, 1, 0, 0),
        };
        var rows = Eval.BicubicGap.Compute(results);
        Assert.That(rows, Has.Count.EqualTo(1));
        var r = rows[0];
        Assert.That(r.Method, Is.EqualTo("m"));
        Assert.That(r.Images, Is.EqualTo(3));
        Assert.That(r.WorstImage, Is.EqualTo("b.png"));
        Assert.That(r.WorstGain, Is.EqualTo(-0.8).Within(1e-9));
        Assert.That(r.BelowMargin, Is.EqualTo(1));
        Assert.That(r.MeanGain, Is.EqualTo((1.5 - 0.8 - 0.1) / 3).Within(1e-9), "infinite PSNR is capped at 100 dB as in the means");
        Assert.That(Eval.BicubicGap.Csv(rows), Does.StartWith("lr,method,images,mean_gain_db,worst_gain_db,worst_image,images_below_margin\narea,m,3,"));
    }
}
