namespace Ctmsr.Metrics;

/// <summary>
/// Fidelity and realism measures of DESIGN.md on luma planes (255 scale, border already shaved by the caller), the one
/// definition behind ctmsr-train eval and the demo's ground-truth report (this file is linked into both): PSNR-Y,
/// SSIM-Y (11x11 Gaussian, sigma 1.5, K1 = 0.01, K2 = 0.03, valid window), the high-frequency energy ratio (Laplacian
/// band energy of SR over HR), the L1 distance between normalised Sobel-magnitude histograms and the temporal error.
/// The spectral distance needs an FFT and lives with the trainer (<c>Ctmsr.Training.Eval.RadialSpectrum</c>).
/// </summary>
/// <remarks>
/// Small planes: SSIM is defined only where its window fits, so a plane narrower or shorter than
/// <see cref="SsimWindow"/> is an <see cref="ArgumentException"/> naming the size and the minimum (never NaN, which a
/// mean would silently drop). Both tools check this before any work: eval skips such an image with a warning, the
/// demo refuses a --ground-truth run whose cropped display is smaller. The other measures are defined at any size.
/// </remarks>
internal static class ImageMetrics
{
    public const double Peak = 255.0;
    public const int SsimWindow = 11;
    public const double SsimSigma = 1.5;
    /// <summary>Gradient histogram: bins of 4 (luma units per pixel) over [0, 256); larger values land in the last bin.</summary>
    public const int GradientBins = 64;
    public const double GradientBinWidth = 4.0;

    /// <summary>PSNR in dB; +infinity for identical planes.</summary>
    public static double Psnr(LumaPlane a, LumaPlane b)
    {
        CheckSameSize(a, b);
        double sum = 0;
        for (int i = 0; i < a.Values.Length; i++)
        {
            double d = a.Values[i] - b.Values[i];
            sum += d * d;
        }
        double mse = sum / a.Values.Length;
        return mse == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(Peak * Peak / mse);
    }

