using Ctmsr.Runtime;

namespace Ctmsr.Demo.Tests;

/// <summary>Bilinear and bicubic (a = -0.75) with half-pixel centres and clamped edges, in doubles: the reference.</summary>
public static class HostResample
{
    public static byte[] Run(byte[] src, FrameSize s, FrameSize d, bool bicubic)
    {
        var dst = new byte[4 * d.Width * d.Height];
        for (int y = 0; y < d.Height; y++)
            for (int x = 0; x < d.Width; x++)
            {
                double fx = (x + 0.5) * s.Width / d.Width - 0.5, fy = (y + 0.5) * s.Height / d.Height - 0.5;
                int bx = (int)Math.Floor(fx), by = (int)Math.Floor(fy);
                double tx = fx - bx, ty = fy - by;
                for (int c = 0; c < 4; c++)
                {
                    double v = 0;
                    if (bicubic)
                    {
                        for (int j = -1; j <= 2; j++)
                            for (int i = -1; i <= 2; i++)
                                v += Cubic(i - tx) * Cubic(j - ty) * At(src, s, bx + i, by + j, c);
                        v = Math.Clamp(v, 0, 255);
                    }
                    else
                    {
                        v = (1 - tx) * (1 - ty) * At(src, s, bx, by, c) + tx * (1 - ty) * At(src, s, bx + 1, by, c)
                          + (1 - tx) * ty * At(src, s, bx, by + 1, c) + tx * ty * At(src, s, bx + 1, by + 1, c);
                    }
                    dst[4 * (y * d.Width + x) + c] = (byte)Math.Round(v, MidpointRounding.AwayFromZero);
                }
            }
        return dst;
    }

    private static double At(byte[] p, FrameSize s, int x, int y, int c) =>
        p[4 * (Math.Clamp(y, 0, s.Height - 1) * s.Width + Math.Clamp(x, 0, s.Width - 1)) + c];

    private static double Cubic(double x)
    {
        const double a = -0.75;
        x = Math.Abs(x);
        if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
        if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        return 0;
    }
}
