using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// The stated limits of <see cref="UpscalerContext"/> (frame side, model output, threads, profiler capacity): refused
/// up front, before anything size-dependent is allocated, with messages that quote the true numbers.
/// </summary>
public class ContextLimitTests
{
    private static UpscalerContextDescription Description(int rw, int rh, int dw, int dh) => new()
    {
        Model = CtmsrModel.Load(TestModels.Valid(), "tiny"), // scale 2
        RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
        Backend = UpscalerBackend.Cpu, ThreadCount = 1,
    };

    [Test]
    public void Create_IntMaxValueSizes_QuotesTheTrueSizeAndTheLimit()
    {
        var d = Description(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue);

        var ex = Assert.Throws<ArgumentException>(() => UpscalerContext.Create(d));

        Assert.That(ex!.Message, Does.Contain("2147483647x2147483647").And.Contain("8192x8192").And.Not.Contain("-2"));
    }

    [Test]
    public void Create_IntMaxValueWide_QuotesTheTrueSize()
    {
        var d = Description(int.MaxValue, 1, int.MaxValue, 1);

        var ex = Assert.Throws<ArgumentException>(() => UpscalerContext.Create(d));

        Assert.That(ex!.Message, Does.Contain("render size 2147483647x1 is over the limit of 8192x8192"));
    }

    [Test]
    public void Resize_Display16384Square_RefusedAndTheContextKeepsWorking()
    {
        using var context = UpscalerContext.Create(Description(4, 4, 8, 8));

        var ex = Assert.Throws<ArgumentException>(() => context.Resize(8192, 8192, 16384, 16384));

        Assert.That(ex!.Message, Does.Contain("display size 16384x16384 is over the limit of 8192x8192"));
        Assert.That(context.DisplaySize, Is.EqualTo(new FrameSize(8, 8)));
        var output = new byte[4 * 8 * 8];
        Assert.DoesNotThrow(() => context.Dispatch(new byte[4 * 4 * 4], 16, output, 32));
    }

    [Test]
    public void Resize_ModelOutputOverTheLimit_QuotesPixelsAndBytes()
    {
        using var context = UpscalerContext.Create(Description(4, 4, 8, 8));

        // Both sizes are within 8192, but the x2 model's output would be 16384 x 16384.
        var ex = Assert.Throws<ArgumentException>(() => context.Resize(8192, 8192, 8192, 8192));

        Assert.That(ex!.Message, Does.Contain("16384x16384 = 268435456 pixels").And.Contain("3221225472 bytes")
            .And.Contain($"limit of {UpscalerContext.MaxModelOutputPixels} pixels"));
    }

    [TestCase(-5)]
    [TestCase(UpscalerContext.MaxThreadCount + 1)]
    [TestCase(100000)]
    public void Create_ThreadCountOutOfRange_QuotesTheLimit(int threads)
    {
        var d = Description(4, 4, 8, 8);
        d.ThreadCount = threads;

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => UpscalerContext.Create(d));

        Assert.That(ex!.Message, Does.Contain($"1..{UpscalerContext.MaxThreadCount}; got {threads}"));
    }

    [Test]
    public void Create_ProfilerCapacity2e8_RefusedQuotingTheLimitNotOverflow()
    {
        var d = Description(4, 4, 8, 8);
        d.ProfilerCapacity = 200_000_000;

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => UpscalerContext.Create(d));

        Assert.That(ex!.Message, Does.Contain($"1..{LatencyProfiler.MaxCapacity} frames; got 200000000"));
    }

    [Test]
    public void LatencyProfiler_CapacityOverTheLimit_ThrowsArgumentOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyProfiler(200_000_000));

        Assert.That(ex!.Message, Does.Contain("got 200000000"));
        Assert.DoesNotThrow(() => new LatencyProfiler(LatencyProfiler.MaxCapacity));
    }
}
