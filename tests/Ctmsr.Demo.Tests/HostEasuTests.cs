using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Tests;

/// <summary>
/// The host twin of easu.comp (HostEasu.cs, also compiled into ctmsr-train as the eval's "easu" baseline) against the
/// shader itself on the test's Vulkan device (lavapipe here): every byte within 1 level of 255, and at most 1% of the
/// bytes off by that level (float rounding at a .5 boundary, not a systematic difference).
/// </summary>
[NonParallelizable]
public class HostEasuTests
{
    private const int Tolerance = 1;
    private const double MaxOffFraction = 0.01;
    private GpuContext _gpu = null!;
    private ComputeUpscaler _easu = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _gpu = GpuContext.CreateHeadless();
        _easu = new ComputeUpscaler(_gpu, UpscaleMethod.Easu);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _easu.Dispose();
        _gpu.Dispose();
    }

    private byte[] RunShader(byte[] src, FrameSize s, FrameSize d)
    {
        using var a = _gpu.CreateBuffer((ulong)src.Length, BufferUsageFlags.StorageBufferBit, "test input");
        using var b = _gpu.CreateBuffer(4UL * (ulong)(d.Width * d.Height), BufferUsageFlags.StorageBufferBit, "test output");
        src.CopyTo(a.Span);
        CommandBuffer cmd = _gpu.AllocateCommandBuffer();
        _gpu.Begin(cmd);
        _easu.Record(cmd, a, s, b, d, swapRedBlue: false);
        _gpu.SubmitAndWait(cmd);
        _gpu.FreeCommandBuffer(cmd);
        _easu.Forget(a);
        _easu.Forget(b);
        return b.Span.ToArray();
    }

    /// <summary>Uniform random RGBA: every texel an edge, the worst case for the direction analysis.</summary>
    private static byte[] Noise(int w, int h, int seed)
    {
        var p = new byte[4 * w * h];
        new Random(seed).NextBytes(p);
        return p;
    }

    /// <summary>A render-like frame: a gradient sky, hard diagonal and curved edges, thin lines and a checker, opaque.</summary>
    private static byte[] Scene(int w, int h)
    {
        var p = new byte[4 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double u = (x + 0.5) / w, v = (y + 0.5) / h;
                double r = 40 + 150 * v, g = 90 + 100 * u, b = 200 - 80 * v;
                if (u * 0.7 + v > 0.9) (r, g, b) = (180, 150, 60);                                  // diagonal horizon
                if ((u - 0.3) * (u - 0.3) + (v - 0.35) * (v - 0.35) < 0.03) (r, g, b) = (230, 230, 240); // disc
                if (Math.Abs(x - 2 * y / 3.0 - w * 0.55) < 0.7) (r, g, b) = (20, 20, 20);             // thin steep line
                if (u > 0.7 && v > 0.6 && ((x / 2 + y / 2) & 1) == 0) (r, g, b) = (250, 40, 40);      // fine checker
                int o = 4 * (y * w + x);
                p[o] = (byte)r;
                p[o + 1] = (byte)g;
                p[o + 2] = (byte)b;
                p[o + 3] = 255;
            }
        return p;
    }

    [TestCase("noise", 24, 18, 36, 27)]  // 1.5
    [TestCase("noise", 20, 14, 60, 42)]  // 3
    [TestCase("noise", 13, 7, 26, 14)]   // 2, odd sides
    [TestCase("scene", 40, 30, 60, 45)]  // 1.5
    [TestCase("scene", 30, 20, 90, 60)]  // 3
    [TestCase("scene", 50, 38, 65, 49)]  // 1.3 (and 1.289 vertically)
    [TestCase("scene", 33, 25, 57, 43)]  // 1.727 x 1.72 (Balanced-like, unequal per axis)
    [TestCase("scene", 16, 12, 32, 24)]  // 2
    [TestCase("scene", 48, 36, 24, 18)]  // 0.5: the shader also downsamples
    public void HostEasu_MatchesTheShader_WithinOneLevel(string image, int sw, int sh, int dw, int dh)
    {
        byte[] src = image == "noise" ? Noise(sw, sh, sw * 31 + dw) : Scene(sw, sh);
        byte[] gpu = RunShader(src, new FrameSize(sw, sh), new FrameSize(dw, dh));
        var host = new byte[4 * dw * dh];
        HostEasu.Upscale(src, sw, sh, 4, host, dw, dh);

        int worst = 0, off = 0, wx = 0, wy = 0;
        for (int i = 0; i < host.Length; i++)
        {
            int d = Math.Abs(gpu[i] - host[i]);
            if (d > 0) off++;
            if (d > worst)
            {
                worst = d;
                wx = i / 4 % dw;
                wy = i / 4 / dw;
            }
        }
        double fraction = off / (double)host.Length;
        TestContext.Out.WriteLine($"{image} {sw}x{sh} -> {dw}x{dh}: max |shader - host| {worst} (at {wx},{wy}), {off} of {host.Length} bytes differ");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"at ({wx},{wy})");
        Assert.That(fraction, Is.LessThanOrEqualTo(MaxOffFraction));
    }

    [Test]
    public void HostEasu_OnThreeChannels_EqualsTheRgbOfFourChannels()
    {
        // The eval feeds RGB (3 bytes per pixel); the filter of R, G and B must not depend on alpha being there.
        const int sw = 21, sh = 15, dw = 42, dh = 30;
        byte[] rgba = Scene(sw, sh);
        var rgb = new byte[3 * sw * sh];
        for (int i = 0; i < sw * sh; i++)
            for (int c = 0; c < 3; c++) rgb[3 * i + c] = rgba[4 * i + c];
        var four = new byte[4 * dw * dh];
        var three = new byte[3 * dw * dh];
        HostEasu.Upscale(rgba, sw, sh, 4, four, dw, dh);
        HostEasu.Upscale(rgb, sw, sh, 3, three, dw, dh);
        for (int i = 0; i < dw * dh; i++)
            for (int c = 0; c < 3; c++)
                Assert.That(three[3 * i + c], Is.EqualTo(four[4 * i + c]), $"pixel {i} channel {c}");
    }

    [Test]
    public void HostEasu_WithAShortDestination_NamesTheBytesItNeeds()
    {
        var e = Assert.Throws<ArgumentException>(() => HostEasu.Upscale(new byte[4 * 16], 4, 4, 4, new byte[100], 8, 8));
        Assert.That(e!.Message, Does.Contain("8x8").And.Contain("256").And.Contain("100"));
    }
}
