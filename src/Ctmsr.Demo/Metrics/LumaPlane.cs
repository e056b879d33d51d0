namespace Ctmsr.Demo.Metrics;

/// <summary>
/// BT.601 luma of an RGBA8 frame as the SR literature computes it (Y = 16 + 65.481 R + 128.553 G + 24.966 B, R, G, B in
/// [0, 1]), with a border of <c>crop</c> pixels removed on every side.
/// </summary>
public sealed class LumaPlane
{
    public LumaPlane(int width, int height, double[] values)
    {
        if (values.Length != width * height) throw new ArgumentException($"a {width}x{height} plane needs {width * height} values; got {values.Length}");
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }
    public double[] Values { get; }

    public static LumaPlane FromRgba(ReadOnlySpan<byte> rgba, int width, int height, int crop)
    {
        if (rgba.Length < 4 * width * height) throw new ArgumentException($"a {width}x{height} RGBA8 frame needs {4 * width * height} bytes; got {rgba.Length}");
        if (crop < 0 || 2 * crop >= width || 2 * crop >= height) throw new ArgumentOutOfRangeException(nameof(crop), crop, $"crop leaves nothing of {width}x{height}");
        int w = width - 2 * crop, h = height - 2 * crop;
        var v = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = 4 * ((y + crop) * width + x + crop);
                v[y * w + x] = 16.0 + (65.481 * rgba[o] + 128.553 * rgba[o + 1] + 24.966 * rgba[o + 2]) / 255.0;
            }
        return new LumaPlane(w, h, v);
    }
}
