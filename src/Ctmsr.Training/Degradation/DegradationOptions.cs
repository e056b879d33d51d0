namespace Ctmsr.Training.Degradation;

/// <summary>
/// How an HR patch becomes its LR input. Order: optional Gaussian blur, downscale by <see cref="Scale"/> with a kernel
/// drawn by the probabilities below, optional Gaussian noise, 8-bit quantisation, optional JPEG round trip, and
/// 8-bit quantisation again (always: the runtime only ever sees 8-bit frames). Blur, noise and JPEG are off by
/// default: a rendered frame has none of them.
/// </summary>
public sealed record DegradationOptions
{
    public int Scale { get; init; } = 2;

    /// <summary>Relative weights of the kernels (need not sum to 1; at least one must be positive).</summary>
    public double AreaProbability { get; init; } = 0.4;
    public double BilinearProbability { get; init; } = 0.2;
    public double AntialiasedBicubicProbability { get; init; } = 0.3;
    public double NearestProbability { get; init; } = 0.1;

    /// <summary>Chance of a Gaussian blur before downscaling, with sigma (HR pixels) uniform in [min, max].</summary>
    public double BlurProbability { get; init; }
    public double BlurSigmaMin { get; init; } = 0.2;
    public double BlurSigmaMax { get; init; } = 0.8;

    /// <summary>Chance of additive Gaussian noise on the LR, sigma in 8-bit units uniform in [min, max].</summary>
    public double NoiseProbability { get; init; }
    public double NoiseSigmaMin { get; init; } = 1;
    public double NoiseSigmaMax { get; init; } = 4;

    /// <summary>Chance of a JPEG round trip of the LR, quality uniform in [min, max].</summary>
    public double JpegProbability { get; init; }
    public int JpegQualityMin { get; init; } = 75;
    public int JpegQualityMax { get; init; } = 95;

    public static DegradationOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option and its value.</summary>
    public void Validate()
    {
        if (Scale < 2 || Scale > 4) throw new ArgumentException($"Scale must be 2, 3 or 4; got {Scale}");
        CheckWeight(AreaProbability, nameof(AreaProbability));
        CheckWeight(BilinearProbability, nameof(BilinearProbability));
        CheckWeight(AntialiasedBicubicProbability, nameof(AntialiasedBicubicProbability));
        CheckWeight(NearestProbability, nameof(NearestProbability));
        if (KernelWeightSum <= 0)
            throw new ArgumentException(
                $"the kernel probabilities ({nameof(AreaProbability)}, {nameof(BilinearProbability)}, {nameof(AntialiasedBicubicProbability)}, {nameof(NearestProbability)}) are all zero; at least one must be positive");
        CheckProbability(BlurProbability, nameof(BlurProbability));
        CheckRange(BlurSigmaMin, BlurSigmaMax, 0.05, 5, nameof(BlurSigmaMin), nameof(BlurSigmaMax));
        CheckProbability(NoiseProbability, nameof(NoiseProbability));
        CheckRange(NoiseSigmaMin, NoiseSigmaMax, 0, 50, nameof(NoiseSigmaMin), nameof(NoiseSigmaMax));
        CheckProbability(JpegProbability, nameof(JpegProbability));
        CheckRange(JpegQualityMin, JpegQualityMax, 1, 100, nameof(JpegQualityMin), nameof(JpegQualityMax));
    }

    internal double KernelWeightSum => AreaProbability + BilinearProbability + AntialiasedBicubicProbability + NearestProbability;

    /// <summary>The kernel for a uniform draw u in [0, 1).</summary>
    internal DownscaleKernel PickKernel(double u)
    {
        double x = u * KernelWeightSum;
        if ((x -= AreaProbability) < 0) return DownscaleKernel.Area;
        if ((x -= BilinearProbability) < 0) return DownscaleKernel.Bilinear;
        if ((x -= AntialiasedBicubicProbability) < 0) return DownscaleKernel.AntialiasedBicubic;
        if (NearestProbability > 0) return DownscaleKernel.Nearest;
        // Rounding at the top end: fall back to the last kernel with weight.
        return AntialiasedBicubicProbability > 0 ? DownscaleKernel.AntialiasedBicubic
            : BilinearProbability > 0 ? DownscaleKernel.Bilinear : DownscaleKernel.Area;
    }

    private static void CheckWeight(double v, string name)
    {
        if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException($"{name} must be a finite number >= 0; got {v}");
    }

    private static void CheckProbability(double v, string name)
    {
        if (!(v >= 0 && v <= 1)) throw new ArgumentException($"{name} must be in [0, 1]; got {v}");
    }

    private static void CheckRange(double min, double max, double lo, double hi, string minName, string maxName)
    {
        if (!(min >= lo && min <= hi)) throw new ArgumentException($"{minName} must be in [{lo}, {hi}]; got {min}");
        if (!(max >= lo && max <= hi)) throw new ArgumentException($"{maxName} must be in [{lo}, {hi}]; got {max}");
        if (min > max) throw new ArgumentException($"{minName} ({min}) must not exceed {maxName} ({max})");
    }
}
