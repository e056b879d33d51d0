using Ctmsr.Training.Eval;
using Ctmsr.Training.Imaging;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

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
        var img = new RgbImage(2, 1, new byte[] { 255, 0, 0, 0, 0, 255 });
        Assert.That(LumaPlane.FromImage(img).Values, Is.EqualTo(new[] { 81.481, 40.966 }).Within(1e-9));
    }

    [Test]
    public void Psnr_OfIdenticalPlanes_IsPositiveInfinity()
    {
        var a = Pattern(20, 16, 1);
        Assert.That(ImageMetrics.Psnr(a, a), Is.EqualTo(double.PositiveInfinity));
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

    [Test]
    public void Ssim_OfTooSmallPlane_IsNaN() =>
        Assert.That(ImageMetrics.Ssim(Pattern(8, 8, 1), Pattern(8, 8, 1)), Is.NaN);

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
