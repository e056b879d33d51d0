using Ctmsr.Demo.Metrics;
using NUnit.Framework;

namespace Ctmsr.Demo.Tests;

public class ImageQualityTests
{
    private static LumaPlane Plane(int w, int h, Func<int, int, double> f)
    {
        var v = new double[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) v[y * w + x] = f(x, y);
        return new LumaPlane(w, h, v);
    }

    [Test]
    public void Psnr_OfAUniformOffsetOfOne_Is48Point13()
    {
        LumaPlane a = Plane(20, 20, (x, y) => 100 + x), b = Plane(20, 20, (x, y) => 101 + x);
        Assert.That(ImageQuality.Psnr(a, b), Is.EqualTo(20 * Math.Log10(255)).Within(1e-9));
    }

    [Test]
    public void Psnr_OfIdenticalPlanes_IsInfinite_AndSsimIsOne()
    {
        LumaPlane a = Plane(24, 24, (x, y) => (x * 7 + y * 13) % 200);
        Assert.That(ImageQuality.Psnr(a, a), Is.EqualTo(double.PositiveInfinity));
        Assert.That(ImageQuality.Ssim(a, a), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void Ssim_FallsWithNoise()
    {
        var rng = new Random(5);
        LumaPlane a = Plane(40, 40, (x, y) => 60 + 2 * x + y);
        LumaPlane b = Plane(40, 40, (x, y) => 60 + 2 * x + y + rng.Next(-30, 31));
        double ssim = ImageQuality.Ssim(a, b);
        Assert.That(ssim, Is.LessThan(0.9).And.GreaterThan(0));
    }

    [Test]
    public void Luma_IsBt601_InTheStudioRange()
    {
        byte[] rgba = { 255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255 };
        LumaPlane p = LumaPlane.FromRgba(rgba, 3, 1, 0);
        Assert.That(p.Values[0], Is.EqualTo(235.0).Within(1e-9));
        Assert.That(p.Values[1], Is.EqualTo(16.0).Within(1e-9));
        Assert.That(p.Values[2], Is.EqualTo(16 + 65.481).Within(1e-9));
    }

    [Test]
    public void TemporalError_IsZeroWhenSrChangesLikeGt_AndMeasuresExtraFlicker()
    {
        LumaPlane gt0 = Plane(8, 8, (x, y) => x), gt1 = Plane(8, 8, (x, y) => x + 3);
        LumaPlane sr0 = Plane(8, 8, (x, y) => x + 1), sr1 = Plane(8, 8, (x, y) => x + 4);
        Assert.That(ImageQuality.TemporalError(sr1, sr0, gt1, gt0), Is.EqualTo(0).Within(1e-12));
        LumaPlane flicker = Plane(8, 8, (x, y) => x + 4 + ((x + y) % 2 == 0 ? 2 : -2));
        Assert.That(ImageQuality.TemporalError(flicker, sr0, gt1, gt0), Is.EqualTo(2).Within(1e-12));
    }
}
