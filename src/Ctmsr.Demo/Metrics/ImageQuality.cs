namespace Ctmsr.Demo.Metrics;

/// <summary>PSNR-Y, SSIM-Y (Gaussian window 11, sigma 1.5, 8-bit constants) and the temporal-stability error.</summary>
public static class ImageQuality
{
    /// <summary>PSNR in dB with peak 255; +infinity for identical planes.</summary>
    public static double Psnr(LumaPlane a, LumaPlane b)
    {
        SameSize(a, b);
        double sum = 0;
        for (int i = 0; i < a.Values.Length; i++)
        {
            double d = a.Values[i] - b.Values[i];
            sum += d * d;
        }
        double mse = sum / a.Values.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Mean SSIM over the positions where the 11x11 window fits.</summary>
    public static double Ssim(LumaPlane a, LumaPlane b)
    {
        SameSize(a, b);
        const int radius = 5;
        if (a.Width <= 2 * radius || a.Height <= 2 * radius)
            throw new ArgumentException($"SSIM needs planes larger than 11x11; got {a.Width}x{a.Height}");
        double[] k = new double[2 * radius + 1];
        double ks = 0;
        for (int i = -radius; i <= radius; i++) ks += k[i + radius] = Math.Exp(-i * i / (2 * 1.5 * 1.5));
        for (int i = 0; i < k.Length; i++) k[i] /= ks;
        int w = a.Width, h = a.Height, n = w * h;
        var aa = new double[n];
        var bb = new double[n];
        var ab = new double[n];
        for (int i = 0; i < n; i++)
        {
            aa[i] = a.Values[i] * a.Values[i];
            bb[i] = b.Values[i] * b.Values[i];
            ab[i] = a.Values[i] * b.Values[i];
        }
        double[] ma = Blur(a.Values, w, h, k), mb = Blur(b.Values, w, h, k);
        double[] saa = Blur(aa, w, h, k), sbb = Blur(bb, w, h, k), sab = Blur(ab, w, h, k);
        const double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
        double sum = 0;
        int count = 0;
        for (int y = radius; y < h - radius; y++)
            for (int x = radius; x < w - radius; x++)
            {
                int i = y * w + x;
                double va = saa[i] - ma[i] * ma[i], vb = sbb[i] - mb[i] * mb[i], cov = sab[i] - ma[i] * mb[i];
                sum += (2 * ma[i] * mb[i] + c1) * (2 * cov + c2) / ((ma[i] * ma[i] + mb[i] * mb[i] + c1) * (va + vb + c2));
                count++;
            }
        return sum / count;
    }

    /// <summary>mean |(SR_t - SR_t-1) - (GT_t - GT_t-1)| over the luma plane (8-bit luma units).</summary>
    public static double TemporalError(LumaPlane sr, LumaPlane srPrevious, LumaPlane gt, LumaPlane gtPrevious)
    {
        SameSize(sr, srPrevious);
        SameSize(sr, gt);
        SameSize(gt, gtPrevious);
        double sum = 0;
        for (int i = 0; i < sr.Values.Length; i++)
            sum += Math.Abs(sr.Values[i] - srPrevious.Values[i] - (gt.Values[i] - gtPrevious.Values[i]));
        return sum / sr.Values.Length;
    }

    // Separable blur, valid taps only along each row/column; only the interior is used by SSIM.
    private static double[] Blur(double[] v, int w, int h, double[] k)
    {
        int r = k.Length / 2;
        var tmp = new double[v.Length];
        var output = new double[v.Length];
        for (int y = 0; y < h; y++)
            for (int x = r; x < w - r; x++)
            {
                double s = 0;
                for (int i = -r; i <= r; i++) s += k[i + r] * v[y * w + x + i];
                tmp[y * w + x] = s;
            }
        for (int y = r; y < h - r; y++)
            for (int x = r; x < w - r; x++)
            {
                double s = 0;
                for (int i = -r; i <= r; i++) s += k[i + r] * tmp[(y + i) * w + x];
                output[y * w + x] = s;
            }
        return output;
    }

    private static void SameSize(LumaPlane a, LumaPlane b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"planes differ in size: {a.Width}x{a.Height} and {b.Width}x{b.Height}");
    }
}
