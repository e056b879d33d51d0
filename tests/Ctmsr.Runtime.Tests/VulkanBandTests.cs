using Ctmsr.Contract;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// Frames larger than the device's buffer limits run in horizontal bands (<see cref="FrameBands"/>): a test seam lowers
/// the limit so small frames take that path, and the output must equal the one-piece run byte for byte.
/// </summary>
[NonParallelizable]
public class VulkanBandTests
{
    [TearDown]
    public void ResetSeams()
    {
        VulkanFrameBackend.BufferLimitOverride = null;
        ConvTiling.ForceShape = null;
    }

    /// <summary>The bytes of one LR row of one fp32 activation buffer for <paramref name="model"/>, and its conv count.</summary>
    private static (ulong RowBytes, int Layers) Shape(CtmsrModel model, int width)
    {
        ModelPlan plan = VulkanModelPlan.Read(model.Bytes, model.Source);
        // The first layer's features have a buffer of their own only with the CPU shapes (features.comp).
        int max4 = ConvTiling.ForceShape == false ? 1 : (plan.Convs[0].InChannels + 3) / 4;
        for (int i = 0; i < plan.Convs.Count - 1; i++) max4 = Math.Max(max4, (plan.Convs[i].OutChannels + 3) / 4);
        return ((ulong)width * (ulong)max4 * 16UL, plan.Convs.Count);
    }

    private static byte[] Run(CtmsrModel model, byte[] input, int rw, int rh, int dw, int dh, PixelFormat format, ulong? limit, out int bands)
    {
        VulkanFrameBackend.BufferLimitOverride = limit;
        try
        {
            using var context = UpscalerContext.Create(new UpscalerContextDescription
            {
                Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
                Format = format, Backend = UpscalerBackend.Vulkan, VulkanPrecision = VulkanPrecision.Fp32,
            });
            var output = new byte[4 * dw * dh];
            context.Dispatch(input, 4 * rw, output, 4 * dw);
            bands = context.VulkanBackend!.Bands.Length;
            return output;
        }
        finally
        {
            VulkanFrameBackend.BufferLimitOverride = null;
        }
    }

    [TestCase(40, 30, 80, 60, PixelFormat.Rgba8, null)]   // exactly 2x: the last layer writes the frame directly
    [TestCase(40, 30, 67, 49, PixelFormat.Bgra8, null)]   // SR buffer + resample, bands of display rows
    [TestCase(23, 37, 61, 89, PixelFormat.Rgba8, null)]   // the resample upscales further
    [TestCase(40, 30, 50, 31, PixelFormat.Rgba8, null)]   // the resample downscales (wider row taps)
    public void Banded_ShippedModel_EqualsOnePieceOutput(int rw, int rh, int dw, int dh, PixelFormat format, bool? cpuShape)
    {
        ConvTiling.ForceShape = cpuShape;
        CtmsrModel model = CtmsrModel.LoadDefault();
        byte[] input = HostReference.RandomFrame(rw, rh, 4 * rw, seed: rw * dw + rh);

        byte[] whole = Run(model, input, rw, rh, dw, dh, format, null, out int oneBand);
        // Room for the halo (one row per conv layer each side) and a few rows: several bands.
        (ulong rowBytes, int layers) = Shape(model, rw);
        byte[] banded = Run(model, input, rw, rh, dw, dh, format, rowBytes * (ulong)(2 * layers + 4), out int bands);

        TestContext.Out.WriteLine($"{rw}x{rh} -> {dw}x{dh}: {bands} bands");
        Assert.That(oneBand, Is.EqualTo(1));
        Assert.That(bands, Is.GreaterThan(2), "the lowered limit must split the frame");
        Assert.That(banded, Is.EqualTo(whole));
    }

