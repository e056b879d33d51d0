using Ctmsr.Runtime.Noise;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

public class DeterministicNoiseTests
{
    // Pinned from an independent implementation of DESIGN.md's definition (arbitrary-precision integers masked to 32 bits).
    [TestCase(0u, 129708002u)]
    [TestCase(1u, 2831084092u)]
    [TestCase(12345u, 4099845390u)]
    public void Pcg_MatchesPinnedValues(uint v, uint expected) =>
        Assert.That(DeterministicNoise.Pcg(v), Is.EqualTo(expected));

    [TestCase(0, 0, 0, 0u, 0.014997313705497308)]
    [TestCase(1, 0, 0, 0u, -0.25306338115356647)]
    [TestCase(0, 1, 2, 0u, -1.4981659283161113)]
    [TestCase(37, 53, 1, 0u, -0.8733243973247987)]
    [TestCase(1919, 1079, 2, 7u, -0.7201305643279076)]
    public void Sample_MatchesPinnedValues(int x, int y, int c, uint seed, double expected) =>
        Assert.That(DeterministicNoise.Sample(x, y, c, seed), Is.EqualTo(expected).Within(1e-6));

    [Test]
    public void Fill_IsPlanarAndStandardNormal()
    {
        const int w = 64, h = 48;
        var buf = new float[3 * w * h];
        DeterministicNoise.Fill(buf, w, h);
        Assert.That(buf[2 * w * h + 1 * w + 0], Is.EqualTo(DeterministicNoise.Sample(0, 1, 2)));
        double mean = buf.Average(v => (double)v);
        double var = buf.Average(v => (v - mean) * (v - mean));
        Assert.That(mean, Is.EqualTo(0).Within(0.05));
        Assert.That(var, Is.EqualTo(1).Within(0.08));
    }

    [Test]
    public void Fill_WithShortBuffer_ThrowsWithRequiredSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => DeterministicNoise.Fill(new float[10], 4, 4));
        Assert.That(ex!.Message, Does.Contain("48").And.Contain("got 10"));
    }
}
