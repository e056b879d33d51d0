using Ctmsr.Training.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Method;

/// <summary>
/// D(x, t, lq) = c_skip(t) x + c_out(t) F(x, c_noise(t), lq), with per-sample t. D(x, 0) = x exactly. When the net
/// <see cref="CompactSrNet.CancelsSkipNoise"/>, F = net(x, c_noise, lq) - c_skip(t) (x - y) (net includes + y).
/// </summary>
public static class Denoiser
{
    /// <summary>Evaluates D for per-sample times t [B] (host values, so the constants are exact doubles).</summary>
    public static Tensor Apply(CompactSrNet net, Tensor x, double[] t, Tensor lq, Tensor y, double sigmaMax)
    {
        using var scope = torch.NewDisposeScope();
        int b = t.Length;
        if (x.shape[0] != b) throw new ArgumentException($"x has batch {x.shape[0]}; t has {b} entries");
        var skip = new float[b];
        var outc = new float[b];
        var noise = new float[b];
        for (int i = 0; i < b; i++)
        {
            var p = Preconditioning.At(t[i], sigmaMax);
            skip[i] = (float)p.CSkip;
            outc[i] = (float)p.COut;
            noise[i] = (float)p.CNoise;
        }
        var cSkip = torch.tensor(skip, device: x.device).reshape(b, 1, 1, 1);
        var cOut = torch.tensor(outc, device: x.device).reshape(b, 1, 1, 1);
        var cNoise = torch.tensor(noise, device: x.device);
        var f = net.Forward(x, cNoise, lq, y);
        if (net.CancelsSkipNoise) f = f - cSkip * (x - y);
        return (cSkip * x + cOut * f).MoveToOuterDisposeScope();
    }

    /// <summary>D at one time for the whole batch.</summary>
    public static Tensor Apply(CompactSrNet net, Tensor x, double t, Tensor lq, Tensor y, double sigmaMax) =>
        Apply(net, x, Enumerable.Repeat(t, (int)x.shape[0]).ToArray(), lq, y, sigmaMax);
}
