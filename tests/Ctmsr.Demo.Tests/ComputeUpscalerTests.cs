using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Tests;

[NonParallelizable]
public class ComputeUpscalerTests
{
    private GpuContext _gpu = null!;

    [OneTimeSetUp]
    public void SetUp() => _gpu = GpuContext.CreateHeadless();

    [OneTimeTearDown]
    public void TearDown() => _gpu.Dispose();

    private static byte[] RandomImage(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var p = new byte[4 * w * h];
        rng.NextBytes(p);
        return p;
    }

    private byte[] Run(UpscaleMethod method, byte[] src, FrameSize s, FrameSize d, bool swap = false)
    {
        using var up = new ComputeUpscaler(_gpu, method);
        using var a = _gpu.CreateBuffer((ulong)src.Length, BufferUsageFlags.StorageBufferBit, "test input");
        using var b = _gpu.CreateBuffer(4UL * (ulong)(d.Width * d.Height), BufferUsageFlags.StorageBufferBit, "test output");
        src.CopyTo(a.Span);
        CommandBuffer cmd = _gpu.AllocateCommandBuffer();
        _gpu.Begin(cmd);
        up.Record(cmd, a, s, b, d, swap);
        _gpu.SubmitAndWait(cmd);
        _gpu.FreeCommandBuffer(cmd);
        return b.Span.ToArray();
    }

    [Test]
    public void Nearest_AtTwice_RepeatsEverySourcePixel()
    {
        byte[] src = RandomImage(13, 7, 1);
        byte[] dst = Run(UpscaleMethod.Nearest, src, new FrameSize(13, 7), new FrameSize(26, 14));
        for (int y = 0; y < 14; y++)
            for (int x = 0; x < 26; x++)
                for (int c = 0; c < 4; c++)
                    Assert.That(dst[4 * (y * 26 + x) + c], Is.EqualTo(src[4 * ((y / 2) * 13 + x / 2) + c]), $"({x},{y}) channel {c}");
    }

    [Test]
    public void Nearest_WithSwapRedBlue_WritesBgra()
    {
        byte[] src = RandomImage(4, 4, 2);
        byte[] dst = Run(UpscaleMethod.Nearest, src, new FrameSize(4, 4), new FrameSize(4, 4), swap: true);
        Assert.That(dst[0], Is.EqualTo(src[2]));
        Assert.That(dst[2], Is.EqualTo(src[0]));
        Assert.That(dst[1], Is.EqualTo(src[1]));
    }

    [TestCase(UpscaleMethod.Bilinear)]
    [TestCase(UpscaleMethod.Bicubic)]
    public void Resample_MatchesHostReference_WithinOneLevel(UpscaleMethod method)
    {
        var s = new FrameSize(11, 9);
        var d = new FrameSize(17, 20); // a non-integer ratio per axis
        byte[] src = RandomImage(s.Width, s.Height, 3);
        byte[] dst = Run(method, src, s, d);
        byte[] expected = HostResample.Run(src, s, d, method == UpscaleMethod.Bicubic);
        int worst = 0;
        for (int i = 0; i < dst.Length; i++) worst = Math.Max(worst, Math.Abs(dst[i] - expected[i]));
        Assert.That(worst, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void Easu_OnAFlatImage_KeepsTheColour()
    {
        var s = new FrameSize(16, 16);
        byte[] src = new byte[4 * 256];
        for (int i = 0; i < src.Length; i += 4) { src[i] = 200; src[i + 1] = 100; src[i + 2] = 30; src[i + 3] = 255; }
        byte[] dst = Run(UpscaleMethod.Easu, src, s, new FrameSize(32, 32));
        for (int i = 0; i < dst.Length; i += 4)
            Assert.That(new[] { dst[i], dst[i + 1], dst[i + 2], dst[i + 3] }, Is.EqualTo(new byte[] { 200, 100, 30, 255 }));
    }

    [Test]
    public void Easu_StaysWithinItsFourNearestSourcePixels_NoRinging()
    {
        var s = new FrameSize(24, 18);
        var d = new FrameSize(48, 36);
        byte[] src = RandomImage(s.Width, s.Height, 4);
        byte[] dst = Run(UpscaleMethod.Easu, src, s, d);
        int outside = 0;
        for (int y = 0; y < d.Height; y++)
            for (int x = 0; x < d.Width; x++)
            {
                double fx = (x + 0.5) * s.Width / d.Width - 0.5, fy = (y + 0.5) * s.Height / d.Height - 0.5;
                int bx = (int)Math.Floor(fx), by = (int)Math.Floor(fy);
                for (int c = 0; c < 3; c++)
                {
                    int lo = 255, hi = 0;
                    for (int j = 0; j <= 1; j++)
                        for (int i = 0; i <= 1; i++)
                        {
                            int sx = Math.Clamp(bx + i, 0, s.Width - 1), sy = Math.Clamp(by + j, 0, s.Height - 1);
                            int v = src[4 * (sy * s.Width + sx) + c];
                            lo = Math.Min(lo, v);
                            hi = Math.Max(hi, v);
                        }
                    int o = dst[4 * (y * d.Width + x) + c];
                    if (o < lo - 1 || o > hi + 1) outside++;
                }
            }
        Assert.That(outside, Is.Zero);
    }

    [Test]
    public void Easu_OnASharpDiagonalEdge_IsCloserToTheEdgeThanBilinear()
    {
        // A hard diagonal edge rendered at 2x and box-downscaled: EASU should recover it better than bilinear.
        const int w = 32, h = 32;
        var hr = new byte[4 * 2 * w * 2 * h];
        for (int y = 0; y < 2 * h; y++)
            for (int x = 0; x < 2 * w; x++)
            {
                byte v = (byte)(x * 0.6 + y > 40 ? 230 : 20);
                int o = 4 * (y * 2 * w + x);
                hr[o] = hr[o + 1] = hr[o + 2] = v;
                hr[o + 3] = 255;
            }
        var lr = new byte[4 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 4; c++)
                    lr[4 * (y * w + x) + c] = (byte)((hr[4 * (2 * y * 2 * w + 2 * x) + c] + hr[4 * (2 * y * 2 * w + 2 * x + 1) + c]
                        + hr[4 * ((2 * y + 1) * 2 * w + 2 * x) + c] + hr[4 * ((2 * y + 1) * 2 * w + 2 * x + 1) + c] + 2) / 4);
        var s = new FrameSize(w, h);
        var d = new FrameSize(2 * w, 2 * h);
        double easu = Error(Run(UpscaleMethod.Easu, lr, s, d), hr), bilinear = Error(Run(UpscaleMethod.Bilinear, lr, s, d), hr);
        Assert.That(easu, Is.LessThan(bilinear));
    }

    private static double Error(byte[] a, byte[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return sum / a.Length;
    }
}
