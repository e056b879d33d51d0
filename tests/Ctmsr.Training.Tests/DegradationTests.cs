using Ctmsr.Training.Data;
using Ctmsr.Training.Degradation;
using Ctmsr.Training.Imaging;
using NUnit.Framework;
using TorchSharp;

namespace Ctmsr.Training.Tests;

public class DegradationTests
{
    private static ImageDataset SmallDataset() => ImageDataset.FromImages(new[]
    {
        DataTestImages.Colourful(120, 100, 1),
        DataTestImages.Colourful(96, 130, 2),
        DataTestImages.Colourful(200, 97, 3),
    });

    private static readonly DegradationOptions Everything = new()
    {
        BlurProbability = 0.5, NoiseProbability = 0.5, JpegProbability = 0.5,
    };

    [Test]
    public void Batch_SameSeedAndIndex_GivesIdenticalTensors_DifferentIndexDiffers()
    {
        var data = SmallDataset();
        var a = new PatchSampler(data, Everything, 64, seed: 42);
        var b = new PatchSampler(data, Everything, 64, seed: 42);
        var (hr1, lq1) = a.Batch(7, 8);
        a.Batch(3, 8); // other calls in between change nothing
        var (hr2, lq2) = b.Batch(7, 8);
        var (hr3, lq3) = a.Batch(8, 8);
        var (hr4, _) = new PatchSampler(data, Everything, 64, seed: 43).Batch(7, 8);
        Assert.That(Same(hr1, hr2), Is.True);
        Assert.That(Same(lq1, lq2), Is.True);
        Assert.That(Same(hr1, hr3), Is.False);
        Assert.That(Same(lq1, lq3), Is.False);
        Assert.That(Same(hr1, hr4), Is.False);
    }

