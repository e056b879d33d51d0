using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Resampling;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// The resample from the model's output to the display: the taps (<see cref="ResampleAxis"/>) against an independent
/// host reference, and ONNX Runtime, Vulkan (fp32, host and engine-recorded paths) and the host pipeline against each
/// other at the quality modes below 2 (the x2 output shrinks: antialiased) and at a ratio above 2 (it grows: cubic).
/// </summary>
[NonParallelizable]
public class ResampleTests
{
    /// <summary>Applies <paramref name="axis"/> to one line.</summary>
    private static double[] Apply(ResampleAxis axis, double[] line)
    {
        var result = new double[axis.OutSize];
        for (int o = 0; o < axis.OutSize; o++)
            for (int k = 0; k < axis.Taps; k++) result[o] += axis.Weight[o * axis.Taps + k] * line[axis.Index[o * axis.Taps + k]];
        return result;
    }

    private static double[] RandomLine(int n, int seed)
    {
        var rng = new Random(seed);
        var line = new double[n];
        for (int i = 0; i < n; i++) line[i] = rng.NextDouble();
        return line;
    }

    private static double MaxAbs(double[] a, double[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    [Test]
    public void Axis_EqualSizes_IsAnExactCopy()
    {
        ResampleAxis axis = ResampleAxis.Create(37, 37);
        double[] line = RandomLine(37, 1);

        Assert.That(axis.Kind, Is.EqualTo(ResampleKind.Copy));
        Assert.That(axis.Taps, Is.EqualTo(1));
        Assert.That(Apply(axis, line), Is.EqualTo(line));
    }

    [TestCase(40, 52)]   // 1.3 x 40: the residual grows
    [TestCase(23, 61)]
    public void Axis_Growing_IsTheCubicOfTheHostReference(int n, int m)
    {
        ResampleAxis axis = ResampleAxis.Create(n, m);
        double[] line = RandomLine(n, n);
        double[] expected = HostReference.Cubic(line.Select(v => (float)v).ToArray(), n, 1, m, 1);

        Assert.That(axis.Kind, Is.EqualTo(ResampleKind.Cubic));
        Assert.That(axis.Taps, Is.EqualTo(4));
        Assert.That(MaxAbs(Apply(axis, line), expected), Is.LessThanOrEqualTo(1e-6));
    }

    [TestCase(1.3)]
    [TestCase(1.5)]
    [TestCase(1.7)]
    public void Axis_Shrinking_IsTheNormalisedTentOfTheHostReference(double ratio)
    {
        // The x2 model's output (2 x render) shrinks to the display (render x ratio).
        const int render = 123;
        int n = 2 * render, m = (int)Math.Round(render * ratio);
        ResampleAxis axis = ResampleAxis.Create(n, m);
        double[] line = RandomLine(n, m);
        double[] expected = HostReference.Resample(line.Select(v => (float)v).ToArray(), n, 1, m, 1);
        double factor = (double)n / m;

        Assert.That(axis.Kind, Is.EqualTo(ResampleKind.Antialiased));
        Assert.That(axis.Taps, Is.EqualTo((int)Math.Floor(2 * factor) + 1), "support of +- factor input samples");
        Assert.That(MaxAbs(Apply(axis, line), expected), Is.LessThanOrEqualTo(1e-6));
        for (int o = 0; o < m; o++)
        {
            double sum = 0;
            for (int k = 0; k < axis.Taps; k++)
            {
                Assert.That(axis.Weight[o * axis.Taps + k], Is.GreaterThanOrEqualTo(0f), $"output {o} tap {k}");
                Assert.That(axis.Index[o * axis.Taps + k], Is.InRange(0, n - 1));
                sum += axis.Weight[o * axis.Taps + k];
            }
            Assert.That(sum, Is.EqualTo(1.0).Within(1e-6), $"weights of output {o}");
        }
    }

    [TestCase(1.3)]
    [TestCase(1.5)]
    [TestCase(1.7)]
    public void Axis_Shrinking_SuppressesWhatTheCubicAliases(double ratio)
    {
        // A pattern near the input's Nyquist frequency cannot be shown at the display's rate: the antialiased filter
        // attenuates it, the plain cubic folds it into a strong low-frequency beat.
        const int render = 200;
        int n = 2 * render, m = (int)Math.Round(render * ratio);
        double[] line = Enumerable.Range(0, n).Select(i => 0.5 + 0.4 * Math.Cos(Math.PI * 0.9 * i)).ToArray();
        double[] antialiased = Apply(ResampleAxis.Create(n, m), line);
        double[] cubic = HostReference.Cubic(line.Select(v => (float)v).ToArray(), n, 1, m, 1);

        double Amplitude(double[] v) => v.Skip(4).Take(v.Length - 8).Max(x => Math.Abs(x - 0.5));
        TestContext.Out.WriteLine($"ratio {ratio}: residual amplitude antialiased {Amplitude(antialiased):0.000}, cubic {Amplitude(cubic):0.000}");
        // The tent is a soft low-pass (it won on PSNR, see docs/resample.md): it attenuates, it does not erase.
        Assert.That(Amplitude(antialiased), Is.LessThan(0.25), "of the pattern's 0.4");
        Assert.That(Amplitude(antialiased), Is.LessThan(0.6 * Amplitude(cubic)));
    }

    private static UpscalerContext Create(CtmsrModel model, UpscalerBackend backend, int rw, int rh, int dw, int dh,
        VulkanDeviceHandles? engine = null) =>
        UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Backend = backend, ThreadCount = 1, VulkanPrecision = VulkanPrecision.Fp32, VulkanDevice = engine,
        });

