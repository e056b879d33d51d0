using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

public class QualityModesTests
{
    [TestCase(QualityMode.UltraQuality, 1.3, 1476, 830)]
    [TestCase(QualityMode.Quality, 1.5, 1280, 720)]
    [TestCase(QualityMode.Balanced, 1.7, 1129, 635)]
    [TestCase(QualityMode.Performance, 2.0, 960, 540)]
    [TestCase(QualityMode.UltraPerformance, 3.0, 640, 360)]
    public void RenderSize_For1080p_IsDisplayOverRatioRoundedDown(QualityMode mode, double ratio, int w, int h)
    {
        Assert.That(QualityModes.Ratio(mode), Is.EqualTo(ratio));
        Assert.That(QualityModes.RenderSize(1920, 1080, mode), Is.EqualTo(new FrameSize(w, h)));
        var d = UpscalerContextDescription.ForQuality(1920, 1080, mode);
        Assert.That((d.RenderWidth, d.RenderHeight, d.DisplayWidth, d.DisplayHeight), Is.EqualTo((w, h, 1920, 1080)));
    }

    [TestCase(QualityMode.Quality, 2560, 1440)]
    [TestCase(QualityMode.Performance, 1920, 1080)]
    [TestCase(QualityMode.UltraPerformance, 1280, 720)]
    public void RenderSize_For4k_IsDisplayOverRatio(QualityMode mode, int w, int h) =>
        Assert.That(QualityModes.RenderSize(3840, 2160, mode), Is.EqualTo(new FrameSize(w, h)));

    [Test]
    public void RenderSize_AnyRatio_NeverBelowOnePixel()
    {
        Assert.That(QualityModes.RenderSize(37, 53, 1.0), Is.EqualTo(new FrameSize(37, 53)));
        Assert.That(QualityModes.RenderSize(3, 2, 2.5), Is.EqualTo(new FrameSize(1, 1)));
    }

    [TestCase(0.99)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void RenderSize_RatioBelowOneOrNotFinite_Throws(double ratio) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityModes.RenderSize(100, 100, ratio));

    [Test]
    public void MipBias_IsLog2OfRenderOverDisplay()
    {
        Assert.That(QualityModes.MipBias(960, 1920), Is.EqualTo(-1f));
        Assert.That(QualityModes.MipBias(QualityMode.UltraPerformance), Is.EqualTo((float)-Math.Log2(3)).Within(1e-6));
        Assert.That(QualityModes.MipBias(QualityMode.Quality), Is.EqualTo(-0.5849625f).Within(1e-6));
        Assert.That(QualityModes.MipBias(1920, 1920), Is.Zero);
    }
}