    [TestCase(2, 64)]
    [TestCase(3, 72)]
    [TestCase(4, 96)]
    public void Batch_HasTheContractShapes_AndQuantisedLr(int scale, int patch)
    {
        var sampler = new PatchSampler(SmallDataset(), Everything with { Scale = scale }, patch, seed: 1);
        var (hr, lq) = sampler.Batch(0, 16);
        Assert.That(hr.shape, Is.EqualTo(new long[] { 16, 3, patch, patch }));
        Assert.That(lq.shape, Is.EqualTo(new long[] { 16, 3, patch / scale, patch / scale }));
        Assert.That(hr.dtype, Is.EqualTo(torch.ScalarType.Float32));
        Assert.That(lq.dtype, Is.EqualTo(torch.ScalarType.Float32));
        Assert.That(lq.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(lq.max().item<float>(), Is.LessThanOrEqualTo(1f));
        var steps = lq.mul(255f);
        Assert.That(steps.sub(steps.round()).abs().max().item<float>(), Is.LessThan(1e-3f));
    }

    [Test]
    public void Batch_HrIsAnExactCropOfTheSource_PossiblyFlipped()
    {
        // One image, a known pattern: every HR sample must appear somewhere in it as bytes / 255.
        var img = DataTestImages.Colourful(80, 80, 9);
        var data = ImageDataset.FromImages(new[] { img });
        var (hr, _) = new PatchSampler(data, DegradationOptions.Default, 80, seed: 3).Batch(0, 4);
        var full = ImageTensor.ToTensor(img)[0];
        for (int i = 0; i < 4; i++)
        {
            var s = hr[i];
            bool match = Same(s, full) || Same(s, full.flip(2)) || Same(s, full.flip(1)) || Same(s, full.flip(1, 2));
            Assert.That(match, Is.True, $"sample {i} is not the image or one of its flips");
        }
    }

    [Test]
    public void Downscale_Area_GivesExactBlockMeans()
    {
        // 4x4 with 2x2 blocks whose means are known.
        var x = torch.tensor(new float[]
        {
            0, 1, 2, 3,
            1, 2, 3, 4,
            4, 4, 0, 0,
            4, 4, 0, 8,
        }, new long[] { 1, 1, 4, 4 });
        var y = Downscaler.Downscale(x, 2, DownscaleKernel.Area);
        Assert.That(y.data<float>().ToArray(), Is.EqualTo(new float[] { 1f, 3f, 4f, 2f }));
    }

    [TestCase(DownscaleKernel.Area)]
    [TestCase(DownscaleKernel.Bilinear)]
    [TestCase(DownscaleKernel.AntialiasedBicubic)]
    [TestCase(DownscaleKernel.Nearest)]
    public void Downscale_ConstantImage_StaysConstant(DownscaleKernel kernel)
    {
        var x = torch.full(new long[] { 2, 3, 12, 12 }, 0.25f);
        var y = Downscaler.Downscale(x, 3, kernel);
        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 3, 4, 4 }));
        Assert.That(y.sub(0.25f).abs().max().item<float>(), Is.LessThan(1e-5f));
    }

    [Test]
    public void Downscale_SizeNotDivisible_ThrowsWithSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => Downscaler.Downscale(torch.zeros(1, 3, 10, 9), 2, DownscaleKernel.Area));
        Assert.That(e!.Message, Does.Contain("10x9"));
    }

    [Test]
    public void Quantize8_RoundsToMultiplesOf255_AndClamps()
    {
        var q = Downscaler.Quantize8(torch.tensor(new float[] { -0.5f, 0.1f, 0.5f, 2f }));
        var v = q.data<float>().ToArray();
        Assert.That(v[0], Is.EqualTo(0f));
        Assert.That(v[1] * 255f, Is.EqualTo(26f).Within(1e-4f)); // 0.1f * 255 is just above 25.5
        Assert.That(v[2] * 255f, Is.EqualTo(128f).Within(1e-4f));
        Assert.That(v[3], Is.EqualTo(1f));
    }

    [TestCase(nameof(DegradationOptions.AreaProbability))]
    [TestCase(nameof(DegradationOptions.NearestProbability))]
    public void Validate_NegativeKernelProbability_NamesTheOption(string name)
    {
        var opts = name == nameof(DegradationOptions.AreaProbability)
            ? DegradationOptions.Default with { AreaProbability = -0.1 }
            : DegradationOptions.Default with { NearestProbability = -1 };
        var e = Assert.Throws<ArgumentException>(opts.Validate);
        Assert.That(e!.Message, Does.Contain(name));
    }

    [Test]
    public void Validate_AllKernelProbabilitiesZero_IsAnError()
    {
        var opts = DegradationOptions.Default with
        {
            AreaProbability = 0, BilinearProbability = 0, AntialiasedBicubicProbability = 0, NearestProbability = 0,
        };
        var e = Assert.Throws<ArgumentException>(opts.Validate);
        Assert.That(e!.Message, Does.Contain("AreaProbability"));
    }

    [Test]
    public void Validate_BadScaleAndRanges_NameTheOption()
    {
        Assert.That(Assert.Throws<ArgumentException>((DegradationOptions.Default with { Scale = 5 }).Validate)!.Message, Does.Contain("Scale"));
        Assert.That(Assert.Throws<ArgumentException>((DegradationOptions.Default with { JpegQualityMin = 99, JpegQualityMax = 90 }).Validate)!.Message,
            Does.Contain("JpegQualityMin"));
        Assert.That(Assert.Throws<ArgumentException>((DegradationOptions.Default with { NoiseProbability = 1.5 }).Validate)!.Message,
            Does.Contain("NoiseProbability"));
    }

    [Test]
    public void Sampler_OnlyAreaKernel_LrIsTheQuantisedBlockMeanOfHr()
    {
        var opts = DegradationOptions.Default with
        {
            AreaProbability = 1, BilinearProbability = 0, AntialiasedBicubicProbability = 0, NearestProbability = 0,
        };
        var (hr, lq) = new PatchSampler(SmallDataset(), opts, 64, seed: 5).Batch(2, 4);
        var expected = Downscaler.Quantize8(torch.nn.functional.avg_pool2d(hr, 2, 2));
        Assert.That(lq.sub(expected).abs().max().item<float>(), Is.LessThan(1e-6f));
    }

    [Test]
    public void Sampler_PatchNotDivisibleByScale_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new PatchSampler(SmallDataset(), DegradationOptions.Default with { Scale = 3 }, 64, 0));
        Assert.That(e!.Message, Does.Contain("64"));
    }

    private static bool Same(torch.Tensor a, torch.Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.sub(b).abs().max().item<float>() == 0f;

    [Test]
    public void SplitMix64_IsPinned()
    {
        // Reference values of SplitMix64 seeded with 0 (the published test vector).
        var r = new SplitMix64(0);
        Assert.That(r.Next(), Is.EqualTo(0xE220A8397B1DCDAFUL));
        Assert.That(r.Next(), Is.EqualTo(0x6E789E6AA1B965F4UL));
    }
}