    [TestCase(null)]
    [TestCase(false)] // the GPU kernel shapes: the first layer builds its features in its tile
    public void Banded_RandomModels_EqualOnePieceOutput(bool? cpuShape)
    {
        ConvTiling.ForceShape = cpuShape;
        foreach ((int channels, int convs, int scale) in cpuShape == false ? new[] { (8, 2, 2), (8, 3, 3) } : new[] { (8, 2, 2), (12, 4, 3), (16, 3, 2) })
        {
            CtmsrModel model = CtmsrModel.Load(CtmsrGraphModels.Build(new CtmsrGraphSpec { Channels = channels, Convs = convs, Scale = scale, Seed = channels }), "random");
            const int rw = 29, rh = 41;
            byte[] input = HostReference.RandomFrame(rw, rh, 4 * rw, seed: convs);
            foreach ((int dw, int dh) in new[] { (scale * rw, scale * rh), (scale * rw - 5, scale * rh + 7) })
            {
                byte[] whole = Run(model, input, rw, rh, dw, dh, PixelFormat.Rgba8, null, out _);
                (ulong rowBytes, int layers) = Shape(model, rw);
                ulong limit = rowBytes * (ulong)(2 * layers + 3);
                byte[] banded = Run(model, input, rw, rh, dw, dh, PixelFormat.Rgba8, limit, out int bands);
                TestContext.Out.WriteLine($"{channels}ch {convs} convs x{scale} -> {dw}x{dh}: {bands} bands");
                Assert.That(bands, Is.GreaterThan(2), $"{channels}ch x{scale} {dw}x{dh}");
                Assert.That(banded, Is.EqualTo(whole), $"{channels}ch x{scale} {dw}x{dh}");
            }
        }
    }

    [Test]
    public void Banded_Output_MatchesOnnxRuntimeBackendWithinOneLevel()
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        const int rw = 40, rh = 30, dw = 80, dh = 60;
        byte[] input = HostReference.RandomFrame(rw, rh, 4 * rw, seed: 9);
        (ulong rowBytes, int layers) = Shape(model, rw);
        byte[] banded = Run(model, input, rw, rh, dw, dh, PixelFormat.Rgba8, rowBytes * (ulong)(2 * layers + 5), out int bands);
        var cpu = new byte[4 * dw * dh];
        using (var context = UpscalerContext.Create(new UpscalerContextDescription
               {
                   Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh, Backend = UpscalerBackend.Cpu, ThreadCount = 1,
               }))
            context.Dispatch(input, 4 * rw, cpu, 4 * dw);
        int maxDiff = 0;
        for (int i = 0; i < cpu.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(cpu[i] - banded[i]));
        Assert.That(bands, Is.GreaterThan(1));
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void LimitBelowOneBand_ThrowsQuotingTheLimit()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Run(CtmsrModel.LoadDefault(), new byte[4 * 40 * 30], 40, 30, 80, 60, PixelFormat.Rgba8, 4096, out _));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(ex.Message, Does.Contain("40x30 -> 80x60").And.Contain("4096 bytes").And.Contain("maxStorageBufferRange").And.Contain("halo"));
    }

    [TestCase(1080, 2160, 8, 100)]
    [TestCase(7, 14, 3, 7)]
    [TestCase(50, 100, 2, 5)]
    public void Plan_DirectBands_CoverEveryRowOnce_WithTheHalo(int h, int dh, int layers, int maxRows)
    {
        var request = new FrameBands.Request
        {
            RenderWidth = 10, RenderHeight = h, DisplayWidth = 20, DisplayHeight = dh, Scale = 2, Layers = layers, Direct = true,
            ActRowBytes = 100, MaxBytes = 100UL * (ulong)(maxRows + 2 * layers), MaxTexels = uint.MaxValue, Device = "test device",
        };
        FrameBand[] bands = FrameBands.Plan(request);
        int next = 0;
        foreach (FrameBand b in bands)
        {
            Assert.That(b.Row0, Is.EqualTo(next));
            Assert.That(b.Row1 - b.Row0, Is.InRange(1, maxRows));
            Assert.That(b.ActRow0, Is.EqualTo(Math.Max(0, b.Row0 - layers)));
            Assert.That(b.ActRow1, Is.EqualTo(Math.Min(h, b.Row1 + layers)));
            Assert.That((ulong)(b.ActRow1 - b.ActRow0) * 100, Is.LessThanOrEqualTo(request.MaxBytes));
            Assert.That((b.DisplayRow0, b.DisplayRow1), Is.EqualTo((2 * b.Row0, 2 * b.Row1)));
            next = b.Row1;
        }
        Assert.That(next, Is.EqualTo(h));
        Assert.That(bands, Has.Length.EqualTo((h + maxRows - 1) / maxRows));
    }
}
