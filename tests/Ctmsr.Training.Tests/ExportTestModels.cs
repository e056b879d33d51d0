using Ctmsr.Contract;
using Ctmsr.Training.Export;
using Ctmsr.Training.Method;
using Ctmsr.Training.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Tests;

/// <summary>Builds small perturbed networks and the TorchSharp reference output the exported graph must match.</summary>
internal static class ExportTestModels
{
    public static readonly ModelMetadata Meta =
        new("unit-test", 123, "ct+dtm", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>A seeded net whose last conv and time MLP are scaled up, so the output is far from plain bicubic.</summary>
    public static CompactSrNet PerturbedNet(NetPreset preset, int scale, long seed, bool cancelSkipNoise = true)
    {
        torch.manual_seed(seed);
        var net = new CompactSrNet(preset, scale, cancelSkipNoise);
        net.eval();
        using var noGrad = torch.no_grad();
        int last = net.Convs.Count - 1;
        foreach (var (name, p) in net.named_parameters())
        {
            if (name.StartsWith($"convs.{last}.", StringComparison.Ordinal)) p.mul_(20).add_(torch.randn_like(p) * 0.05);
            else if (name.StartsWith("time2.", StringComparison.Ordinal)) p.mul_(10).add_(torch.randn_like(p) * 1);
        }
        return net;
    }

    public static float[] RandomLr(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var lr = new float[3 * width * height];
        for (int i = 0; i < lr.Length; i++) lr[i] = (float)rng.NextDouble();
        return lr;
    }

    public static float[] Noise(int hrWidth, int hrHeight)
    {
        var n = new float[3 * hrWidth * hrHeight];
        DeterministicNoise.Fill(n, hrWidth, hrHeight);
        return n;
    }

    /// <summary>(D(y + sigma noise, 1, lq) + 1) / 2 clamped, through TorchSharp.</summary>
    public static float[] TorchReference(CompactSrNet net, double sigmaMax, float[] lr, float[] noise, int width, int height)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        int s = net.Scale;
        var lq = torch.tensor(lr, new long[] { 1, 3, height, width }) * 2 - 1;
        var y = CompactSrNet.Upsample(lq, s);
        var x = y + (float)sigmaMax * torch.tensor(noise, new long[] { 1, 3, height * s, width * s });
        var d = Denoiser.Apply(net, x, 1.0, lq, y, sigmaMax);
        return ((d + 1) / 2).clamp(0, 1).contiguous().data<float>().ToArray();
    }
}
