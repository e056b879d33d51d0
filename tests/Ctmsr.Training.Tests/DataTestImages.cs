using Ctmsr.Training.Imaging;

namespace Ctmsr.Training.Tests;

/// <summary>Synthetic images and temp folders for the data and degradation tests.</summary>
internal static class DataTestImages
{
    public static string NewTempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ctmsr-data-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A colourful, textured image: every channel varies with position.</summary>
    public static RgbImage Colourful(int w, int h, int seed = 0)
    {
        var px = new byte[w * h * 3];
        var rng = new Random(seed);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 3;
                px[o] = (byte)((x * 5 + seed * 17) & 255);
                px[o + 1] = (byte)((y * 3 + x) & 255);
                px[o + 2] = (byte)rng.Next(256);
            }
        return new RgbImage(w, h, px);
    }

    /// <summary>A tangent-space normal map: unit normals tilted up to ~0.4 from +z, encoded as (n + 1) / 2.</summary>
    public static RgbImage NormalMapLike(int w, int h)
    {
        var px = new byte[w * h * 3];
        var rng = new Random(5);
        for (int i = 0; i < w * h; i++)
        {
            double nx = rng.NextDouble() * 0.8 - 0.4, ny = rng.NextDouble() * 0.8 - 0.4;
            double nz = Math.Sqrt(1 - nx * nx - ny * ny);
            px[3 * i] = (byte)Math.Round((nx + 1) * 127.5);
            px[3 * i + 1] = (byte)Math.Round((ny + 1) * 127.5);
            px[3 * i + 2] = (byte)Math.Round((nz + 1) * 127.5);
        }
        return new RgbImage(w, h, px);
    }

    /// <summary>A clear-sky gradient: blue-dominant like a normal map on average, but not unit normals.</summary>
    public static RgbImage SkyLike(int w, int h)
    {
        var px = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 3;
                px[o] = (byte)(90 + y / 4 + (x & 7));
                px[o + 1] = (byte)(140 + y / 4);
                px[o + 2] = (byte)(200 + y / 8);
            }
        return new RgbImage(w, h, px);
    }

    public static RgbImage Solid(int w, int h, byte r, byte g, byte b)
    {
        var px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) { px[3 * i] = r; px[3 * i + 1] = g; px[3 * i + 2] = b; }
        return new RgbImage(w, h, px);
    }
}
