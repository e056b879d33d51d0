using Ctmsr.Training.Method;
using Ctmsr.Training.Nets;
using Ctmsr.Training.Trainer;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Tests;

public class MethodTests
{
    /// <summary>Bit-exact equality of shape and values.</summary>
    private static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Test]
    public void Preconditioning_AtZero_IsIdentity()
    {
        var p = Preconditioning.At(0, 1.0);
        Assert.That(p.CSkip, Is.EqualTo(1.0));
        Assert.That(p.COut, Is.EqualTo(0.0));
        Assert.That(p.CNoise, Is.EqualTo(Math.Log(0.002) / 4).Within(1e-15));
    }

    // Hand computation: sigma = t, r = sigma / 0.1; c_skip = 0.25 / (r^2 + 0.25); c_out = r / sqrt(r^2 + 0.25).
    [TestCase(1.0 / 3.0, 0.022004889975550126, 0.9889363528682975, -0.27315755424764054)]
    [TestCase(1.0, 0.0024937655860349127, 0.9987523388778445, 0.0004995006656682645)]
    public void Preconditioning_MatchesHandComputedValues(double t, double skip, double outc, double noise)
    {
        var p = Preconditioning.At(t, 1.0);
        Assert.That(p.CSkip, Is.EqualTo(skip).Within(1e-12));
        Assert.That(p.COut, Is.EqualTo(outc).Within(1e-12));
        Assert.That(p.CNoise, Is.EqualTo(noise).Within(1e-12));
    }

    [Test]
    public void Schedule_UsesFiveThenFourPoints()
    {
        var s = new TrajectorySchedule(1000);
        Assert.That(s.GridSize(0), Is.EqualTo(5));
        Assert.That(s.GridSize(499), Is.EqualTo(5));
        Assert.That(s.GridSize(500), Is.EqualTo(4));
        Assert.That(TrajectorySchedule.T(1, 4), Is.EqualTo(1.0 / 3.0));
    }

    [Test]
    public void Schedule_SwitchFraction_MovesTheGridChange()
    {
        var continuation = new TrajectorySchedule(1000, switchFraction: 0);
        Assert.That(continuation.GridSize(0), Is.EqualTo(4));
        var quarter = new TrajectorySchedule(1000, switchFraction: 0.25);
        Assert.That(quarter.GridSize(249), Is.EqualTo(5));
        Assert.That(quarter.GridSize(250), Is.EqualTo(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrajectorySchedule(1000, switchFraction: 1.5));
    }

    private static (Tensor X0, Tensor Lq, Tensor Y, Tensor Eps) Images(int b = 2, int p = 16, int s = 2, long seed = 1)
    {
        var gen = new Generator((ulong)seed);
        var x0 = torch.rand(new long[] { b, 3, p, p }, generator: gen) * 2 - 1;
        var lq = nn.functional.avg_pool2d(x0, s);
        var y = CompactSrNet.Upsample(lq, s);
        var eps = torch.randn(new long[] { b, 3, p, p }, generator: gen);
        return (x0, lq, y, eps);
    }

    [Test]
    public void TrajectoryEndpoints_AreHrAndNoisyBicubic()
    {
        var (x0, _, y, eps) = Images();
        Assert.That(Same(Trajectory.Point(x0, y, eps, 0.0, 0.7), x0), Is.True);
        var end = Trajectory.Point(x0, y, eps, 1.0, 0.7);
        Assert.That((end - (y + 0.7 * eps)).abs().max().item<float>(), Is.LessThan(1e-6f));
    }

    [Test]
    public void ConsistencyPair_SatisfiesTheClosedFormIdentity()
    {
        var (x0, _, y, eps) = Images(b: 8);
        var pair = CtmsrObjective.DrawPair(x0, y, eps, 5, new Generator(3), 1.0);
        for (int i = 0; i < 8; i++)
        {
            double dt = pair.THigh[i] - pair.TLow[i];
            Assert.That(dt, Is.EqualTo(0.25).Within(1e-12));
            var expected = pair.XHigh[i] - dt * (y[i] - x0[i] + 1.0 * eps[i]);
            Assert.That((pair.XLow[i] - expected).abs().max().item<float>(), Is.LessThan(1e-5f));
        }
    }

    [Test]
    public void Denoiser_AtTimeZero_ReturnsInputExactly()
    {
        using var net = new CompactSrNet(NetPreset.Tiny, 2);
        var (x0, lq, y, _) = Images();
        using var _ = torch.no_grad();
        var d = Denoiser.Apply(net, x0, 0.0, lq, y, 1.0);
        Assert.That(Same(d, x0), Is.True);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void SkipNoise_AtTimeOne_CancelLeavesNoNoiseInTheSkip(bool cancel)
    {
        // A fresh net ignores x_t (its x_t weights start at zero), so D depends on eps only through the skip.
        torch.manual_seed(5);
        using var net = new CompactSrNet(NetPreset.Tiny, 2, cancel);
        net.eval();
        using var _ = torch.no_grad();
        var lq = torch.rand(1, 3, 8, 6) * 2 - 1;
        var y = CompactSrNet.Upsample(lq, 2);
        var eps = torch.randn(1, 3, 16, 12);
        var p = Preconditioning.At(1.0, 1.0);
        var noisy = Denoiser.Apply(net, y + eps, 1.0, lq, y, 1.0);
        var clean = Denoiser.Apply(net, y, 1.0, lq, y, 1.0);
        double skip = cancel ? p.CSkip * (1 - p.COut) : p.CSkip;
        Assert.That(((noisy - clean) - skip * eps).abs().max().item<float>(), Is.LessThan(1e-6f));
        if (cancel) Assert.That(skip, Is.LessThan(1e-5), "the skip passes about 3e-6 of eps");
        else Assert.That(skip, Is.EqualTo(0.25 / 100.25).Within(1e-12));

        // The signal is unchanged: with the same weights, D(y) is the same either way (the coefficient of y is
        // c_skip + c_out in both).
        using var other = new CompactSrNet(NetPreset.Tiny, 2, !cancel);
        other.load_state_dict(net.state_dict());
        other.eval();
        Assert.That((Denoiser.Apply(other, y, 1.0, lq, y, 1.0) - clean).abs().max().item<float>(), Is.LessThan(1e-6f));
    }

    [Test]
    public void DtmGradient_WithL2Distance_IsProportionalToWeightTimesG()
    {
        using var frozen = new CompactSrNet(NetPreset.Tiny, 2);
        using (torch.no_grad())
            foreach (var p in frozen.parameters()) p.add_(torch.randn_like(p) * 0.05);
        var (x0, lq, y, eps) = Images(b: 3);
        var xHat = (x0 + 0.1 * torch.randn_like(x0)).detach().requires_grad_(true);
        var s = new ObjectiveSettings(DtmDistance: DtmDistance.L2);
        var (loss, g, w) = CtmsrObjective.DtmLoss(frozen, xHat, x0, lq, y, eps, s);
        loss.backward();
        var grad = xHat.grad!;
        // d/dx of lambda * mean_b(w_b * mean((x - sg(x - g))^2)) = lambda * w_b * 2 g / (B * CHW).
        double k = s.DtmLambda * 2.0 / (3 * x0[0].numel());
        var expected = k * w.reshape(3, 1, 1, 1) * g;
        Assert.That(g.abs().max().item<float>(), Is.GreaterThan(1e-4f), "g should not vanish for a perturbed frozen net");
        Assert.That((grad - expected).abs().max().item<float>(),
            Is.LessThan(1e-4 * expected.abs().max().item<float>() + 1e-9));
    }

    [Test]
    public void BadOptions_NameTheOption()
    {
        Assert.That(() => new TrainOptions { Scale = 5 }.Validate(), Throws.ArgumentException.With.Message.Contains("--scale"));
        Assert.That(() => new TrainOptions { PatchSize = 33 }.Validate(), Throws.ArgumentException.With.Message.Contains("--patch-size"));
        Assert.That(() => new TrainOptions { Preset = "huge" }.Validate(), Throws.ArgumentException.With.Message.Contains("--preset 'huge'"));
        Assert.That(() => new TrainOptions { Iterations = 10, DtmIterations = 10 }.Validate(),
            Throws.ArgumentException.With.Message.Contains("--dtm-iterations"));
        Assert.That(() => new TrainOptions { EmaDecay = 1.0 }.Validate(), Throws.ArgumentException.With.Message.Contains("--ema"));
        Assert.That(() => new TrainOptions { SkipNoise = "drop" }.Validate(), Throws.ArgumentException.With.Message.Contains("--skip-noise"));
    }

    [Test]
    public void MacPerPixel_DefaultPreset_StaysUnderBudget()
    {
        Assert.That(NetPreset.Default.MacPerPixel(2), Is.LessThanOrEqualTo(12000));
        // 9 * (15*32 + 4*32*32 + 32*12) / 4
        Assert.That(NetPreset.Default.MacPerPixel(2), Is.EqualTo(9.0 * (15 * 32 + 4 * 32 * 32 + 32 * 12) / 4));
        Assert.That(NetPreset.Tiny.MacPerPixel(2), Is.LessThan(NetPreset.Default.MacPerPixel(2)));
        Assert.That(NetPreset.Large.MacPerPixel(2), Is.GreaterThan(NetPreset.Default.MacPerPixel(2)));
    }

    [Test]
    public void SpaceDepth_RoundTrips_AndUsesOnnxChannelOrder()
    {
        var x = torch.arange(2 * 3 * 4 * 6, dtype: ScalarType.Float32).reshape(2, 3, 4, 6);
        var d = SpaceDepth.SpaceToDepth(x, 2);
        Assert.That(d.shape, Is.EqualTo(new long[] { 2, 12, 2, 3 }));
        // ONNX SpaceToDepth: out[(dy*2+dx)*C + c, h, w] = in[c, 2h+dy, 2w+dx]; check c=1, dy=1, dx=0, h=1, w=2.
        Assert.That(d[0, (1 * 2 + 0) * 3 + 1, 1, 2].item<float>(), Is.EqualTo(x[0, 1, 3, 4].item<float>()));
        Assert.That(Same(SpaceDepth.DepthToSpace(d, 2), x), Is.True);
    }
}
