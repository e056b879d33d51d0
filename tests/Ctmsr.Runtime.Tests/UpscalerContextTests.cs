using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Noise;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

public class UpscalerContextTests
{
    private static UpscalerContext Create(int rw, int rh, int dw, int dh, TestModelSpec? spec = null,
        PixelFormat format = PixelFormat.Rgba8, int profiler = 0) =>
        UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = CtmsrModel.Load(TestModels.Build(spec ?? new TestModelSpec()), "tiny"),
            RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Format = format, Backend = UpscalerBackend.Cpu, ThreadCount = 1, ProfilerCapacity = profiler,
        });

    private static UpscalerContext Create2x(int w, int h, TestModelSpec? spec = null, PixelFormat format = PixelFormat.Rgba8) =>
        Create(w, h, 2 * w, 2 * h, spec, format);

    [TestCase(37, 53)]
    [TestCase(1, 1)]
    [TestCase(16, 9)]
    public void Dispatch_NearestModel_MatchesHostReference(int w, int h)
    {
        using var context = Create2x(w, h);
        byte[] input = HostReference.RandomFrame(w, h, 4 * w, seed: w * 100 + h);
        int ow = 2 * w, oh = 2 * h;
        var output = new byte[4 * ow * oh];

        context.Dispatch(input, 4 * w, output, 4 * ow);

        int colourMismatches = 0, alphaMismatches = 0;
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                int o = (y * ow + x) * 4, i = ((y / 2) * w + x / 2) * 4;
                for (int c = 0; c < 3; c++) if (output[o + c] != input[i + c]) colourMismatches++;
                if (output[o + 3] != HostReference.Bilinear(input, w, h, 4 * w, 2, x, y, 3)) alphaMismatches++;
            }
        Assert.That(colourMismatches, Is.Zero, "colour must equal nearest upscaling of the input exactly");
        Assert.That(alphaMismatches, Is.Zero, "alpha must equal bilinear upscaling of the input alpha");
    }

    [Test]
    public void Dispatch_AlphaRamp_IsInterpolatedWithHalfPixelCentres()
    {
        using var context = Create2x(2, 1);
        // Two pixels, alpha 0 and 200: output alphas at source coordinates 0, 0.25, 0.75, 1 (edge clamped).
        byte[] input = { 10, 20, 30, 0, 40, 50, 60, 200 };
        var output = new byte[4 * 4 * 2];

        context.Dispatch(input, 8, output, 16);

        byte[] firstRowAlpha = { output[3], output[7], output[11], output[15] };
        Assert.That(firstRowAlpha, Is.EqualTo(new byte[] { 0, 50, 150, 200 }));
    }

    [Test]
    public void Dispatch_GainAndBias_ClampsAndRounds()
    {
        const int w = 16, h = 16;
        using var context = Create2x(w, h, new TestModelSpec { Gain = 2f, Bias = -0.25f });
        var input = new byte[4 * w * h];
        for (int i = 0; i < w * h; i++) { input[4 * i] = (byte)i; input[4 * i + 1] = (byte)(255 - i); input[4 * i + 2] = 128; input[4 * i + 3] = 255; }
        var output = new byte[4 * 4 * w * h];

        context.Dispatch(input, 4 * w, output, 8 * w);

        int worst = 0;
        for (int y = 0; y < 2 * h; y++)
            for (int x = 0; x < 2 * w; x++)
                for (int c = 0; c < 3; c++)
                {
                    byte src = input[((y / 2) * w + x / 2) * 4 + c];
                    byte expected = HostReference.Quantize(2.0 * (src / 255.0) - 0.25);
                    worst = Math.Max(worst, Math.Abs(expected - output[(y * 2 * w + x) * 4 + c]));
                }
        Assert.That(worst, Is.LessThanOrEqualTo(1));
        Assert.That(output[0], Is.EqualTo(0), "2 * 0 - 0.25 clamps to 0");
        Assert.That(output[1], Is.EqualTo(255), "2 * 1 - 0.25 clamps to 255");
    }

    [Test]
    public void Dispatch_NoiseInput_IsTheDeterministicNoiseInBgraOrder()
    {
        const int w = 5, h = 3;
        using var context = Create2x(w, h, new TestModelSpec { Gain = 0f, Bias = 0.5f, NoiseGain = 0.125f }, PixelFormat.Bgra8);
        var input = new byte[4 * w * h];
        var output = new byte[4 * 4 * w * h];

        context.Dispatch(input, 4 * w, output, 8 * w);

        int worst = 0;
        for (int y = 0; y < 2 * h; y++)
            for (int x = 0; x < 2 * w; x++)
                for (int c = 0; c < 3; c++)
                {
                    byte expected = HostReference.Quantize(0.5 + 0.125 * DeterministicNoise.Sample(x, y, c));
                    int byteIndex = (y * 2 * w + x) * 4 + (2 - c); // BGRA: red is byte 2
                    worst = Math.Max(worst, Math.Abs(expected - output[byteIndex]));
                }
        Assert.That(worst, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void Dispatch_BgraInput_FeedsRedFromByteTwo()
    {
        // Gain 0.5 on colour only: a BGRA pixel (B=200, G=100, R=40) must come back as B=100, G=50, R=20.
        using var context = Create2x(1, 1, new TestModelSpec { Gain = 0.5f }, PixelFormat.Bgra8);
        var output = new byte[16];

        context.Dispatch(new byte[] { 200, 100, 40, 77 }, 4, output, 8);

        Assert.That(output.AsSpan(0, 4).ToArray(), Is.EqualTo(new byte[] { 100, 50, 20, 77 }));
    }

    [Test]
    public void Dispatch_PaddedStrides_LeavesPaddingAlone()
    {
        const int w = 7, h = 5, stride = 4 * w + 12, outStride = 8 * w + 20;
        using var context = Create2x(w, h);
        byte[] input = HostReference.RandomFrame(w, h, stride, seed: 9);
        var output = new byte[outStride * 2 * h];
        Array.Fill(output, (byte)0xAB);

        context.Dispatch(input, stride, output, outStride);

        for (int y = 0; y < 2 * h; y++)
        {
            Assert.That(output.AsSpan(y * outStride + 8 * w, 20).ToArray(), Is.All.EqualTo(0xAB), $"padding of row {y}");
            int i = (y / 2) * stride + 4 * 3;
            Assert.That(output.AsSpan(y * outStride + 4 * 6, 3).ToArray(), Is.EqualTo(input.AsSpan(i, 3).ToArray()), $"row {y}");
        }
    }

    [Test]
    public void Dispatch_NonIntegerRatio_EqualsModelThenHostResampleStepByStep()
    {
        const int w = 37, h = 53, dw = 55, dh = 79; // ratio ~1.49: the model's x2 output is resampled (antialiased) down to the display
        var spec = new TestModelSpec { Gain = 0.8f, Bias = 0.1f, NoiseGain = 0.05f };
        byte[] modelBytes = TestModels.Build(spec);
        using var context = Create(w, h, dw, dh, spec);
        byte[] input = HostReference.RandomFrame(w, h, 4 * w, seed: 37);
        var output = new byte[4 * dw * dh];

        context.Dispatch(input, 4 * w, output, 4 * dw);

        // Step by step on the host: bytes -> planar [0, 1] -> bare model on ONNX Runtime -> tent down to display -> quantise.
        float[] sr = HostReference.RunModel(modelBytes, HostReference.ToPlanar(input, w, h), w, h, 2);
        int worst = 0, exact = 0;
        for (int c = 0; c < 3; c++)
        {
            double[] plane = HostReference.Resample(sr.AsSpan(c * 4 * w * h, 4 * w * h), 2 * w, 2 * h, dw, dh);
            for (int i = 0; i < dw * dh; i++)
            {
                int d = Math.Abs(HostReference.Quantize(plane[i]) - output[4 * i + c]);
                worst = Math.Max(worst, d);
                if (d == 0) exact++;
            }
        }
        int alphaWorst = 0;
        for (int y = 0; y < dh; y++)
            for (int x = 0; x < dw; x++)
                alphaWorst = Math.Max(alphaWorst, Math.Abs(output[(y * dw + x) * 4 + 3] -
                    HostReference.Bilinear(input, w, h, 4 * w, (double)dw / w, (double)dh / h, x, y, 3)));

        Assert.That(worst, Is.LessThanOrEqualTo(1), "colour within one step of the host pipeline");
        Assert.That(exact, Is.GreaterThan(3 * dw * dh * 99 / 100), "at least 99% of colour bytes identical");
        Assert.That(alphaWorst, Is.LessThanOrEqualTo(1), "alpha is bilinear from the render size to the display size");
    }

    [Test]
    public void Dispatch_BicubicModel_EqualsHostBicubic()
    {
        const int w = 20, h = 11;
        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = CtmsrModel.Bicubic(2), RenderWidth = w, RenderHeight = h, DisplayWidth = 2 * w, DisplayHeight = 2 * h,
            Backend = UpscalerBackend.Cpu, ThreadCount = 1,
        });
        byte[] input = HostReference.RandomFrame(w, h, 4 * w, seed: 5);
        var output = new byte[16 * w * h];

        context.Dispatch(input, 4 * w, output, 8 * w);

        float[] planar = HostReference.ToPlanar(input, w, h);
        int worst = 0;
        for (int c = 0; c < 3; c++)
        {
            double[] up = HostReference.Cubic(planar.AsSpan(c * w * h, w * h), w, h, 2 * w, 2 * h);
            for (int i = 0; i < 4 * w * h; i++) worst = Math.Max(worst, Math.Abs(HostReference.Quantize(up[i]) - output[4 * i + c]));
        }
        Assert.That(worst, Is.LessThanOrEqualTo(1));
        Assert.That(context.Model.Preset, Is.EqualTo("bicubic"));
    }

    [Test]
    public void Resize_ThenDispatch_UsesTheNewSizesAndComesBackIdentical()
    {
        using var context = Create2x(3, 2);
        byte[] small = HostReference.RandomFrame(3, 2, 12, seed: 1);
        byte[] large = HostReference.RandomFrame(9, 4, 36, seed: 2);
        var outSmall1 = new byte[4 * 6 * 4];
        var outSmall2 = new byte[4 * 6 * 4];
        var outLarge = new byte[4 * 18 * 8];

        context.Dispatch(small, 12, outSmall1, 24);
        context.Resize(9, 4, 18, 8);
        context.Dispatch(large, 36, outLarge, 72);
        context.Resize(3, 2, 6, 4);
        context.Dispatch(small, 12, outSmall2, 24);

        Assert.That(outSmall2, Is.EqualTo(outSmall1));
        Assert.That(outLarge.AsSpan(72 * 7 + 4 * 17, 3).ToArray(), Is.EqualTo(large.AsSpan(36 * 3 + 4 * 8, 3).ToArray()));
        Assert.That(context.RenderSize, Is.EqualTo(new FrameSize(3, 2)));
        Assert.That(context.DisplaySize, Is.EqualTo(new FrameSize(6, 4)));
    }

    [Test]
    public void Resize_DisplaySmallerThanRender_Throws()
    {
        using var context = Create2x(4, 4);

        var ex = Assert.Throws<ArgumentException>(() => context.Resize(10, 10, 9, 20));

        Assert.That(ex!.Message, Does.Contain("the display size 9x20 is smaller than the render size 10x10"));
        Assert.That(context.RenderSize, Is.EqualTo(new FrameSize(4, 4)), "a refused resize changes nothing");
    }

    [Test]
    public void Dispatch_WithShortOutputBuffer_ThrowsWithRequiredSize()
    {
        using var context = Create2x(960, 540);
        var input = new byte[4 * 960 * 540];
        var output = new byte[4147200];

        var ex = Assert.Throws<ArgumentException>(() => context.Dispatch(input, 4 * 960, output, 4 * 1920));

        Assert.That(ex!.Message, Does.Contain("requires a buffer of at least 8294400 bytes; got 4147200"));
        Assert.That(ex.ParamName, Is.EqualTo("output"));
    }

    [Test]
    public void Dispatch_WithShortInputBuffer_ThrowsWithRequiredSize()
    {
        using var context = Create2x(37, 53);

        var ex = Assert.Throws<ArgumentException>(() => context.Dispatch(new byte[100], 148, new byte[4 * 74 * 106], 296));

        Assert.That(ex!.Message, Does.Contain("a 37x53 input frame with a stride of 148 bytes requires a buffer of at least 7844 bytes; got 100"));
        Assert.That(ex.ParamName, Is.EqualTo("input"));
    }

    [Test]
    public void Dispatch_WithStrideShorterThanRow_Throws()
    {
        using var context = Create2x(10, 10);

        var ex = Assert.Throws<ArgumentException>(() => context.Dispatch(new byte[400], 39, new byte[1600], 80));

        Assert.That(ex!.Message, Does.Contain("stride of 39 bytes is less than a row of 10 pixels (40 bytes)"));
    }

    [Test]
    public void Reset_ClearsTheProfilerAndKeepsTheOutput()
    {
        using var context = Create(4, 4, 8, 8, profiler: 8);
        byte[] input = HostReference.RandomFrame(4, 4, 16, seed: 6);
        var first = new byte[256];
        var second = new byte[256];
        context.Dispatch(input, 16, first, 32);
        context.Dispatch(input, 16, first, 32);
        Assert.That(context.Profiler!.Count, Is.EqualTo(2));

        context.Reset();
        context.Dispatch(input, 16, second, 32);

        Assert.That(context.Profiler.Count, Is.EqualTo(1));
        Assert.That(second, Is.EqualTo(first), "a single-frame model gives the same output for the same input");
    }

    [Test]
    public void Methods_AfterDispose_ThrowObjectDisposed()
    {
        UpscalerContext context = Create2x(1, 1);
        context.Dispatch(new byte[4], 4, new byte[16], 8);
        context.Dispose();
        context.Dispose();

        Assert.Throws<ObjectDisposedException>(() => context.Dispatch(new byte[4], 4, new byte[16], 8));
        Assert.Throws<ObjectDisposedException>(() => context.Resize(2, 2, 4, 4));
        Assert.Throws<ObjectDisposedException>(() => context.Reset());
    }

    [Test]
    public void Dispatch_WhileAnotherDispatchRuns_Throws()
    {
        using var context = Create2x(2, 2);
        var input = new byte[16];
        var output = new byte[64];
        Exception? second = null;
        int probes = 0;
        context.DispatchProbe = () =>
        {
            // Runs inside the first dispatch: a second one from another thread must be refused, not interleaved.
            if (Interlocked.Increment(ref probes) > 1) return;
            var other = new Thread(() =>
            {
                try { context.Dispatch(input, 8, output, 16); }
                catch (Exception ex) { second = ex; }
            });
            other.Start();
            other.Join();
        };

        context.Dispatch(input, 8, output, 16);

        Assert.That(second, Is.InstanceOf<InvalidOperationException>());
        Assert.That(second!.Message, Does.Contain("one thread at a time"));
        Assert.That(probes, Is.EqualTo(1), "the refused call never reached the backend");
        context.DispatchProbe = null;
        Assert.DoesNotThrow(() => context.Dispatch(input, 8, output, 16), "the guard is released after the first call");
    }

    [TestCase(0)]
    [TestCase(64)]
    public void Dispatch_SteadyState_AllocatesNoManagedBytes(int profilerCapacity)
    {
        const int w = 24, h = 16, dw = 36, dh = 24; // non-integer ratio: the resample path runs too
        using var context = Create(w, h, dw, dh, new TestModelSpec { NoiseGain = 0.1f }, profiler: profilerCapacity);
        byte[] input = HostReference.RandomFrame(w, h, 4 * w + 8, seed: 3);
        var output = new byte[(4 * dw + 4) * dh];
        for (int i = 0; i < 5; i++) context.Dispatch(input, 4 * w + 8, output, 4 * dw + 4);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) context.Dispatch(input, 4 * w + 8, output, 4 * dw + 4);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        if (profilerCapacity > 0) Assert.That(context.Profiler!.Count, Is.EqualTo(64));
        else Assert.That(context.Profiler, Is.Null);
    }

    [Test]
    public void Create_Cpu_RunsOnCpuAndLogsOnce()
    {
        var lines = new List<string>();
        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = CtmsrModel.Load(TestModels.Valid(), "tiny"), RenderWidth = 8, RenderHeight = 8, DisplayWidth = 16,
            DisplayHeight = 16, Backend = UpscalerBackend.Cpu, ThreadCount = 1, Log = lines.Add,
        });

        Assert.That(context.Backend, Is.EqualTo(UpscalerBackend.Cpu));
        Assert.That(context.BackendReason, Is.EqualTo("the CPU was requested"));
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Contain("Cpu").And.Contain("tiny"));
        Assert.That(context.MipBias, Is.EqualTo(-1f));
    }

    [Test]
    public void Create_Auto_RecordsBackendAndReason()
    {
        var d = UpscalerContextDescription.ForQuality(64, 36, QualityMode.Performance, CtmsrModel.Load(TestModels.Valid()));
        d.ThreadCount = 1;
        using var context = UpscalerContext.Create(d);

        Assert.That(context.RenderSize, Is.EqualTo(new FrameSize(32, 18)));
        Assert.That(context.BackendReason, Is.Not.Empty);
        if (context.Backend == UpscalerBackend.Cpu)
            Assert.That(context.BackendReason, Does.StartWith("CPU fallback: "));
    }

    [Test]
    public void Create_CudaWhereThisBuildHasNone_ThrowsNotSupported()
    {
        if (Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
            Assert.Ignore("this ONNX Runtime build has CUDA");
        var d = UpscalerContextDescription.ForRatio(16, 16, 2.0, CtmsrModel.Load(TestModels.Valid()));
        d.Backend = UpscalerBackend.Cuda;

        var ex = Assert.Throws<NotSupportedException>(() => UpscalerContext.Create(d));

        Assert.That(ex!.Message, Does.Contain("no CUDA execution provider"));
    }

    [Test]
    public void DispatchDevice_OnCpu_ThrowsNotSupported()
    {
        using var context = Create2x(2, 2);

        var ex = Assert.Throws<NotSupportedException>(() => context.DispatchDevice(new IntPtr(16), new IntPtr(32)));

        Assert.That(ex!.Message, Does.Contain("CUDA backend"));
    }

    [Test]
    public void Create_WithoutModel_UsesTheEmbeddedDefaultOrSaysThereIsNone()
    {
        var d = UpscalerContextDescription.ForQuality(32, 18, QualityMode.Performance);
        d.Backend = UpscalerBackend.Cpu;
        d.ThreadCount = 1;
        if (!CtmsrModel.HasEmbeddedDefault)
        {
            var ex = Assert.Throws<CtmsrModelException>(() => UpscalerContext.Create(d));
            Assert.That(ex!.Message, Does.Contain("embeds no default model"));
            return;
        }
        using var context = UpscalerContext.Create(d);
        var output = new byte[4 * 32 * 18];
        context.Dispatch(HostReference.RandomFrame(16, 9, 64, seed: 4), 64, output, 128);
        Assert.That(context.Model.Scale, Is.EqualTo(2));
        Assert.That(output.Any(b => b != 0), Is.True);
    }

    [Test]
    public void Create_DisplaySmallerThanRender_Throws()
    {
        var d = new UpscalerContextDescription
        {
            Model = CtmsrModel.Load(TestModels.Valid()), RenderWidth = 20, RenderHeight = 10, DisplayWidth = 19, DisplayHeight = 20,
        };

        var ex = Assert.Throws<ArgumentException>(() => UpscalerContext.Create(d));

        Assert.That(ex!.Message, Does.Contain("the ratio must be >= 1"));
    }
}
