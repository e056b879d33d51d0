namespace Ctmsr.Bench;

/// <summary>
/// A deterministic RGBA8 test frame for tools without the demo's scene renderer: smooth gradients, hard diagonal edges,
/// fine stripes and a checkerboard, so edge-adaptive and learned upscalers take their usual paths. (Neither the
/// convolutions' nor the EASU-style shader's cost depends much on content; the frame only has to be an image.)
/// </summary>
public static class BenchFrame
{
    public static byte[] Generate(int width, int height)
    {
        if (width < 1 || height < 1 || (long)width * height > 64L << 20)
            throw new ArgumentOutOfRangeException(nameof(width), $"a bench frame is 1..{64 << 20} pixels; got {width}x{height}");
        var pixels = new byte[4 * width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = 4 * (y * width + x);
                double u = (double)x / width, v = (double)y / height;
                byte r = (byte)(255 * u), g = (byte)(255 * v), b = (byte)(128 + 127 * Math.Sin(12 * (u + v)));
                if (((x + 2 * y) / 37 & 1) == 0) { r = (byte)(255 - r); b = (byte)(b / 2); } // hard diagonal edges
                if (u > 0.6 && v < 0.4) g = (byte)((x / 2 & 1) == 0 ? 230 : 30);              // stripes near Nyquist
                if (u < 0.3 && v > 0.6 && ((x / 8 + y / 8) & 1) == 0) r = g = b = 240;       // checkerboard
                pixels[i] = r;
                pixels[i + 1] = g;
                pixels[i + 2] = b;
                pixels[i + 3] = 255;
            }
        }
        return pixels;
    }
}
