using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Method;

/// <summary>
/// Weight-free per-sample distances. The CTMSR paper uses LPIPS (VGG weights) plus Charbonnier; VGG weights cannot be
/// fetched here, so the perceptual part is replaced by a structural term: the L1 distance between horizontal and
/// vertical finite differences (a gradient-domain L1), which keeps edges and texture sharp without a learned net.
/// Every method returns a [B] tensor (mean over C, H, W).
/// </summary>
public static class Distances
{
    public static Tensor Charbonnier(Tensor a, Tensor b, double eps = 1e-3)
    {
        var d = a - b;
        return (d * d + eps * eps).sqrt().mean(new long[] { 1, 2, 3 });
    }

    public static Tensor GradientL1(Tensor a, Tensor b)
    {
        var d = a - b;
        long h = d.shape[2], w = d.shape[3];
        var dx = d.narrow(3, 1, w - 1) - d.narrow(3, 0, w - 1);
        var dy = d.narrow(2, 1, h - 1) - d.narrow(2, 0, h - 1);
        return dx.abs().mean(new long[] { 1, 2, 3 }) + dy.abs().mean(new long[] { 1, 2, 3 });
    }

    public static Tensor SquaredL2(Tensor a, Tensor b)
    {
        var d = a - b;
        return (d * d).mean(new long[] { 1, 2, 3 });
    }

    public static Tensor L1(Tensor a, Tensor b) => (a - b).abs().mean(new long[] { 1, 2, 3 });

    /// <summary>
    /// Charbonnier of the whole image (the pseudo-Huber distance of improved consistency training):
    /// sqrt(mean(d^2) + c^2) - c. Its gradient is proportional to d (normalised by the image's RMS error), so the tiny,
    /// noise-driven differences between neighbouring trajectory points give tiny gradients. A per-pixel Charbonnier
    /// or L1 would give every such pixel a full-size gradient of random sign, which swamps the learning signal of
    /// consistency training.
    /// </summary>
    public static Tensor ImageCharbonnier(Tensor a, Tensor b, double c = PseudoHuberC)
    {
        var d = a - b;
        return ((d * d).mean(new long[] { 1, 2, 3 }) + c * c).sqrt() - c;
    }

    /// <summary>The same distance between the horizontal and vertical finite differences (gradient domain).</summary>
    public static Tensor GradientCharbonnier(Tensor a, Tensor b, double c = PseudoHuberC)
    {
        var d = a - b;
        long h = d.shape[2], w = d.shape[3];
        var dx = d.narrow(3, 1, w - 1) - d.narrow(3, 0, w - 1);
        var dy = d.narrow(2, 1, h - 1) - d.narrow(2, 0, h - 1);
        var m = ((dx * dx).sum(new long[] { 1, 2, 3 }) + (dy * dy).sum(new long[] { 1, 2, 3 })) / (dx[0].numel() + dy[0].numel());
        return (m + c * c).sqrt() - c;
    }

    /// <summary>iCT's pseudo-Huber constant 0.00054 sqrt(d), expressed per pixel value ([-1, 1] units).</summary>
    public const double PseudoHuberC = 0.00054;

    /// <summary>
    /// The training distance of this project: image-level Charbonnier + structuralWeight * the same in the gradient
    /// domain (the structural term that stands in for LPIPS, whose VGG weights cannot be fetched here).
    /// </summary>
    public static Tensor Training(Tensor a, Tensor b, double structuralWeight) =>
        structuralWeight == 0 ? ImageCharbonnier(a, b) : ImageCharbonnier(a, b) + structuralWeight * GradientCharbonnier(a, b);

    /// <summary>
    /// Frequency-domain distance: the mean absolute difference of the amplitude spectra (orthonormal 2-D real FFT per
    /// channel) of a and b. It ignores phase, so it asks for the right amount of energy at every frequency and
    /// orientation without asking for the exact placement of detail that a one-step model cannot know: the weight-free
    /// stand-in for a perceptual distance that pushes output spectra towards the ground truth's (a regression alone
    /// loses high-frequency energy). The amplitude is sqrt(re^2 + im^2 + 1e-8), so its gradient is finite at 0.
    /// </summary>
    public static Tensor FrequencyAmplitude(Tensor a, Tensor b)
    {
        static Tensor Amplitude(Tensor x)
        {
            var f = torch.view_as_real(torch.fft.rfft2(x, norm: FFTNormType.Ortho));
            return (f.square().sum(-1) + 1e-8).sqrt();
        }
        return (Amplitude(a) - Amplitude(b)).abs().mean(new long[] { 1, 2, 3 });
    }

    /// <summary>
    /// Radially averaged log power spectrum distance per sample: the mean-free image's orthonormal 2-D power spectrum
    /// per channel, averaged over rings of normalised frequency r (<see cref="SpectrumRings"/> rings up to r = 0.5; the
    /// ring holding DC is left out), log10 with a floor of <see cref="SpectrumFloor"/>, and the mean absolute difference
    /// of the two log spectra. Phase- and orientation-free, so it asks for the ground truth's energy at every scale
    /// without asking for the exact placement of detail; the floor (about 20 x the power of 8-bit quantisation) keeps
    /// it from asking for grain on flat areas. This is the training twin of eval's spectral distance.
    /// </summary>
    public static Tensor RadialLogSpectrum(Tensor a, Tensor b)
    {
        var m = RingMatrix(a.shape[2], a.shape[3]);
        Tensor Spectrum(Tensor x)
        {
            var xc = x - x.mean(new long[] { 2, 3 }, keepdim: true);
            var f = torch.view_as_real(torch.fft.rfft2(xc, norm: FFTNormType.Ortho));
            var p = f.square().sum(-1).reshape(x.shape[0], x.shape[1], -1);
            return (torch.matmul(p, m) + SpectrumFloor).log10();
        }
        return (Spectrum(a) - Spectrum(b)).abs().mean(new long[] { 1, 2 });
    }

    public const int SpectrumRings = 16;
    public const double SpectrumFloor = 1e-4;

    private static readonly Dictionary<(long, long), Tensor> Rings = new();

    /// <summary>[H (W/2+1), rings - 1]: column k averages the rfft2 bins whose r falls in ring k + 1.</summary>
    private static Tensor RingMatrix(long h, long w)
    {
        lock (Rings)
        {
            if (Rings.TryGetValue((h, w), out var cached)) return cached;
            long wc = w / 2 + 1;
            int rings = SpectrumRings;
            var m = new float[h * wc * (rings - 1)];
            var counts = new int[rings];
            var ringOf = new int[h * wc];
            for (long ky = 0; ky < h; ky++)
                for (long kx = 0; kx < wc; kx++)
                {
                    double fy = (ky <= h / 2 ? ky : ky - h) / (double)h, fx = kx / (double)w;
                    int ring = (int)(Math.Sqrt(fx * fx + fy * fy) / 0.5 * rings);
                    ringOf[ky * wc + kx] = ring;
                    if (ring < rings) counts[ring]++;
                }
            for (long i = 0; i < h * wc; i++)
            {
                int ring = ringOf[i];
                if (ring >= 1 && ring < rings && counts[ring] > 0) m[i * (rings - 1) + ring - 1] = 1f / counts[ring];
            }
            var t = torch.tensor(m, new long[] { h * wc, rings - 1 });
            t.DetachFromDisposeScope();
            Rings[(h, w)] = t;
            return t;
        }
    }
}
