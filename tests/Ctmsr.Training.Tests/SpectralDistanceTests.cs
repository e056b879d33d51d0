using Ctmsr.Metrics;
using Ctmsr.Training.Eval;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

public class SpectralDistanceTests
{
    private static LumaPlane Plane(int w, int h, Func<int, int, double> f)
    {
        var v = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) v[y * w + x] = f(x, y);
        return new LumaPlane(w, h, v);
    }

    /// <summary>Slow gradients only: almost no power above 0.25 cycles/pixel.</summary>
    private static LumaPlane Smooth(int w, int h) =>
        Plane(w, h, (x, y) => 120 + 40 * Math.Sin(x * 0.08) + 30 * Math.Cos(y * 0.06 + 0.4));

    /// <summary>Broadband texture: uniform noise around a mid grey.</summary>
    private static LumaPlane Texture(int w, int h, int seed)
    {
        var rng = new Random(seed);
        return Plane(w, h, (_, _) => 125 + 80 * (rng.NextDouble() - 0.5));
    }

    private static LumaPlane AddNoise(LumaPlane p, double amplitude, int seed)
    {
        var rng = new Random(seed);
        return new LumaPlane(p.Width, p.Height, p.Values.Select(v => v + amplitude * (rng.NextDouble() - 0.5)).ToArray());
    }

    [Test]
    public void SpectralDistance_OfIdenticalPlanes_IsZero()
    {
        var a = Texture(48, 40, 1);
        Assert.That(RadialSpectrum.SpectralDistance(a, a), Is.EqualTo(0.0));
        var b = Smooth(33, 29);
        Assert.That(RadialSpectrum.SpectralDistance(b, b), Is.EqualTo(0.0));
    }

    [Test]
    public void SpectralDistance_IgnoresAConstantOffset()
    {
        var a = Texture(40, 40, 2);
        var b = new LumaPlane(40, 40, a.Values.Select(v => v + 17).ToArray());
        Assert.That(RadialSpectrum.SpectralDistance(b, a), Is.EqualTo(0.0).Within(1e-9), "the mean is subtracted");
    }

    [Test]
    public void SpectralDistance_RisesWhenWhiteNoiseIsAddedToASmoothImage()
    {
        var hr = Smooth(64, 48);
        double light = RadialSpectrum.SpectralDistance(AddNoise(hr, 4, 3), hr);
        double heavy = RadialSpectrum.SpectralDistance(AddNoise(hr, 40, 3), hr);
        TestContext.Out.WriteLine($"light {light:F3}, heavy {heavy:F3}");
        Assert.That(light, Is.GreaterThan(0.5), "noise of variance 1.3 against a nearly empty upper band");
        // Noise 10 x the amplitude is 100 x the power: 2 decades more in every upper ring once both are above the floor.
        Assert.That(heavy - light, Is.EqualTo(2.0).Within(0.2));
    }

    [Test]
    public void SpectralDistance_RisesWhenATexturedImageIsBlurred()
    {
        var hr = Texture(44, 36, 4);
        var k = ImageMetrics.GaussianKernel(5, 1.0);
        var blurred = new LumaPlane(40, 32, ImageMetrics.FilterValid(hr.Values, 44, 36, k, out _, out _));
        var hrCropped = hr.Shave(2);
        double d = RadialSpectrum.SpectralDistance(blurred, hrCropped);
        TestContext.Out.WriteLine($"blurred {d:F3}");
        // A sigma-1 Gaussian passes exp(-2 pi^2 r^2) in amplitude: at r = 0.25 already -1.07 decades of power.
        Assert.That(d, Is.GreaterThan(1.0));
    }

    [Test]
    public void SpectralDistance_OfAContrastScaledCopy_IsTheLog10OfThePowerRatio()
    {
        var hr = Texture(50, 38, 5);
        double mean = hr.Values.Average();
        var sr = new LumaPlane(50, 38, hr.Values.Select(v => mean + 0.5 * (v - mean)).ToArray());
        // Half the amplitude is a quarter of the power in every ring, far above the floor: log10(4) exactly.
        Assert.That(RadialSpectrum.SpectralDistance(sr, hr), Is.EqualTo(Math.Log10(4)).Within(1e-9));
    }

    [TestCase(64, 64, 0.375, 0.0)]
    [TestCase(96, 72, 0.25, 0.25)] // r = 0.354, a non-square plane
    [TestCase(70, 45, 0.1, 0.0)]   // sides that are not powers of two
    public void RadialSpectrum_OfASinusoid_PeaksInTheRingOfItsFrequency(int w, int h, double fx, double fy)
    {
        var p = Plane(w, h, (x, y) => 120 + 50 * Math.Cos(2 * Math.PI * (fx * x + fy * y)));
        var s = RadialSpectrum.Compute(p);
        int peak = Array.IndexOf(s.LogPower, s.LogPower.Where(v => !double.IsNaN(v)).Max());
        double r = Math.Sqrt(fx * fx + fy * fy);
        int expected = (int)(r * 2 * s.Bins);
        Assert.That(s.Bins, Is.EqualTo(RadialSpectrum.BinCount(w, h)));
        Assert.That(peak, Is.EqualTo(expected), $"peak ring [{s.BinStart(peak):F3}, {s.BinStart(peak + 1):F3}) for r = {r:F3}");
    }

    [Test]
    public void SpectralDistance_SeesAMissingHighFrequencySinusoid_NotALowOne()
    {
        var smooth = Smooth(64, 64);
        LumaPlane With(double f) => Plane(64, 64, (x, y) => smooth[x, y] + 20 * Math.Cos(2 * Math.PI * f * x));
        double high = RadialSpectrum.SpectralDistance(smooth, With(0.375));
        double low = RadialSpectrum.SpectralDistance(smooth, With(0.05));
        TestContext.Out.WriteLine($"missing 0.375: {high:F3}, missing 0.05: {low:F3}");
        Assert.That(high, Is.GreaterThan(0.5));
        Assert.That(low, Is.LessThan(0.25 * high), "only r in [0.25, 0.5] counts");
    }

    [Test]
    public void SpectralDistance_OfPlanesOfDifferentSizes_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => RadialSpectrum.SpectralDistance(Texture(20, 20, 1), Texture(20, 18, 1)));
        Assert.That(e!.Message, Does.Contain("20x20").And.Contain("20x18"));
    }

    [Test]
    public void RadialSpectrum_OfATinyPlane_HasTwoRings()
    {
        var s = RadialSpectrum.Compute(Texture(5, 4, 6));
        Assert.That(s.Bins, Is.EqualTo(2));
        Assert.That(s.LogPower.All(double.IsFinite));
    }

    [TestCase(12, 9)]
    [TestCase(11, 10)]
    public void RadialSpectrum_MatchesADirectDftOfTheHannWindowedPlane(int w, int h)
    {
        // The recipe written out the slow way: mean removed, symmetric Hann per axis, full 2-D DFT, power over
        // sum(window^2), ring means over r = sqrt(fx^2 + fy^2) <= 0.5, log10 with the floor.
        var p = Texture(w, h, 7);
        double mean = p.Values.Average();
        double Hann(int i, int n) => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1));
        int bins = RadialSpectrum.BinCount(w, h);
        var sums = new double[bins];
        var counts = new int[bins];
        double energy = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) energy += Math.Pow(Hann(x, w) * Hann(y, h), 2);
        for (int ky = 0; ky < h; ky++)
            for (int kx = 0; kx < w; kx++)
            {
                double re = 0, im = 0;
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        double v = (p[x, y] - mean) * Hann(x, w) * Hann(y, h);
                        double angle = -2 * Math.PI * ((double)kx * x / w + (double)ky * y / h);
                        re += v * Math.Cos(angle);
                        im += v * Math.Sin(angle);
                    }
                double fx = (kx <= (w - 1) / 2 ? kx : kx - w) / (double)w, fy = (ky <= (h - 1) / 2 ? ky : ky - h) / (double)h;
                double r = Math.Sqrt(fx * fx + fy * fy);
                if (r > 0.5) continue;
                int bin = Math.Min(bins - 1, (int)(r * 2 * bins));
                sums[bin] += (re * re + im * im) / energy;
                counts[bin]++;
            }
        var s = RadialSpectrum.Compute(p);
        Assert.That(s.Counts, Is.EqualTo(counts));
        for (int i = 0; i < bins; i++)
            Assert.That(s.LogPower[i], Is.EqualTo(Math.Log10(Math.Max(sums[i] / counts[i], RadialSpectrum.PowerFloor))).Within(1e-9), $"ring {i}");
    }
}