    /// <summary>Colour bytes of <paramref name="frame"/> against the quantised planar reference: (worst level, identical count).</summary>
    private static (int Worst, int Exact) CompareColour(byte[] frame, double[][] planes, int w, int h)
    {
        int worst = 0, exact = 0;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < w * h; i++)
            {
                int d = Math.Abs(HostReference.Quantize(planes[c][i]) - frame[4 * i + c]);
                worst = Math.Max(worst, d);
                if (d == 0) exact++;
            }
        return (worst, exact);
    }

    [TestCase(64, 36, 1.3)]   // UltraQuality: 49x27 -> 64x36, the x2 output shrinks
    [TestCase(64, 36, 1.5)]   // Quality: 42x24
    [TestCase(64, 36, 1.7)]   // Balanced: 37x21
    [TestCase(67, 41, 2.6)]   // beyond the model's scale: the x2 output grows (cubic)
    public void ShippedX2Model_OnnxRuntimeVulkanAndHostReference_Agree(int dw, int dh, double ratio)
    {
        if (!CtmsrModel.HasEmbeddedDefault) Assert.Ignore("this build embeds no model");
        CtmsrModel model = CtmsrModel.LoadDefault();
        Assert.That(model.Scale, Is.EqualTo(2));
        FrameSize render = QualityModes.RenderSize(dw, dh, ratio);
        int rw = render.Width, rh = render.Height, sw = 2 * rw, sh = 2 * rh;
        byte[] frame = HostReference.RandomFrame(rw, rh, 4 * rw, seed: dw + (int)(10 * ratio));
        // Smooth the random frame a little so that it looks more like an image than noise to the model.
        for (int i = 4 * rw; i < frame.Length; i++) frame[i] = (byte)((frame[i] + frame[i - 4 * rw]) / 2);

        var viaOnnx = new byte[4 * dw * dh];
        var viaVulkan = new byte[4 * dw * dh];
        using (var onnx = Create(model, UpscalerBackend.Cpu, rw, rh, dw, dh)) onnx.Dispatch(frame, 4 * rw, viaOnnx, 4 * dw);
        float[] vulkanSr;
        using (var vulkan = Create(model, UpscalerBackend.Vulkan, rw, rh, dw, dh))
        {
            vulkan.Dispatch(frame, 4 * rw, viaVulkan, 4 * dw);
            vulkanSr = VulkanReadBacks.Sr(vulkan.VulkanBackend!);
        }

        // (a) ONNX Runtime frame graph vs the host pipeline: bare model -> host resample (double) -> quantise.
        float[] sr = HostReference.RunModel(model.Bytes, HostReference.ToPlanar(frame, rw, rh), rw, rh, 2);
        var host = new double[3][];
        for (int c = 0; c < 3; c++) host[c] = HostReference.Resample(sr.AsSpan(c * sw * sh, sw * sh), sw, sh, dw, dh);
        (int worst, int exact) = CompareColour(viaOnnx, host, dw, dh);
        TestContext.Out.WriteLine($"ratio {ratio}, {rw}x{rh} -> {dw}x{dh}: ONNX vs host worst {worst}, {exact} of {3 * dw * dh} exact");
        Assert.That(worst, Is.LessThanOrEqualTo(1), "ONNX Runtime: within one level of the host pipeline");
        Assert.That(exact, Is.GreaterThan(3 * dw * dh * 99 / 100), "ONNX Runtime: at least 99% of colour bytes identical");

        // (b) Vulkan's resample kernel vs the host resample of Vulkan's own SR buffer (isolates the kernel from the convs).
        var vulkanPlanes = new double[3][];
        for (int c = 0; c < 3; c++)
        {
            var plane = new float[sw * sh];
            for (int i = 0; i < sw * sh; i++) plane[i] = vulkanSr[4 * i + c];
            vulkanPlanes[c] = HostReference.Resample(plane, sw, sh, dw, dh);
        }
        (worst, exact) = CompareColour(viaVulkan, vulkanPlanes, dw, dh);
        TestContext.Out.WriteLine($"  Vulkan resample vs host: worst {worst}, {exact} exact");
        Assert.That(worst, Is.LessThanOrEqualTo(1), "Vulkan resample kernel: within one level of the host resample");
        Assert.That(exact, Is.GreaterThan(3 * dw * dh * 99 / 100), "Vulkan resample kernel: at least 99% identical");

        // (c) Vulkan fp32 vs ONNX Runtime, every byte (alpha included).
        int maxDiff = 0, differing = 0;
        for (int i = 0; i < viaOnnx.Length; i++)
        {
            int d = Math.Abs(viaVulkan[i] - viaOnnx[i]);
            maxDiff = Math.Max(maxDiff, d);
            if (d != 0) differing++;
        }
        TestContext.Out.WriteLine($"  Vulkan vs ONNX: max diff {maxDiff}, {differing} of {viaOnnx.Length} bytes differ");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1), "Vulkan vs ONNX Runtime: within one level");
        Assert.That(differing, Is.LessThan(viaOnnx.Length / 100), "Vulkan vs ONNX Runtime: under 1% of bytes differ");
    }

    [TestCase(1.5)]
    [TestCase(2.6)]
    public void EngineOwned_RecordDispatch_ResamplesAsTheHostPath(double ratio)
    {
        CtmsrModel model = CtmsrModel.Load(CtmsrGraphModels.Build(new CtmsrGraphSpec { Seed = 4 }), "random-x2");
        const int dw = 50, dh = 30;
        FrameSize render = QualityModes.RenderSize(dw, dh, ratio);
        int rw = render.Width, rh = render.Height;
        byte[] frame = HostReference.RandomFrame(rw, rh, 4 * rw, seed: 8);
        var expected = new byte[4 * dw * dh];
        using (var standalone = Create(model, UpscalerBackend.Vulkan, rw, rh, dw, dh)) standalone.Dispatch(frame, 4 * rw, expected, 4 * dw);

        using GpuContext engine = GpuContext.CreateHeadless();
        using var input = engine.CreateHostBuffer((ulong)(4 * rw * rh));
        using var output = engine.CreateHostBuffer((ulong)(4 * dw * dh));
        frame.CopyTo(input.Span);
        using var context = Create(model, UpscalerBackend.Vulkan, rw, rh, dw, dh, engine.Handles);
        engine.SubmitAndWait(cmd => context.RecordDispatch(cmd.Handle, VulkanFrame.FromBuffer(input.Buffer.Handle, 0, 4 * rw), VulkanFrame.FromBuffer(output.Buffer.Handle, 0, 4 * dw)));

        Assert.That(output.Span.ToArray(), Is.EqualTo(expected));
        Assert.That(expected.Where((b, i) => i % 4 != 3).Any(b => b != 0), Is.True, "the frame is not empty");
    }
}
