using Microsoft.ML.OnnxRuntime;
using Ctmsr.Runtime.Noise;

namespace Ctmsr.Runtime.Tests;

/// <summary>Independent, slow host implementations the context's output is compared against.</summary>
public static class HostReference
{
    public static byte[] RandomFrame(int width, int height, int stride, int seed)
    {
        var bytes = new byte[stride * height];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Bilinear, half-pixel centres, edge clamp: value of channel <paramref name="c"/> at output (x, y).</summary>
    public static byte Bilinear(byte[] src, int width, int height, int stride, int scale, int x, int y, int c) =>
        Bilinear(src, width, height, stride, scale, scale, x, y, c);

    /// <summary>Bilinear with separate (possibly fractional) scales per axis, as ONNX Resize linear with sizes.</summary>
    public static byte Bilinear(byte[] src, int width, int height, int stride, double scaleX, double scaleY, int x, int y, int c)
    {
        double sx = Math.Clamp((x + 0.5) / scaleX - 0.5, 0, width - 1), sy = Math.Clamp((y + 0.5) / scaleY - 0.5, 0, height - 1);
        int x0 = (int)sx, y0 = (int)sy;
        int x1 = Math.Min(x0 + 1, width - 1), y1 = Math.Min(y0 + 1, height - 1);
        double fx = sx - x0, fy = sy - y0;
        double At(int xx, int yy) => src[yy * stride + xx * 4 + c];
        double v = (1 - fy) * ((1 - fx) * At(x0, y0) + fx * At(x1, y0)) + fy * ((1 - fx) * At(x0, y1) + fx * At(x1, y1));
        return (byte)Math.Round(v, MidpointRounding.AwayFromZero);
    }

    public static byte Quantize(double unit) => (byte)Math.Round(Math.Clamp(unit, 0, 1) * 255, MidpointRounding.AwayFromZero);

    /// <summary>The contract's input: planar RGB of an RGBA frame, value / 255.</summary>
    public static float[] ToPlanar(byte[] rgba, int width, int height)
    {
        var planar = new float[3 * width * height];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < width * height; i++) planar[c * width * height + i] = rgba[4 * i + c] / 255f;
        return planar;
    }

    /// <summary>Runs the bare model (no frame graph) on planar input with the contract noise; returns planar sr.</summary>
    public static float[] RunModel(byte[] modelBytes, float[] lr, int width, int height, int scale)
    {
        int sw = width * scale, sh = height * scale;
        var noise = new float[3 * sw * sh];
        DeterministicNoise.Fill(noise, sw, sh);
        using var session = new InferenceSession(modelBytes);
        using var lrValue = OrtValue.CreateTensorValueFromMemory(lr, new long[] { 1, 3, height, width });
        using var noiseValue = OrtValue.CreateTensorValueFromMemory(noise, new long[] { 1, 3, sh, sw });
        using var outputs = session.Run(new RunOptions(), new[] { "lr", "noise" }, new[] { lrValue, noiseValue }, new[] { "sr" });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// Bicubic resize of one plane (a = -0.75, half-pixel centres, edge-clamped taps, the ONNX Resize cubic rule) to
    /// <paramref name="outWidth"/> x <paramref name="outHeight"/>, in double precision.
    /// </summary>
    public static double[] Cubic(ReadOnlySpan<float> plane, int width, int height, int outWidth, int outHeight)
    {
        var rows = new double[height * outWidth];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < outWidth; x++)
                rows[y * outWidth + x] = Taps(x, width, (double)outWidth / width, Array.ConvertAll(plane.Slice(y * width, width).ToArray(), v => (double)v));
        var result = new double[outWidth * outHeight];
        var column = new double[height];
        for (int x = 0; x < outWidth; x++)
        {
            for (int y = 0; y < height; y++) column[y] = rows[y * outWidth + x];
            for (int y = 0; y < outHeight; y++) result[y * outWidth + x] = Taps(y, height, (double)outHeight / height, column);
        }
        return result;
    }

    /// <summary>
    /// The runtime's resample of one plane from the model's output to the display, per axis: a copy when the sizes
    /// agree, the cubic of <see cref="Cubic"/> when the axis grows, and when it shrinks by f = in / out the tent
    /// max(0, 1 - |d| / f) over the input samples at distance d from the half-pixel centre, edge-clamped, weights
    /// normalised; x first, then y, in double precision.
    /// </summary>
    public static double[] Resample(ReadOnlySpan<float> plane, int width, int height, int outWidth, int outHeight)
    {
        var rows = new double[height * outWidth];
        var line = new double[width];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++) line[x] = plane[y * width + x];
            for (int x = 0; x < outWidth; x++) rows[y * outWidth + x] = Sample(x, width, outWidth, line);
        }
        var result = new double[outWidth * outHeight];
        var column = new double[height];
        for (int x = 0; x < outWidth; x++)
        {
            for (int y = 0; y < height; y++) column[y] = rows[y * outWidth + x];
            for (int y = 0; y < outHeight; y++) result[y * outWidth + x] = Sample(y, height, outHeight, column);
        }
        return result;
    }

    private static double Sample(int o, int size, int outSize, double[] line)
    {
        if (outSize == size) return line[o];
        if (outSize > size) return Taps(o, size, (double)outSize / size, line);
        double f = (double)size / outSize, centre = (o + 0.5) * f - 0.5, sum = 0, weights = 0;
        for (int j = (int)Math.Floor(centre - f) - 1; j <= (int)Math.Ceiling(centre + f) + 1; j++)
        {
            double w = Math.Max(0, 1 - Math.Abs(j - centre) / f);
            sum += w * line[Math.Clamp(j, 0, size - 1)];
            weights += w;
        }
        return sum / weights;
    }

    private static double Taps(int o, int size, double scale, double[] line)
    {
        const double a = -0.75;
        double src = (o + 0.5) / scale - 0.5;
        int i0 = (int)Math.Floor(src);
        double t = src - i0, sum = 0;
        for (int k = -1; k <= 2; k++)
        {
            double d = Math.Abs(k - t);
            double w = d <= 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 : ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
            sum += w * line[Math.Clamp(i0 + k, 0, size - 1)];
        }
        return sum;
    }
}
