using ModelPlan = Ctmsr.Contract.ModelPlan;
using PlanConv = Ctmsr.Contract.PlanConv;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Noise;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;
using SkiaSharp;

namespace Ctmsr.Runtime.Tests;

/// <summary>The Vulkan compute backend on whatever Vulkan driver this machine has (lavapipe in CI).</summary>
[NonParallelizable]
public class VulkanBackendTests
{
    private static CtmsrModel Random(CtmsrGraphSpec? spec = null) =>
        CtmsrModel.Load(CtmsrGraphModels.Build(spec ?? new CtmsrGraphSpec()), "random-ctmsr");

    private static UpscalerContext CreateVulkan(CtmsrModel model, int rw, int rh, int dw, int dh, VulkanPrecision precision = VulkanPrecision.Fp32,
        PixelFormat format = PixelFormat.Rgba8, int profiler = 0) =>
        UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Format = format, Backend = UpscalerBackend.Vulkan, VulkanPrecision = precision, ProfilerCapacity = profiler,
        });

    private static UpscalerContext CreateCpu(CtmsrModel model, int rw, int rh, int dw, int dh, PixelFormat format = PixelFormat.Rgba8) =>
        UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Format = format, Backend = UpscalerBackend.Cpu, ThreadCount = 1,
        });

    /// <summary>Runs one frame with the SR buffer kept, and returns it as planar [3, sh, sw] like the model's output.</summary>
    private static float[] VulkanSr(CtmsrModel model, byte[] frame, int w, int h, VulkanPrecision precision)
    {
        int s = model.Scale;
        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = w, RenderHeight = h, DisplayWidth = s * w + 1, DisplayHeight = s * h + 1,
            Backend = UpscalerBackend.Vulkan, VulkanPrecision = precision,
        });
        var output = new byte[4 * (s * w + 1) * (s * h + 1)];
        context.Dispatch(frame, 4 * w, output, 4 * (s * w + 1));
        float[] sr = VulkanReadBacks.Sr(context.VulkanBackend!);
        int sw = s * w, sh = s * h;
        var planar = new float[3 * sw * sh];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < sw * sh; i++) planar[c * sw * sh + i] = sr[4 * i + c];
        return planar;
    }

    private static double MaxAbs(float[] a, float[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    private static bool DeviceHasFp16()
    {
        try
        {
            using var context = CreateVulkan(Random(), 4, 4, 8, 8, VulkanPrecision.Fp16);
            return context.VulkanPrecision == VulkanPrecision.Fp16;
        }
        catch (NotSupportedException ex) when (ex.Message.Contains("fp16"))
        {
            return false;
        }
    }

    [Test]
    public void Noise_ComputedInShader_EqualsCSharpFunction()
    {
        using var context = CreateVulkan(Random(), 4, 4, 8, 8);
        foreach (uint seed in new uint[] { 0, 12345 })
        {
            const int w = 61, h = 37;
            float[] gpu = VulkanReadBacks.Noise(context.VulkanBackend!, w, h, seed);
            var host = new float[3 * w * h];
            DeterministicNoise.Fill(host, w, h, seed);
            double diff = MaxAbs(gpu, host);
            TestContext.Out.WriteLine($"noise seed {seed}: max abs diff {diff:E2}");
            Assert.That(diff, Is.LessThanOrEqualTo(2e-5), $"seed {seed}");
        }
    }

    [TestCase(37, 53, 8, 3, 2)]
    [TestCase(16, 9, 12, 4, 2)]
    [TestCase(13, 11, 8, 2, 3)]
    [TestCase(9, 7, 4, 3, 4)]
    public void Fp32_RandomFrame_MatchesOnnxRuntimeModel(int w, int h, int channels, int convs, int scale)
    {
        CtmsrModel model = Random(new CtmsrGraphSpec { Channels = channels, Convs = convs, Scale = scale, Seed = w + h });
        byte[] frame = HostReference.RandomFrame(w, h, 4 * w, seed: w * h);
        float[] expected = HostReference.RunModel(model.Bytes, HostReference.ToPlanar(frame, w, h), w, h, scale);

        float[] actual = VulkanSr(model, frame, w, h, VulkanPrecision.Fp32);

        double diff = MaxAbs(actual, expected);
        TestContext.Out.WriteLine($"fp32 {w}x{h} x{scale} {channels}ch {convs} convs: max abs diff {diff:E2}");
        Assert.That(diff, Is.LessThanOrEqualTo(1e-3));
    }

    [Test]
    public void Fp32_ShippedModel_RealImage_MatchesOnnxRuntimeModel()
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        (byte[] frame, int w, int h) = SampleCrop(121, 67);
        float[] expected = HostReference.RunModel(model.Bytes, HostReference.ToPlanar(frame, w, h), w, h, model.Scale);

        float[] actual = VulkanSr(model, frame, w, h, VulkanPrecision.Fp32);

        double diff = MaxAbs(actual, expected);
        TestContext.Out.WriteLine($"fp32 shipped model, sample crop {w}x{h}: max abs diff {diff:E2}");
        Assert.That(diff, Is.LessThanOrEqualTo(1e-3));
    }

    [Test]
    public void Fp16_ShippedModelAndRandomFrames_MatchOnnxRuntimeModelWithinFp16Tolerance()
    {
        if (!DeviceHasFp16()) Assert.Ignore("this Vulkan device has no 16-bit storage / shaderFloat16");
        CtmsrModel shipped = CtmsrModel.LoadDefault();
        (byte[] image, int w, int h) = SampleCrop(121, 67);
        float[] expected = HostReference.RunModel(shipped.Bytes, HostReference.ToPlanar(image, w, h), w, h, 2);
        double shippedDiff = MaxAbs(VulkanSr(shipped, image, w, h, VulkanPrecision.Fp16), expected);
        TestContext.Out.WriteLine($"fp16 shipped model, sample crop: max abs diff {shippedDiff:E2}");
        Assert.That(shippedDiff, Is.LessThanOrEqualTo(1e-2), "shipped model, real image");

        CtmsrModel model = Random(new CtmsrGraphSpec { Channels = 12, Convs = 4 });
        byte[] frame = HostReference.RandomFrame(37, 53, 4 * 37, seed: 3);
        float[] expectedRandom = HostReference.RunModel(model.Bytes, HostReference.ToPlanar(frame, 37, 53), 37, 53, 2);
        double diff = MaxAbs(VulkanSr(model, frame, 37, 53, VulkanPrecision.Fp16), expectedRandom);
        TestContext.Out.WriteLine($"fp16 random model 37x53: max abs diff {diff:E2}");
        Assert.That(diff, Is.LessThanOrEqualTo(1e-2), "random model, random frame");
        Assert.That(diff, Is.GreaterThan(0), "fp16 that matches fp32 exactly did not run in fp16");
    }

    [TestCase(40, 30, 80, 60, PixelFormat.Rgba8)]   // exactly 2x: the last layer writes the frame directly
    [TestCase(40, 30, 67, 49, PixelFormat.Bgra8)]   // ratio ~1.65: SR buffer + resample pass
    [TestCase(23, 17, 61, 47, PixelFormat.Rgba8)]   // ratio ~2.7 on a x2 model: the resample upscales further
    public void Dispatch_Frames_MatchOnnxRuntimeBackendWithinOneLevel(int rw, int rh, int dw, int dh, PixelFormat format)
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        byte[] input = HostReference.RandomFrame(rw, rh, 4 * rw, seed: rw + dw);
        var viaVulkan = new byte[4 * dw * dh];
        var viaCpu = new byte[4 * dw * dh];
        using (var vulkan = CreateVulkan(model, rw, rh, dw, dh, format: format)) vulkan.Dispatch(input, 4 * rw, viaVulkan, 4 * dw);
        using (var cpu = CreateCpu(model, rw, rh, dw, dh, format)) cpu.Dispatch(input, 4 * rw, viaCpu, 4 * dw);

        int maxDiff = 0, differing = 0, alphaDiffering = 0;
        for (int i = 0; i < viaCpu.Length; i++)
        {
            int d = Math.Abs(viaVulkan[i] - viaCpu[i]);
            maxDiff = Math.Max(maxDiff, d);
            if (d != 0) differing++;
            if (i % 4 == 3 && d != 0) alphaDiffering++;
        }
        TestContext.Out.WriteLine($"{rw}x{rh} -> {dw}x{dh} {format}: max diff {maxDiff}, {differing} of {viaCpu.Length} bytes differ");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1), "8-bit output may differ only where a value sits on a rounding edge");
        Assert.That(differing, Is.LessThan(viaCpu.Length / 100), "more than 1 % of the bytes differ");
        Assert.That(alphaDiffering, Is.LessThanOrEqualTo(viaCpu.Length / 4 / 200), "alpha must be carried through");
    }

    [Test]
    public void FusedKernels_EachLayer_MatchesHostReference()
    {
        // Three convs: layer 0 writes A, layer 1 writes B, the last layer reads B and writes the SR buffer.
        CtmsrModel model = Random(new CtmsrGraphSpec { Channels = 8, Convs = 3, Seed = 7 });
        const int w = 19, h = 13, s = 2;
        byte[] frame = HostReference.RandomFrame(w, h, 4 * w, seed: 11);
        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = w, RenderHeight = h, DisplayWidth = 2 * w + 3, DisplayHeight = 2 * h + 3,
            Backend = UpscalerBackend.Vulkan, VulkanPrecision = VulkanPrecision.Fp32,
        });
        var output = new byte[4 * (2 * w + 3) * (2 * h + 3)];
        context.Dispatch(frame, 4 * w, output, 4 * (2 * w + 3));
        VulkanFrameBackend backend = context.VulkanBackend!;
        IReadOnlyList<PlanConv> convs = backend.Plan.Convs;
        float[] a = VulkanReadBacks.ActivationsA(backend), b = VulkanReadBacks.ActivationsB(backend), sr = VulkanReadBacks.Sr(backend);

        // (a) first layer: frame -> features (bicubic, noise, space_to_depth, lq) -> conv + LeakyReLU
        float[] lq = HostReference.ToPlanar(frame, w, h).Select(v => 2 * v - 1).ToArray();
        var y = new double[3][];
        for (int c = 0; c < 3; c++) y[c] = HostReference.Cubic(lq.AsSpan(c * w * h, w * h), w, h, s * w, s * h);
        int cin0 = 3 * s * s + 3;
        var features = new float[cin0 * w * h];
        for (int py = 0; py < h; py++)
            for (int px = 0; px < w; px++)
            {
                for (int i = 0; i < s; i++)
                    for (int j = 0; j < s; j++)
                        for (int c = 0; c < 3; c++)
                        {
                            int X = s * px + j, Y = s * py + i;
                            double xt = y[c][Y * s * w + X] + DeterministicNoise.Sample(X, Y, c);
                            features[((i * s + j) * 3 + c) * w * h + py * w + px] = (float)xt;
                        }
                for (int c = 0; c < 3; c++) features[(3 * s * s + c) * w * h + py * w + px] = lq[c * w * h + py * w + px];
            }
        float[] layer0 = HostConv(features, w, h, convs[0]);
        Assert.That(MaxAbs(Planarize(a, w, h, 8), layer0), Is.LessThanOrEqualTo(1e-4), "first layer");

        // (b) body layer: conv + LeakyReLU of what the first layer wrote
        float[] layer1 = HostConv(Planarize(a, w, h, 8), w, h, convs[1]);
        Assert.That(MaxAbs(Planarize(b, w, h, 8), layer1), Is.LessThanOrEqualTo(1e-4), "body layer");

        // (c) last layer: conv -> depth_to_space -> F = d2s + y, D = c_skip x_T + c_out F -> clamp(D / 2 + 1 / 2)
        float[] last = HostConv(Planarize(b, w, h, 8), w, h, convs[2]);
        var expectedSr = new float[3 * s * w * s * h];
        ModelPlan plan = backend.Plan;
        for (int Y = 0; Y < s * h; Y++)
            for (int X = 0; X < s * w; X++)
                for (int c = 0; c < 3; c++)
                {
                    int k = ((Y % s) * s + X % s) * 3 + c;
                    double yv = y[c][Y * s * w + X];
                    double xt = yv + plan.SigmaMax * DeterministicNoise.Sample(X, Y, c);
                    double f = last[k * w * h + (Y / s) * w + X / s] + yv;
                    double d = plan.CSkip * xt + plan.COut * f;
                    expectedSr[c * s * w * s * h + Y * s * w + X] = (float)Math.Clamp(d * 0.5 + 0.5, 0, 1);
                }
        var actualSr = new float[expectedSr.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < s * w * s * h; i++) actualSr[c * s * w * s * h + i] = sr[4 * i + c];
        Assert.That(MaxAbs(actualSr, expectedSr), Is.LessThanOrEqualTo(1e-4), "last layer");

        // (d) resample: cubic of the SR image to the display size, clamp, quantise; alpha bilinear from the input
        int dw = 2 * w + 3, dh = 2 * h + 3, mismatches = 0;
        for (int c = 0; c < 3; c++)
        {
            double[] up = HostReference.Cubic(actualSr.AsSpan(c * s * w * s * h, s * w * s * h), s * w, s * h, dw, dh);
            for (int i = 0; i < dw * dh; i++)
                if (Math.Abs(output[4 * i + c] - HostReference.Quantize(up[i])) > 1) mismatches++;
        }
        for (int yy = 0; yy < dh; yy++)
            for (int xx = 0; xx < dw; xx++)
                if (Math.Abs(output[4 * (yy * dw + xx) + 3] - HostReference.Bilinear(frame, w, h, 4 * w, (double)dw / w, (double)dh / h, xx, yy, 3)) > 1) mismatches++;
        Assert.That(mismatches, Is.Zero, "resample and alpha");
    }

    [Test]
    public void EngineOwned_RecordDispatch_IntoTestCommandBuffer_MatchesStandalone()
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        const int rw = 29, rh = 21, dw = 58, dh = 42, inStride = 4 * rw + 12, outStride = 4 * dw + 8;
        byte[] frame = HostReference.RandomFrame(rw, rh, inStride, seed: 5);
        var expected = new byte[4 * dw * dh];
        using (var standalone = CreateVulkan(model, rw, rh, dw, dh)) standalone.Dispatch(frame, inStride, expected, 4 * dw);

        using GpuContext engine = GpuContext.CreateHeadless();
        using var input = engine.CreateHostBuffer((ulong)(inStride * rh));
        using var output = engine.CreateHostBuffer((ulong)(outStride * dh));
        frame.CopyTo(input.Span);
        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Backend = UpscalerBackend.Auto, VulkanPrecision = VulkanPrecision.Fp32, VulkanDevice = engine.Handles, ProfilerCapacity = 8,
        });
        Assert.That(context.Backend, Is.EqualTo(UpscalerBackend.Vulkan), context.BackendReason);
        Assert.That(context.BackendReason, Does.Contain("engine-owned"));

        for (int frameIndex = 0; frameIndex < 3; frameIndex++)
            engine.SubmitAndWait(cmd => context.RecordDispatch(cmd.Handle, VulkanFrame.FromBuffer(input.Buffer.Handle, 0, inStride), VulkanFrame.FromBuffer(output.Buffer.Handle, 0, outStride)));

        byte[] actual = output.Span.ToArray();
        for (int yy = 0; yy < dh; yy++)
            Assert.That(actual.AsSpan(yy * outStride, 4 * dw).ToArray(), Is.EqualTo(expected.AsSpan(yy * 4 * dw, 4 * dw).ToArray()), $"row {yy}");
        Assert.That(context.Profiler!.HasGpuStages, Is.True, "the previous frames' timestamps reach the profiler");
        Assert.That(context.Profiler.Statistics(DispatchStage.GpuTotal).Max, Is.GreaterThan(0));
    }

    [Test]
    public void EngineOwned_RecordDispatch_WithImages_MatchesStandalone()
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        const int rw = 16, rh = 12, dw = 32, dh = 24;
        byte[] frame = HostReference.RandomFrame(rw, rh, 4 * rw, seed: 9);
        var expected = new byte[4 * dw * dh];
        using (var standalone = CreateVulkan(model, rw, rh, dw, dh)) standalone.Dispatch(frame, 4 * rw, expected, 4 * dw);

        using GpuContext engine = GpuContext.CreateHeadless();
        using var inputImage = engine.CreateImage(rw, rh);
        using var outputImage = engine.CreateImage(dw, dh);
        engine.Upload(inputImage, frame);
        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Backend = UpscalerBackend.Vulkan, VulkanPrecision = VulkanPrecision.Fp32, VulkanDevice = engine.Handles,
        });
        engine.SubmitAndWait(cmd => context.RecordDispatch(cmd.Handle, VulkanFrame.FromImage(inputImage.Handle.Handle, EngineFrames.GeneralLayout),
            VulkanFrame.FromImage(outputImage.Handle.Handle, EngineFrames.GeneralLayout)));

        Assert.That(engine.Download(outputImage), Is.EqualTo(expected));
    }

    [Test]
    public void RecordDispatch_OnStandaloneContext_ThrowsNamingTheBackend()
    {
        using var context = CreateVulkan(Random(), 4, 4, 8, 8);
        var ex = Assert.Throws<NotSupportedException>(() => context.RecordDispatch(new IntPtr(1), VulkanFrame.FromBuffer(1, 0, 16), VulkanFrame.FromBuffer(2, 0, 32)));
        Assert.That(ex!.Message, Does.Contain("engine-owned"));
    }

    [Test]
    public void Resize_ThenDispatch_MatchesFreshContextAtTheNewSize()
    {
        CtmsrModel model = Random();
        byte[] small = HostReference.RandomFrame(10, 8, 40, seed: 1), large = HostReference.RandomFrame(31, 17, 124, seed: 2);
        var resized = new byte[4 * 62 * 34];
        var fresh = new byte[4 * 62 * 34];
        using (var context = CreateVulkan(model, 10, 8, 15, 12))
        {
            context.Dispatch(small, 40, new byte[4 * 15 * 12], 60);
            context.Resize(31, 17, 62, 34);
            context.Dispatch(large, 124, resized, 248);
        }
        using (var context = CreateVulkan(model, 31, 17, 62, 34)) context.Dispatch(large, 124, fresh, 248);
        Assert.That(resized, Is.EqualTo(fresh));
    }

    [Test]
    public void Dispatch_SteadyState_AllocatesNoManagedMemory_AndFeedsGpuStages()
    {
        CtmsrModel model = Random();
        using var context = CreateVulkan(model, 24, 16, 40, 27, profiler: 64);
        byte[] input = HostReference.RandomFrame(24, 16, 96, seed: 4);
        var output = new byte[4 * 40 * 27];
        for (int i = 0; i < 3; i++) context.Dispatch(input, 96, output, 160);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 30; i++) context.Dispatch(input, 96, output, 160);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        LatencyProfiler p = context.Profiler!;
        Assert.That(p.HasGpuStages, Is.True);
        Assert.That(p.Statistics(DispatchStage.GpuFirstLayer).P50, Is.GreaterThan(0));
        Assert.That(p.Statistics(DispatchStage.GpuResample).P50, Is.GreaterThan(0));
        Assert.That(p.Statistics(DispatchStage.GpuTotal).P50, Is.GreaterThanOrEqualTo(p.Statistics(DispatchStage.GpuFirstLayer).P50));
        Assert.That(p.ToCsv().Split('\n')[0], Does.Contain("gpu_first_layer_ms"));

        // Per conv layer: one time each, and first / body / last are their parts.
        int convs = new CtmsrGraphSpec().Convs;
        Assert.That(p.GpuLayerCount, Is.EqualTo(convs));
        double sum = 0;
        for (int l = 0; l < convs; l++)
        {
            Assert.That(p.GpuLayerStatistics(l).Count, Is.EqualTo(33));
            Assert.That(p.GpuLayerStatistics(l).Mean, Is.GreaterThan(0), $"layer {l}");
            sum += p.GpuLayerStatistics(l).Mean;
        }
        double stages = p.Statistics(DispatchStage.GpuFirstLayer).Mean + p.Statistics(DispatchStage.GpuBody).Mean + p.Statistics(DispatchStage.GpuLastLayer).Mean;
        Assert.That(sum, Is.EqualTo(stages).Within(1e-3 + 1e-6 * stages));
        Assert.That(p.ToJson(), Does.Contain("\"gpu_layers\":[{\"layer\":0,"));
    }

    /// <summary>
    /// The kernel shapes a GPU gets (shared-memory input tile, the first layer building its features in the tile,
    /// several output 4-vectors and two pixels per invocation), run on this machine's driver: the GPU path's numbers are
    /// tested even where no GPU is.
    /// </summary>
    [TestCase(37, 53, 8, 3, 2)]
    [TestCase(16, 9, 12, 4, 2)]
    [TestCase(13, 11, 8, 2, 3)]
    [TestCase(21, 13, 16, 3, 2)]
    public void GpuKernelShapes_RandomFrame_MatchOnnxRuntimeModel(int w, int h, int channels, int convs, int scale)
    {
        CtmsrModel model = Random(new CtmsrGraphSpec { Channels = channels, Convs = convs, Scale = scale, Seed = w + h });
        byte[] frame = HostReference.RandomFrame(w, h, 4 * w, seed: w * h);
        float[] expected = HostReference.RunModel(model.Bytes, HostReference.ToPlanar(frame, w, h), w, h, scale);
        ConvTiling.ForceShape = false;
        try
        {
            double diff = MaxAbs(VulkanSr(model, frame, w, h, VulkanPrecision.Fp32), expected);
            TestContext.Out.WriteLine($"GPU shapes, fp32 {w}x{h} x{scale} {channels}ch {convs} convs: max abs diff {diff:E2}");
            Assert.That(diff, Is.LessThanOrEqualTo(1e-3));
            // fp16 once (lavapipe compiles float16 kernels slowly; the shapes are the same code either way).
            if (channels != 8 || scale != 2 || !DeviceHasFp16()) return;
            double diff16 = MaxAbs(VulkanSr(model, frame, w, h, VulkanPrecision.Fp16), expected);
            TestContext.Out.WriteLine($"GPU shapes, fp16: max abs diff {diff16:E2}");
            Assert.That(diff16, Is.LessThanOrEqualTo(1e-2));
        }
        finally
        {
            ConvTiling.ForceShape = null;
        }
    }

    [Test]
    public void KernelShapes_FollowTheDevice_AndTheGpuShapeKeepsSumsInRegisters()
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        using var context = CreateVulkan(model, 64, 32, 128, 64, VulkanPrecision.Fp32);
        ConvTiling[] cpu = context.VulkanBackend!.KernelTiling;
        // lavapipe is a CPU driver: texel-buffer inputs, the features pass, one output 4-vector x four pixels.
        Assert.That(cpu[0].SharedInput, Is.False);
        Assert.That(cpu[1].Og, Is.EqualTo(1));
        Assert.That(cpu[1].Pix, Is.EqualTo(4));
        Assert.That(cpu.All(t => t.UniformWeights), Is.True, "every default-preset layer fits a 64 KiB uniform buffer");
        ConvTiling.ForceShape = false;
        try
        {
            using var gpuContext = CreateVulkan(model, 64, 32, 128, 64, VulkanPrecision.Fp32);
            ConvTiling[] gpu = gpuContext.VulkanBackend!.KernelTiling;
            Assert.That(gpu.All(t => t.SharedInput), Is.True);
            Assert.That(gpu[1].Og * gpu[1].Pix, Is.EqualTo(ConvTiling.GpuAccumulatorVectors));
            Assert.That(gpu[^1].Og, Is.EqualTo((model.Scale * model.Scale * 3 + 3) / 4), "the last layer keeps every output");
        }
        finally
        {
            ConvTiling.ForceShape = null;
        }
    }

    [Test]
    public void UnsupportedOp_IsRefusedByName_AndAutoFallsBackToOnnxRuntime()
    {
        CtmsrModel model = Random(new CtmsrGraphSpec { Activation = "Sigmoid" });
        var ex = Assert.Throws<NotSupportedException>(() => CreateVulkan(model, 8, 8, 16, 16));
        Assert.That(ex!.Message, Does.Contain("'Sigmoid'"));

        using var auto = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = 8, RenderHeight = 8, DisplayWidth = 16, DisplayHeight = 16, Backend = UpscalerBackend.Auto, ThreadCount = 1,
        });
        Assert.That(auto.Backend, Is.Not.EqualTo(UpscalerBackend.Vulkan));
        Assert.That(auto.BackendReason, Does.Contain("Sigmoid"));
    }

    [Test]
    public void UnsupportedAttribute_IsRefusedNamingTheAttribute()
    {
        CtmsrModel model = Random(new CtmsrGraphSpec { SecondConvPads = new long[] { 2, 2, 2, 2 } });
        var ex = Assert.Throws<NotSupportedException>(() => CreateVulkan(model, 8, 8, 16, 16));
        Assert.That(ex!.Message, Does.Contain("pads=[2, 2, 2, 2]"));
    }

    [Test]
    public void NoMatchingDevice_GivesTheReason_AndAutoFallsBack()
    {
        var d = new UpscalerContextDescription
        {
            Model = Random(), RenderWidth = 8, RenderHeight = 8, DisplayWidth = 16, DisplayHeight = 16,
            Backend = UpscalerBackend.Vulkan, VulkanDeviceName = "no-such-gpu-xyz", ThreadCount = 1,
        };
        var ex = Assert.Throws<NotSupportedException>(() => UpscalerContext.Create(d));
        Assert.That(ex!.Message, Does.Contain("no-such-gpu-xyz").And.Contain("found:"));

        d.Backend = UpscalerBackend.Auto;
        using var auto = UpscalerContext.Create(d);
        Assert.That(auto.Backend, Is.EqualTo(UpscalerBackend.Cpu));
        Assert.That(auto.BackendReason, Does.Contain("Vulkan skipped").And.Contain("no-such-gpu-xyz"));
    }

    [Test]
    public void NoLoader_GivesTheReason()
    {
        VulkanDevice.LoaderLibraryOverride = "libvulkan-missing-for-test.so.1";
        try
        {
            var ex = Assert.Throws<NotSupportedException>(() => CreateVulkan(Random(), 8, 8, 16, 16));
            Assert.That(ex!.Message, Does.Contain("no Vulkan loader").And.Contain("libvulkan-missing-for-test.so.1"));
        }
        finally
        {
            VulkanDevice.LoaderLibraryOverride = null;
        }
    }

    [Test]
    public void Auto_OnACpuVulkanDriver_PrefersOnnxRuntimeAndSaysWhy()
    {
        using var probe = CreateVulkan(Random(), 4, 4, 8, 8);
        if (!probe.BackendReason.Contains(", CPU,")) Assert.Ignore("this machine has a GPU Vulkan device: " + probe.BackendReason);
        using var auto = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = Random(), RenderWidth = 4, RenderHeight = 4, DisplayWidth = 8, DisplayHeight = 8, ThreadCount = 1,
        });
        Assert.That(auto.Backend, Is.EqualTo(UpscalerBackend.Cpu));
        Assert.That(auto.BackendReason, Does.Contain("CPU rasterizer"));
    }

    private static (byte[] rgba, int w, int h) SampleCrop(int w, int h)
    {
        string dir = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(dir, "Ctmsr.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new FileNotFoundException("Ctmsr.sln above the test directory");
        using SKBitmap bitmap = SKBitmap.Decode(Path.Combine(dir, "samples", "sample.png"));
        var rgba = new byte[4 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                SKColor c = bitmap.GetPixel(x + 100, y + 80);
                int o = 4 * (y * w + x);
                rgba[o] = c.Red; rgba[o + 1] = c.Green; rgba[o + 2] = c.Blue; rgba[o + 3] = 255;
            }
        return (rgba, w, h);
    }

    /// <summary>Interleaved [h, w, 4 * c4] activations -> planar [c, h, w].</summary>
    private static float[] Planarize(float[] act, int w, int h, int channels)
    {
        int c4 = (channels + 3) / 4;
        var planar = new float[channels * w * h];
        for (int i = 0; i < w * h; i++)
            for (int c = 0; c < channels; c++) planar[c * w * h + i] = act[i * 4 * c4 + c];
        return planar;
    }

    /// <summary>3x3 conv, zero padding 1, plus bias, then LeakyReLU when the layer has one; planar in and out, double sums.</summary>
    private static float[] HostConv(float[] input, int w, int h, PlanConv conv)
    {
        var output = new float[conv.OutChannels * w * h];
        for (int o = 0; o < conv.OutChannels; o++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    double acc = conv.Biases[o];
                    for (int c = 0; c < conv.InChannels; c++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                            {
                                int sx = x + kx - 1, sy = y + ky - 1;
                                if (sx < 0 || sy < 0 || sx >= w || sy >= h) continue;
                                acc += conv.Weights[((o * conv.InChannels) + c) * 9 + ky * 3 + kx] * input[c * w * h + sy * w + sx];
                            }
                    if (conv.Slope is float slope && acc < 0) acc *= slope;
                    output[o * w * h + y * w + x] = (float)acc;
                }
        return output;
    }
}