    /// <summary>Mean SSIM over the valid 11x11 windows.</summary>
    /// <exception cref="ArgumentException">The planes differ in size, or a side is shorter than <see cref="SsimWindow"/>.</exception>
    public static double Ssim(LumaPlane a, LumaPlane b)
    {
        CheckSameSize(a, b);
        if (a.Width < SsimWindow || a.Height < SsimWindow)
            throw new ArgumentException(
                $"SSIM needs planes of at least {SsimWindow}x{SsimWindow} (its window); got {a.Width}x{a.Height}");
        const double c1 = (0.01 * Peak) * (0.01 * Peak), c2 = (0.03 * Peak) * (0.03 * Peak);
        var k = GaussianKernel(SsimWindow, SsimSigma);
        int n = a.Values.Length;
        var aa = new double[n];
        var bb = new double[n];
        var ab = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = a.Values[i], y = b.Values[i];
            aa[i] = x * x;
            bb[i] = y * y;
            ab[i] = x * y;
        }
        int w = a.Width, h = a.Height;
        var mu1 = FilterValid(a.Values, w, h, k, out int ow, out int oh);
        var mu2 = FilterValid(b.Values, w, h, k, out _, out _);
        var s11 = FilterValid(aa, w, h, k, out _, out _);
        var s22 = FilterValid(bb, w, h, k, out _, out _);
        var s12 = FilterValid(ab, w, h, k, out _, out _);
        double total = 0;
        for (int i = 0; i < ow * oh; i++)
        {
            double m1 = mu1[i], m2 = mu2[i];
            double v1 = s11[i] - m1 * m1, v2 = s22[i] - m2 * m2, cov = s12[i] - m1 * m2;
            total += (2 * m1 * m2 + c1) * (2 * cov + c2) / ((m1 * m1 + m2 * m2 + c1) * (v1 + v2 + c2));
        }
        return total / (ow * oh);
    }

    /// <summary>Energy of the 4-neighbour Laplacian of SR over that of HR (1 = same detail, &lt; 1 = smoother).</summary>
    public static double HighFrequencyRatio(LumaPlane sr, LumaPlane hr)
    {
        CheckSameSize(sr, hr);
        double e = LaplacianEnergy(hr);
        return e == 0 ? double.NaN : LaplacianEnergy(sr) / e;
    }

    /// <summary>Sum of squared 4-neighbour Laplacian responses over the interior (valid) pixels.</summary>
    public static double LaplacianEnergy(LumaPlane p)
    {
        double sum = 0;
        int w = p.Width;
        var v = p.Values;
        for (int y = 1; y < p.Height - 1; y++)
            for (int x = 1; x < w - 1; x++)
            {
                int i = y * w + x;
                double l = v[i - 1] + v[i + 1] + v[i - w] + v[i + w] - 4 * v[i];
                sum += l * l;
            }
        return sum;
    }

    /// <summary>L1 distance (0..2) between the normalised Sobel-magnitude histograms of two planes.</summary>
    public static double GradientHistogramDistance(LumaPlane sr, LumaPlane hr)
    {
        CheckSameSize(sr, hr);
        var a = GradientHistogram(sr);
        var b = GradientHistogram(hr);
        double d = 0;
        for (int i = 0; i < a.Length; i++) d += Math.Abs(a[i] - b[i]);
        return d;
    }

    /// <summary>mean |(SR_t - SR_t-1) - (GT_t - GT_t-1)| over the luma plane (8-bit luma units).</summary>
    public static double TemporalError(LumaPlane sr, LumaPlane srPrevious, LumaPlane gt, LumaPlane gtPrevious)
    {
        CheckSameSize(sr, srPrevious);
        CheckSameSize(sr, gt);
        CheckSameSize(gt, gtPrevious);
        double sum = 0;
        for (int i = 0; i < sr.Values.Length; i++)
            sum += Math.Abs(sr.Values[i] - srPrevious.Values[i] - (gt.Values[i] - gtPrevious.Values[i]));
        return sum / sr.Values.Length;
    }

    /// <summary>Normalised histogram of Sobel magnitude / 8 (a per-pixel derivative) over the valid interior.</summary>
    public static double[] GradientHistogram(LumaPlane p)
    {
        var mag = SobelMagnitude(p, out int mw, out int mh);
        var hist = new double[GradientBins];
        if (mw * mh == 0) return hist;
        foreach (double m in mag) hist[Math.Min(GradientBins - 1, (int)(m / GradientBinWidth))] += 1;
        for (int i = 0; i < hist.Length; i++) hist[i] /= mag.Length;
        return hist;
    }

    /// <summary>Sobel gradient magnitude divided by 8, over the valid (width-2)x(height-2) interior.</summary>
    public static double[] SobelMagnitude(LumaPlane p, out int width, out int height)
    {
        width = Math.Max(0, p.Width - 2);
        height = Math.Max(0, p.Height - 2);
        var m = new double[width * height];
        int w = p.Width;
        var v = p.Values;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y + 1) * w + x + 1;
                double gx = (v[i - w + 1] + 2 * v[i + 1] + v[i + w + 1]) - (v[i - w - 1] + 2 * v[i - 1] + v[i + w - 1]);
                double gy = (v[i + w - 1] + 2 * v[i + w] + v[i + w + 1]) - (v[i - w - 1] + 2 * v[i - w] + v[i - w + 1]);
                m[y * width + x] = Math.Sqrt(gx * gx + gy * gy) / 8.0;
            }
        return m;
    }

    public static double[] GaussianKernel(int size, double sigma)
    {
        var k = new double[size];
        double sum = 0, c = (size - 1) / 2.0;
        for (int i = 0; i < size; i++)
        {
            k[i] = Math.Exp(-(i - c) * (i - c) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) k[i] /= sum;
        return k;
    }

    /// <summary>Separable 'valid' filtering with a symmetric 1-D kernel (as MATLAB filter2(..., 'valid')).</summary>
    public static double[] FilterValid(double[] src, int w, int h, double[] k, out int ow, out int oh)
    {
        int n = k.Length;
        ow = w - n + 1;
        oh = h - n + 1;
        var tmp = new double[ow * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < ow; x++)
            {
                double s = 0;
                int row = y * w + x;
                for (int j = 0; j < n; j++) s += k[j] * src[row + j];
                tmp[y * ow + x] = s;
            }
        var dst = new double[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += k[j] * tmp[(y + j) * ow + x];
                dst[y * ow + x] = s;
            }
        return dst;
    }

    private static void CheckSameSize(LumaPlane a, LumaPlane b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"planes differ in size: {a.Width}x{a.Height} vs {b.Width}x{b.Height}");
    }
}
