using System;

namespace Ctmsr.Runtime.Resampling;

/// <summary>
/// The taps of the separable resample along one axis, the one definition both backends run: output sample
/// <c>o</c> is <c>sum_k Weight[o * Taps + k] * input[Index[o * Taps + k]]</c>. Indices are clamped to the input
/// (the edge sample is replicated); unused taps carry weight 0. Built once per size (never per frame).
/// <para>
/// Upscaling keeps the cubic the model's own bicubic uses (a = -0.75, the ONNX Resize / PyTorch rule). Downscaling
/// (the x2 model's output at 1.3-1.7) would alias with that cubic, so it uses the triangle (tent) kernel
/// max(0, 1 - |x|) stretched by the factor f = input / output: its support becomes f input samples each side, so
/// it low-passes at the display's sampling rate rather than the input's; the weights of each output are normalised to sum to 1. The tent
/// was chosen by measurement (the demo's ground truth at 1.3, 1.5 and 1.7 with the shipped model; see
/// docs/resample.md): smoother than Keys (a = -0.5 or -0.75) and Lanczos-2/3, which ring on the model's edges and
/// lose to plain bicubic, and it matched or beat area and Mitchell-Netravali in PSNR-Y and temporal error.
/// </para>
/// </summary>
internal sealed class ResampleAxis
{
    /// <summary>Keys' a of the upscaling cubic: -0.75, as ONNX Resize and the model's own bicubic.</summary>
    public const double UpscaleCubicA = -0.75;

    private ResampleAxis(int inSize, int outSize, ResampleKind kind, int taps)
    {
        InSize = inSize;
        OutSize = outSize;
        Kind = kind;
        Taps = taps;
        Index = new int[outSize * taps];
        Weight = new float[outSize * taps];
    }

    /// <summary>The input length (the model's output along this axis).</summary>
    public int InSize { get; }

    /// <summary>The output length (the display along this axis).</summary>
    public int OutSize { get; }

    /// <summary>Which filter the sizes call for.</summary>
    public ResampleKind Kind { get; }

    /// <summary>Taps per output sample (the widest output's count; shorter ones are padded with weight 0).</summary>
    public int Taps { get; }

    /// <summary>[OutSize * Taps] input indices, each in [0, InSize).</summary>
    public int[] Index { get; }

    /// <summary>[OutSize * Taps] weights.</summary>
    public float[] Weight { get; }

    /// <summary>The taps that take <paramref name="inSize"/> samples to <paramref name="outSize"/>.</summary>
    public static ResampleAxis Create(int inSize, int outSize)
    {
        if (inSize <= 0 || outSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inSize), $"resample sizes must be positive; got {inSize} -> {outSize}");
        if (inSize == outSize)
        {
            var copy = new ResampleAxis(inSize, outSize, ResampleKind.Copy, 1);
            for (int o = 0; o < outSize; o++)
            {
                copy.Index[o] = o;
                copy.Weight[o] = 1f;
            }
            return copy;
        }
        return outSize > inSize ? CreateCubic(inSize, outSize) : CreateAntialiased(inSize, outSize);
    }

    /// <summary>The input coordinate of output sample <paramref name="o"/> (half-pixel centres).</summary>
    public static double SourceCoordinate(int o, int inSize, int outSize) => (o + 0.5) * inSize / outSize - 0.5;

    /// <summary>Keys cubic convolution kernel with parameter <paramref name="a"/>, support [-2, 2].</summary>
    public static double Keys(double x, double a)
    {
        double d = Math.Abs(x);
        if (d <= 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
        if (d < 2) return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
        return 0;
    }

    private static ResampleAxis CreateCubic(int inSize, int outSize)
    {
        var axis = new ResampleAxis(inSize, outSize, ResampleKind.Cubic, 4);
        // The scale ONNX Resize uses with a sizes input: output / input, in float.
        float scale = (float)outSize / inSize;
        for (int o = 0; o < outSize; o++)
        {
            double src = (o + 0.5) / scale - 0.5;
            int i0 = (int)Math.Floor(src);
            double t = src - i0;
            for (int k = 0; k < 4; k++)
            {
                axis.Index[o * 4 + k] = Clamp(i0 - 1 + k, inSize);
                axis.Weight[o * 4 + k] = (float)Keys(k - 1 - t, UpscaleCubicA);
            }
        }
        return axis;
    }

    private static ResampleAxis CreateAntialiased(int inSize, int outSize)
    {
        double factor = (double)inSize / outSize; // > 1: input samples per output sample
        // Taps j with |j - c| < factor: at most floor(2 factor) + 1 of them.
        int taps = (int)Math.Floor(2 * factor) + 1;
        var axis = new ResampleAxis(inSize, outSize, ResampleKind.Antialiased, taps);
        Span<double> w = taps <= 64 ? stackalloc double[taps] : new double[taps];
        for (int o = 0; o < outSize; o++)
        {
            double c = SourceCoordinate(o, inSize, outSize);
            int first = (int)Math.Floor(c - factor) + 1;
            double sum = 0;
            for (int k = 0; k < taps; k++)
            {
                w[k] = Tent((first + k - c) / factor);
                sum += w[k];
            }
            for (int k = 0; k < taps; k++)
            {
                axis.Index[o * taps + k] = Clamp(first + k, inSize);
                axis.Weight[o * taps + k] = (float)(w[k] / sum);
            }
        }
        return axis;
    }

    /// <summary>The triangle kernel max(0, 1 - |x|).</summary>
    public static double Tent(double x) => Math.Max(0.0, 1.0 - Math.Abs(x));

    private static int Clamp(int i, int size) => i < 0 ? 0 : i >= size ? size - 1 : i;
}
