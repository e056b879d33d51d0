namespace Ctmsr.Metrics;

/// <summary>
/// The BT.601 luma of an 8-bit RGB(A) image on the 255 scale, MATLAB rgb2ycbcr style, as the SR literature computes it:
/// Y = 16 + 65.481 R + 128.553 G + 24.966 B with R, G, B in [0, 1] (so Y is in [16, 235]). Row-major. One definition
/// for ctmsr-train eval and the demo's ground-truth report (this file is linked into both).
/// </summary>
internal sealed class LumaPlane
{
    public LumaPlane(int width, int height, double[] values)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"plane size must be positive; got {width}x{height}");
        if (values.Length != width * height)
            throw new ArgumentException($"a {width}x{height} plane needs {width * height} values; got {values.Length}");
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }
    public double[] Values { get; }

    public double this[int x, int y] => Values[y * Width + x];

    /// <summary>Luma of one pixel given 8-bit R, G, B.</summary>
    public static double Luma(byte r, byte g, byte b) => 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0;

    /// <summary>
    /// The luma of interleaved 8-bit pixels (<paramref name="channels"/> 3: RGB, 4: RGBA; alpha is ignored), without
    /// <paramref name="border"/> pixels on every side (the SR protocol's shave), as <see cref="Shave"/> would leave it.
    /// </summary>
    public static LumaPlane FromPixels(ReadOnlySpan<byte> pixels, int width, int height, int channels, int border = 0)
    {
        if (channels is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "pixels are RGB (3) or RGBA (4)");
        if (width <= 0 || height <= 0) throw new ArgumentException($"image size must be positive; got {width}x{height}");
        if (pixels.Length < (long)channels * width * height)
            throw new ArgumentException($"a {width}x{height} image of {channels} channels needs {(long)channels * width * height} bytes; got {pixels.Length}");
        if (border < 0) throw new ArgumentOutOfRangeException(nameof(border), border, "border must be >= 0");
        int w = width - 2 * border, h = height - 2 * border;
        if (w <= 0 || h <= 0)
            throw new ArgumentException($"a {width}x{height} plane has nothing left after shaving {border} pixels per side");
        var v = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = channels * ((y + border) * width + x + border);
                v[y * w + x] = Luma(pixels[o], pixels[o + 1], pixels[o + 2]);
            }
        return new LumaPlane(w, h, v);
    }

    /// <summary>The plane without <paramref name="border"/> pixels on every side (the SR protocol's shave).</summary>
    public LumaPlane Shave(int border)
    {
        if (border < 0) throw new ArgumentOutOfRangeException(nameof(border), border, "border must be >= 0");
        if (border == 0) return this;
        int w = Width - 2 * border, h = Height - 2 * border;
        if (w <= 0 || h <= 0)
            throw new ArgumentException($"a {Width}x{Height} plane has nothing left after shaving {border} pixels per side");
        var v = new double[w * h];
        for (int y = 0; y < h; y++) Array.Copy(Values, (y + border) * Width + border, v, y * w, w);
        return new LumaPlane(w, h, v);
    }
}
