using Ctmsr.Metrics;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

/// <summary>
/// The shared quality metrics (src/Shared/Metrics, linked into ctmsr-train and ctmsr-demo), tested once here; the
/// tools' own handling of small images is tested with each tool (EvalTests, the demo's ViewErrorTests).
/// </summary>
public class MetricTests
{
    private static LumaPlane Pattern(int w, int h, int seed, double noise = 0)
    {
        var rng = new Random(seed);
        var v = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                v[y * w + x] = 120 + 60 * Math.Sin(x * 0.7) * Math.Cos(y * 0.45) + 20 * ((x / 5 + y / 7) % 2) + noise * (rng.NextDouble() - 0.5);
        return new LumaPlane(w, h, v);
    }

    [Test]
    public void Luma_MatchesBt601HandValues()
    {
        Assert.That(LumaPlane.Luma(0, 0, 0), Is.EqualTo(16.0).Within(1e-12));
        Assert.That(LumaPlane.Luma(255, 255, 255), Is.EqualTo(235.0).Within(1e-9));
        Assert.That(LumaPlane.Luma(255, 0, 0), Is.EqualTo(81.481).Within(1e-9));
        Assert.That(LumaPlane.Luma(0, 255, 0), Is.EqualTo(144.553).Within(1e-9));
        Assert.That(LumaPlane.Luma(0, 0, 255), Is.EqualTo(40.966).Within(1e-9));
        // (128, 64, 32): 16 + (65.481*128 + 128.553*64 + 24.966*32) / 255
        Assert.That(LumaPlane.Luma(128, 64, 32), Is.EqualTo(16 + (8381.568 + 8227.392 + 798.912) / 255).Within(1e-9));
        Assert.That(LumaPlane.FromPixels(new byte[] { 255, 0, 0, 0, 0, 255 }, 2, 1, 3).Values, Is.EqualTo(new[] { 81.481, 40.966 }).Within(1e-9));
    }

    [Test]
    public void FromPixels_OfRgba_IgnoresAlpha_AndIsInTheStudioRange()
    {
        byte[] rgba = { 255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 7 };
        LumaPlane p = LumaPlane.FromPixels(rgba, 3, 1, 4);
        Assert.That(p.Values, Is.EqualTo(new[] { 235.0, 16.0, 16 + 65.481 }).Within(1e-9));
    }

    [Test]
    public void FromPixels_WithABorder_EqualsTheShavedPlane()
    {
        var rng = new Random(3);
        var rgba = new byte[4 * 9 * 7];
        rng.NextBytes(rgba);
        LumaPlane full = LumaPlane.FromPixels(rgba, 9, 7, 4);
        LumaPlane shaved = LumaPlane.FromPixels(rgba, 9, 7, 4, border: 2);
        Assert.That((shaved.Width, shaved.Height), Is.EqualTo((5, 3)));
        Assert.That(shaved.Values, Is.EqualTo(full.Shave(2).Values));
    }

    [Test]
    public void FromPixels_WithABorderThatLeavesNothing_ThrowsNamingTheSize()
    {
        var e = Assert.Throws<ArgumentException>(() => LumaPlane.FromPixels(new byte[4 * 6 * 6], 6, 6, 4, border: 3));
        Assert.That(e!.Message, Does.Contain("6x6").And.Contain("3 pixels"));
    }

    [Test]
    public void Psnr_OfIdenticalPlanes_IsPositiveInfinity()
    {
        var a = Pattern(20, 16, 1);
        Assert.That(ImageMetrics.Psnr(a, a), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void Psnr_OfAUniformOffsetOfOne_Is48Point13()
    {
        var a = Pattern(20, 20, 1);
        var b = new LumaPlane(20, 20, a.Values.Select(v => v + 1.0).ToArray());
        Assert.That(ImageMetrics.Psnr(a, b), Is.EqualTo(20 * Math.Log10(255)).Within(1e-9));
    }

    [Test]
    public void Psnr_OfPlanesOfDifferentSizes_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(Pattern(20, 16, 1), Pattern(16, 20, 1)));
        Assert.That(e!.Message, Does.Contain("20x16").And.Contain("16x20"));
    }

    [Test]
    public void Psnr_OfConstantOffset_MatchesFormula()
    {
        var a = Pattern(20, 16, 1);
        var b = new LumaPlane(20, 16, a.Values.Select(v => v + 3.0).ToArray());
        Assert.That(ImageMetrics.Psnr(a, b), Is.EqualTo(10 * Math.Log10(255.0 * 255.0 / 9.0)).Within(1e-9)); // 38.588 dB
    }

    [Test]
    public void Ssim_OfIdenticalIsOne_AndDropsWithNoise()
    {
        var a = Pattern(40, 32, 1);
        Assert.That(ImageMetrics.Ssim(a, a), Is.EqualTo(1.0).Within(1e-12));
        double light = ImageMetrics.Ssim(Pattern(40, 32, 2, noise: 10), a);
        double heavy = ImageMetrics.Ssim(Pattern(40, 32, 2, noise: 80), a);
        Assert.That(light, Is.LessThan(1.0));
        Assert.That(heavy, Is.LessThan(light));
        Assert.That(heavy, Is.GreaterThan(0.0));
    }

