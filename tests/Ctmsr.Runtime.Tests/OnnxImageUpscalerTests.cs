using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Noise;
using Ctmsr.Runtime.Onnx;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

public class OnnxImageUpscalerTests
{
    private static readonly OnnxUpscalerOptions OneThread = new() { Provider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 };

    private static OnnxImageUpscaler Create(TestModelSpec? spec = null) =>
        new(CtmsrModel.Load(TestModels.Build(spec ?? new TestModelSpec()), "tiny"), OneThread);

    [TestCase(37, 53)]
    [TestCase(1, 1)]
    [TestCase(16, 9)]
    public void Upscale_NearestModel_MatchesHostReference(int w, int h)
    {
        using var upscaler = Create();
        byte[] input = HostReference.RandomFrame(w, h, 4 * w, seed: w * 100 + h);
        int ow = 2 * w, oh = 2 * h;
        var output = new byte[4 * ow * oh];

        upscaler.Upscale(input, w, h, 4 * w, output, 4 * ow);

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
    public void Upscale_AlphaRamp_IsInterpolatedWithHalfPixelCentres()
    {
        using var upscaler = Create();
        // Two pixels, alpha 0 and 200: output alphas at source coordinates 0, 0.25, 0.75, 1 (edge clamped).
        byte[] input = { 10, 20, 30, 0, 40, 50, 60, 200 };
        var output = new byte[4 * 4 * 2];

        upscaler.Upscale(input, 2, 1, 8, output, 16);

        byte[] firstRowAlpha = { output[3], output[7], output[11], output[15] };
        Assert.That(firstRowAlpha, Is.EqualTo(new byte[] { 0, 50, 150, 200 }));
    }

    [Test]
    public void Upscale_GainAndBias_ClampsAndRounds()
    {
        using var upscaler = Create(new TestModelSpec { Gain = 2f, Bias = -0.25f });
        const int w = 16, h = 16;
        var input = new byte[4 * w * h];
        for (int i = 0; i < w * h; i++) { input[4 * i] = (byte)i; input[4 * i + 1] = (byte)(255 - i); input[4 * i + 2] = 128; input[4 * i + 3] = 255; }
        var output = new byte[4 * 4 * w * h];

        upscaler.Upscale(input, w, h, 4 * w, output, 8 * w);

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
    public void Upscale_NoiseInput_IsTheDeterministicNoiseInBgraOrder()
    {
        using var upscaler = Create(new TestModelSpec { Gain = 0f, Bias = 0.5f, NoiseGain = 0.125f });
        const int w = 5, h = 3;
        var input = new byte[4 * w * h];
        var output = new byte[4 * 4 * w * h];

        upscaler.Upscale(input, w, h, 4 * w, output, 8 * w, PixelFormat.Bgra8);

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
    public void Upscale_PaddedStrides_LeavesPaddingAlone()
    {
        using var upscaler = Create();
        const int w = 7, h = 5, stride = 4 * w + 12, outStride = 8 * w + 20;
        byte[] input = HostReference.RandomFrame(w, h, stride, seed: 9);
        var output = new byte[outStride * 2 * h];
        Array.Fill(output, (byte)0xAB);

        upscaler.Upscale(input, w, h, stride, output, outStride);

        for (int y = 0; y < 2 * h; y++)
        {
            Assert.That(output.AsSpan(y * outStride + 8 * w, 20).ToArray(), Is.All.EqualTo(0xAB), $"padding of row {y}");
            int i = (y / 2) * stride + 4 * 3;
            Assert.That(output.AsSpan(y * outStride + 4 * 6, 3).ToArray(), Is.EqualTo(input.AsSpan(i, 3).ToArray()), $"row {y}");
        }
    }

    [Test]
    public void Upscale_ResolutionChanges_RebindsAndStaysCorrect()
    {
        using var upscaler = Create();
        byte[] small = HostReference.RandomFrame(3, 2, 12, seed: 1);
        byte[] large = HostReference.RandomFrame(9, 4, 36, seed: 2);
        var outSmall1 = new byte[4 * 6 * 4];
        var outSmall2 = new byte[4 * 6 * 4];
        var outLarge = new byte[4 * 18 * 8];

        upscaler.Upscale(small, 3, 2, 12, outSmall1, 24);
        upscaler.Upscale(large, 9, 4, 36, outLarge, 72);
        upscaler.Upscale(small, 3, 2, 12, outSmall2, 24);

        Assert.That(outSmall2, Is.EqualTo(outSmall1));
        Assert.That(outLarge.AsSpan(72 * 7 + 4 * 17, 3).ToArray(), Is.EqualTo(large.AsSpan(36 * 3 + 4 * 8, 3).ToArray()));
    }

    [Test]
    public void Upscale_WithShortOutputBuffer_ThrowsWithRequiredSize()
    {
        using var upscaler = Create();
        var input = new byte[4 * 960 * 540];
        var output = new byte[4147200];

        var ex = Assert.Throws<ArgumentException>(() => upscaler.Upscale(input, 960, 540, 4 * 960, output, 4 * 1920));

        Assert.That(ex!.Message, Does.Contain("requires a buffer of at least 8294400 bytes; got 4147200"));
        Assert.That(ex.ParamName, Is.EqualTo("output"));
    }

    [Test]
    public void Upscale_WithShortInputBuffer_ThrowsWithRequiredSize()
    {
        using var upscaler = Create();
        var output = new byte[4 * 74 * 106];

        var ex = Assert.Throws<ArgumentException>(() => upscaler.Upscale(new byte[100], 37, 53, 148, output, 296));

        Assert.That(ex!.Message, Does.Contain("a 37x53 input frame with a stride of 148 bytes requires a buffer of at least 7844 bytes; got 100"));
    }

    [Test]
    public void Upscale_WithStrideShorterThanRow_Throws()
    {
        using var upscaler = Create();

        var ex = Assert.Throws<ArgumentException>(() => upscaler.Upscale(new byte[400], 10, 10, 39, new byte[1600], 80));

        Assert.That(ex!.Message, Does.Contain("stride of 39 bytes is less than a row of 10 pixels (40 bytes)"));
    }

    [Test]
    public void Upscale_AfterDispose_ThrowsObjectDisposed()
    {
        OnnxImageUpscaler upscaler = Create();
        upscaler.Upscale(new byte[4], 1, 1, 4, new byte[16], 8);
        upscaler.Dispose();
        upscaler.Dispose();

        Assert.Throws<ObjectDisposedException>(() => upscaler.Upscale(new byte[4], 1, 1, 4, new byte[16], 8));
    }

    [Test]
    public void Create_Auto_RecordsProviderAndReason()
    {
        using var upscaler = new OnnxImageUpscaler(CtmsrModel.Load(TestModels.Valid()), new OnnxUpscalerOptions { IntraOpThreads = 1 });

        Assert.That(upscaler.ProviderReason, Is.Not.Empty);
        if (upscaler.Provider == OnnxExecutionProvider.Cpu)
            Assert.That(upscaler.ProviderReason, Does.StartWith("CPU fallback: "));
    }

    [Test]
    public void Create_Cpu_RunsOnCpu()
    {
        using var upscaler = Create();

        Assert.That(upscaler.Provider, Is.EqualTo(OnnxExecutionProvider.Cpu));
        Assert.That(upscaler.ProviderReason, Is.EqualTo("the CPU was requested"));
        Assert.That(upscaler.Scale, Is.EqualTo(2));
    }
}
