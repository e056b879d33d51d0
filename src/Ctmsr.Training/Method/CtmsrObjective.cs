using Ctmsr.Training.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Method;

/// <summary>
/// Consistency training without a teacher and Distribution Trajectory Matching, as DESIGN.md states them.
/// All images are in [-1, 1]: x0 = HR, lq = LR, y = bicubic-up(lq).
/// </summary>
public static class CtmsrObjective
{
    /// <summary>
    /// Draws n in {0..N-2} per sample (or one for the whole batch) and builds x_{t_n} and x_{t_n+1} in closed form from the ground truth with the
    /// same eps, so x_{t_n} = x_{t_n+1} - (t_n+1 - t_n)(y - x0 + sigma_max eps).
    /// </summary>
    public static ConsistencyPair DrawPair(Tensor x0, Tensor y, Tensor eps, int gridSize, Generator gen, double sigmaMax,
        bool perBatch = false)
    {
        int b = (int)x0.shape[0];
        using var nT = torch.randint(0, gridSize - 1, new long[] { b }, dtype: ScalarType.Int64, generator: gen);
        var n = nT.data<long>().ToArray();
        if (perBatch) Array.Fill(n, n[0]); // one n for the whole batch
        var tLow = new double[b];
        var tHigh = new double[b];
        for (int i = 0; i < b; i++)
        {
            tLow[i] = TrajectorySchedule.T((int)n[i], gridSize);
            tHigh[i] = TrajectorySchedule.T((int)n[i] + 1, gridSize);
        }
        using var lo = torch.tensor(tLow.Select(v => (float)v).ToArray()).reshape(b, 1, 1, 1);
        using var hi = torch.tensor(tHigh.Select(v => (float)v).ToArray()).reshape(b, 1, 1, 1);
        return new ConsistencyPair(tLow, tHigh,
            Trajectory.Point(x0, y, eps, lo, sigmaMax), Trajectory.Point(x0, y, eps, hi, sigmaMax));
    }

    /// <summary>
    /// The CT loss: distance(D(x_{t_n+1}, t_n+1), sg(D(x_{t_n}, t_n))), the target computed with the current weights in
    /// eval mode. Returns the loss (scalar) and the online output x_hat (with gradient) for the DTM branch.
    /// </summary>
    public static (Tensor Loss, Tensor Online) ConsistencyLoss(CompactSrNet net, ConsistencyPair pair, Tensor lq,
        Tensor y, ObjectiveSettings s)
    {
        Tensor target;
        bool wasTraining = net.training;
        net.eval();
        using (torch.no_grad())
            target = Denoiser.Apply(net, pair.XLow, pair.TLow, lq, y, s.SigmaMax).detach();
        if (wasTraining) net.train();
        var online = Denoiser.Apply(net, pair.XHigh, pair.THigh, lq, y, s.SigmaMax);
        var loss = Distances.Training(online, target, s.StructuralWeight).mean();
        return (loss, online);
    }

    /// <summary>
    /// The DTM loss: with t = DtmT and a fresh eps' shared by both points, real x_t = x0 + t (y - x0) + sigma t eps',
    /// fake z_t = sg(x_hat) + t (y - sg(x_hat)) + sigma t eps', g = D_phi(z_t) - D_phi(x_t) (no gradient),
    /// w = 1 / (mean|sg(x_hat) - x0| + 1e-4) per sample, L = lambda mean(w distance(x_hat, sg(x_hat - g))).
    /// </summary>
    public static (Tensor Loss, Tensor G, Tensor W) DtmLoss(CompactSrNet frozen, Tensor xHat, Tensor x0, Tensor lq,
        Tensor y, Tensor epsPrime, ObjectiveSettings s)
    {
        double t = s.DtmT;
        var xs = xHat.detach();
        Tensor g, w;
        using (torch.no_grad())
        {
            var real = x0 + t * (y - x0) + (s.SigmaMax * t) * epsPrime;
            var fake = xs + t * (y - xs) + (s.SigmaMax * t) * epsPrime;
            g = (Denoiser.Apply(frozen, fake, t, lq, y, s.SigmaMax) - Denoiser.Apply(frozen, real, t, lq, y, s.SigmaMax))
                .detach();
            w = ((xs - x0).abs().mean(new long[] { 1, 2, 3 }) + 1e-4).reciprocal();
        }
        var target = (xs - g).detach();
        var dist = s.DtmDistance == DtmDistance.L2
            ? Distances.SquaredL2(xHat, target)
            : Distances.Training(xHat, target, s.StructuralWeight);
        return (s.DtmLambda * (w * dist).mean(), g, w);
    }

    /// <summary>
    /// The ground-truth anchor at t = 1 (what the exported model computes): the one-step output D(x_T, 1) with
    /// x_T = y + sigma_max eps, pulled to x0 by AnchorWeight x per-pixel Charbonnier (the L1 baseline's distance) plus
    /// FrequencyWeight x <see cref="Distances.FrequencyAmplitude"/> plus SpectralWeight x
    /// <see cref="Distances.RadialLogSpectrum"/>. Consistency training alone ties t = 1 to x0 only
    /// through the grid's chain of the net's own outputs; the anchor ties the exported step to the data directly.
    /// Returns the loss (scalar) and the one-step output (with gradient) for the DTM branch.
    /// </summary>
    public static (Tensor Loss, Tensor OneStep) AnchorLoss(CompactSrNet net, Tensor x0, Tensor lq, Tensor y, Tensor eps,
        ObjectiveSettings s)
    {
        var output = OneStep(net, lq, y, eps, s.SigmaMax);
        var d = s.AnchorWeight * Distances.Charbonnier(output, x0);
        if (s.FrequencyWeight > 0) d = d + s.FrequencyWeight * Distances.FrequencyAmplitude(output, x0);
        if (s.SpectralWeight > 0) d = d + s.SpectralWeight * Distances.RadialLogSpectrum(output, x0);
        return (d.mean(), output);
    }

    /// <summary>The L1 baseline: the same net at t = 1 (x_T = y + sigma eps) regressed onto x0 with plain L1.</summary>
    public static (Tensor Loss, Tensor Output) L1Loss(CompactSrNet net, Tensor x0, Tensor lq, Tensor y, Tensor eps,
        ObjectiveSettings s)
    {
        var output = OneStep(net, lq, y, eps, s.SigmaMax);
        return (Distances.L1(output, x0).mean(), output);
    }

    /// <summary>What the exported model computes: D(x_T, 1, lq) with x_T = y + sigma_max eps.</summary>
    public static Tensor OneStep(CompactSrNet net, Tensor lq, Tensor y, Tensor eps, double sigmaMax) =>
        Denoiser.Apply(net, y + sigmaMax * eps, 1.0, lq, y, sigmaMax);
}