    [TestCase(8, 8)]
    [TestCase(10, 40)]
    [TestCase(40, 10)]
    public void Ssim_OfAPlaneSmallerThanTheWindow_ThrowsNamingTheSizeAndTheMinimum(int w, int h)
    {
        var e = Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(Pattern(w, h, 1), Pattern(w, h, 1)));
        Assert.That(e!.Message, Does.Contain($"{w}x{h}").And.Contain("at least 11x11"));
    }

    [Test]
    public void Ssim_OfAPlaneExactlyTheWindow_IsTheOneWindowValue()
    {
        var a = Pattern(11, 11, 1);
        Assert.That(ImageMetrics.Ssim(a, a), Is.EqualTo(1.0).Within(1e-12));
        var b = Pattern(11, 11, 2, noise: 40);
        double s = ImageMetrics.Ssim(b, a);
        Assert.That(s, Is.LessThan(1.0).And.GreaterThan(0.0));
    }

    [Test]
    public void Ssim_MatchesADirectGaussianWeightedComputation()
    {
        // One 11x11 window per position, weights w(i, j) = g(i) g(j), computed without the separable filter.
        var a = Pattern(14, 12, 1, noise: 20);
        var b = Pattern(14, 12, 2, noise: 60);
        var g = new double[11];
        for (int i = 0; i < 11; i++) g[i] = Math.Exp(-(i - 5) * (i - 5) / (2 * 1.5 * 1.5));
        double gs = g.Sum();
        double c1 = Math.Pow(0.01 * 255, 2), c2 = Math.Pow(0.03 * 255, 2), total = 0;
        int n = 0;
        for (int y0 = 0; y0 + 11 <= 12; y0++)
            for (int x0 = 0; x0 + 11 <= 14; x0++)
            {
                double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
                for (int j = 0; j < 11; j++)
                    for (int i = 0; i < 11; i++)
                    {
                        double wgt = g[i] * g[j] / (gs * gs), x = a[x0 + i, y0 + j], y = b[x0 + i, y0 + j];
                        ma += wgt * x;
                        mb += wgt * y;
                        saa += wgt * x * x;
                        sbb += wgt * y * y;
                        sab += wgt * x * y;
                    }
                double va = saa - ma * ma, vb = sbb - mb * mb, cov = sab - ma * mb;
                total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                n++;
            }
        Assert.That(n, Is.EqualTo(8));
        Assert.That(ImageMetrics.Ssim(a, b), Is.EqualTo(total / n).Within(1e-9));
    }

    [Test]
    public void TemporalError_IsZeroWhenSrChangesLikeGt_AndMeasuresExtraFlicker()
    {
        LumaPlane Plane(Func<int, int, double> f)
        {
            var v = new double[64];
            for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) v[y * 8 + x] = f(x, y);
            return new LumaPlane(8, 8, v);
        }
        LumaPlane gt0 = Plane((x, y) => x), gt1 = Plane((x, y) => x + 3);
        LumaPlane sr0 = Plane((x, y) => x + 1), sr1 = Plane((x, y) => x + 4);
        Assert.That(ImageMetrics.TemporalError(sr1, sr0, gt1, gt0), Is.EqualTo(0).Within(1e-12));
        LumaPlane flicker = Plane((x, y) => x + 4 + ((x + y) % 2 == 0 ? 2 : -2));
        Assert.That(ImageMetrics.TemporalError(flicker, sr0, gt1, gt0), Is.EqualTo(2).Within(1e-12));
    }

    [Test]
    public void HighFrequencyRatio_OfItselfIsOne_OfBlurredCopyIsBelowOne()
    {
        var a = Pattern(40, 32, 1, noise: 30);
        Assert.That(ImageMetrics.HighFrequencyRatio(a, a), Is.EqualTo(1.0).Within(1e-12));
        var k = ImageMetrics.GaussianKernel(5, 1.0);
        var blurred = ImageMetrics.FilterValid(a.Values, 40, 32, k, out int bw, out int bh);
        var blurredPlane = new LumaPlane(bw, bh, blurred);
        var cropped = a.Shave(2);
        Assert.That(ImageMetrics.HighFrequencyRatio(blurredPlane, cropped), Is.LessThan(0.5));
    }

    [Test]
    public void GradientHistogramDistance_IsZeroForItself_AndPositiveForBlur()
    {
        var a = Pattern(40, 32, 1, noise: 30);
        Assert.That(ImageMetrics.GradientHistogramDistance(a, a), Is.EqualTo(0.0));
        var hist = ImageMetrics.GradientHistogram(a);
        Assert.That(hist.Sum(), Is.EqualTo(1.0).Within(1e-12));
        var flat = new LumaPlane(40, 32, Enumerable.Repeat(100.0, 40 * 32).ToArray());
        // A flat image puts everything in bin 0; the distance is 2 minus twice the overlap in bin 0.
        Assert.That(ImageMetrics.GradientHistogramDistance(flat, a), Is.EqualTo(2 - 2 * hist[0]).Within(1e-12));
    }

    [Test]
    public void Shave_RemovesBorderOnEverySide()
    {
        var a = new LumaPlane(4, 3, Enumerable.Range(0, 12).Select(i => (double)i).ToArray());
        var s = a.Shave(1);
        Assert.That((s.Width, s.Height), Is.EqualTo((2, 1)));
        Assert.That(s.Values, Is.EqualTo(new[] { 5.0, 6.0 }));
    }
}
