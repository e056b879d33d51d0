using System.Reflection;
using System.Runtime.Versioning;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Tests;
using NUnit.Framework;

namespace Ctmsr.Runtime.NetStandard.Tests;

public class NetStandardBuildTests
{
    private static UpscalerContext Create(int w, int h, int dw, int dh, int profiler = 0) =>
        UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = CtmsrModel.Load(TestModels.Valid(), "tiny"),
            RenderWidth = w, RenderHeight = h, DisplayWidth = dw, DisplayHeight = dh,
            Backend = UpscalerBackend.Cpu, ThreadCount = 1, ProfilerCapacity = profiler,
        });

    [Test]
    public void RuntimeAssembly_IsTheNetStandard21Build()
    {
        var attribute = typeof(UpscalerContext).Assembly.GetCustomAttribute<TargetFrameworkAttribute>();

        Assert.That(attribute?.FrameworkName, Is.EqualTo(".NETStandard,Version=v2.1"));
    }

    [Test]
    public void Dispatch_NearestModel_CopiesColourAndInterpolatesAlpha()
    {
        const int w = 5, h = 3;
        using var context = Create(w, h, 2 * w, 2 * h);
        var input = new byte[4 * w * h];
        new Random(11).NextBytes(input);
        var output = new byte[16 * w * h];

        context.Dispatch(input, 4 * w, output, 8 * w);

        for (int y = 0; y < 2 * h; y++)
            for (int x = 0; x < 2 * w; x++)
                for (int c = 0; c < 3; c++)
                    Assert.That(output[(y * 2 * w + x) * 4 + c], Is.EqualTo(input[((y / 2) * w + x / 2) * 4 + c]), $"({x}, {y}) channel {c}");
        // Output (0, 0) is at source (-0.25, -0.25), clamped to the corner pixel: its alpha exactly.
        Assert.That(output[3], Is.EqualTo(input[3]));
    }

    [Test]
    public void Dispatch_SteadyState_AllocatesNoManagedBytes()
    {
        using var context = Create(16, 8, 24, 12, profiler: 32);
        var input = new byte[4 * 16 * 8];
        var output = new byte[4 * 24 * 12];
        for (int i = 0; i < 3; i++) context.Dispatch(input, 64, output, 96);
        _ = context.Profiler!.Statistics(DispatchStage.Total);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) context.Dispatch(input, 64, output, 96);

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(context.Profiler.Count, Is.EqualTo(32));
    }

    [Test]
    public void Load_ContractBreak_NamesTheDifference()
    {
        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(TestModels.Build(new TestModelSpec { LowResChannels = 4 })));

        Assert.That(ex!.Message, Does.Contain("input 'lr' has 4 channels; the contract needs 3"));
    }
}
