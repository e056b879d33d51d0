namespace Ctmsr.Runtime.Tests;

/// <summary>Independent, slow host implementations the upscaler's output is compared against.</summary>
public static class HostReference
{
    public static byte[] RandomFrame(int width, int height, int stride, int seed)
    {
        var bytes = new byte[stride * height];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Bilinear, half-pixel centres, edge clamp: value of channel <paramref name="c"/> at output (x, y).</summary>
    public static byte Bilinear(byte[] src, int width, int height, int stride, int scale, int x, int y, int c)
    {
        double sx = Math.Max(0, (x + 0.5) / scale - 0.5), sy = Math.Max(0, (y + 0.5) / scale - 0.5);
        int x0 = Math.Min((int)sx, width - 1), y0 = Math.Min((int)sy, height - 1);
        int x1 = Math.Min(x0 + 1, width - 1), y1 = Math.Min(y0 + 1, height - 1);
        double fx = sx - x0, fy = sy - y0;
        double At(int xx, int yy) => src[yy * stride + xx * 4 + c];
        double v = (1 - fy) * ((1 - fx) * At(x0, y0) + fx * At(x1, y0)) + fy * ((1 - fx) * At(x0, y1) + fx * At(x1, y1));
        return (byte)Math.Round(v, MidpointRounding.AwayFromZero);
    }

    public static byte Quantize(double unit) => (byte)Math.Round(Math.Clamp(unit, 0, 1) * 255, MidpointRounding.AwayFromZero);
}
