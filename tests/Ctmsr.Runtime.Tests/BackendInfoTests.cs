using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// The backend info objects (<see cref="UpscalerContext.Vulkan"/>, <see cref="UpscalerContext.Cuda"/>): null unless
/// their backend runs, their calls equal the context's forwarders, and misuse gets the same clear errors.
/// </summary>
[NonParallelizable]
public class BackendInfoTests
{
    private static CtmsrModel Random() => CtmsrModel.Load(CtmsrGraphModels.Build(new CtmsrGraphSpec()), "random-ctmsr");

    private static UpscalerContext Create(CtmsrModel model, UpscalerBackend backend, int rw, int rh, int dw, int dh, VulkanDeviceHandles? device = null) =>
        UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Backend = backend, VulkanPrecision = VulkanPrecision.Fp32, ThreadCount = 1, VulkanDevice = device,
        });

    [Test]
    public void Cpu_HasNeitherInfo_AndBothCallsNameTheBackend()
    {
        using var context = Create(Random(), UpscalerBackend.Cpu, 4, 4, 8, 8);

        Assert.That(context.Vulkan, Is.Null);
        Assert.That(context.Cuda, Is.Null);
        Assert.That(context.VulkanPrecision, Is.Null);
        var record = Assert.Throws<NotSupportedException>(() => context.RecordDispatch(new IntPtr(1), VulkanFrame.FromBuffer(1, 0, 16), VulkanFrame.FromBuffer(2, 0, 32)));
        Assert.That(record!.Message, Does.Contain("needs the Vulkan backend on an engine-owned device").And.Contain("runs on Cpu (" + context.BackendReason + ")"));
        var device = Assert.Throws<NotSupportedException>(() => context.DispatchDevice(new IntPtr(16), new IntPtr(32)));
        Assert.That(device!.Message, Does.Contain("need the CUDA backend").And.Contain("runs on Cpu (" + context.BackendReason + ")"));
    }

    [Test]
    public void StandaloneVulkan_HasVulkanInfo_WithTheDeviceFacts_AndNoCudaInfo()
    {
        using var context = Create(Random(), UpscalerBackend.Vulkan, 4, 4, 8, 8);

        VulkanBackendInfo? info = context.Vulkan;
        Assert.That(info, Is.Not.Null);
        Assert.That(context.Cuda, Is.Null);
        Assert.That(info!.DeviceName, Is.Not.Empty);
        Assert.That(context.BackendReason, Does.StartWith("Vulkan on " + info.DeviceName + ", "));
        Assert.That(info.IsCpuDevice, Is.EqualTo(context.BackendReason.StartsWith("Vulkan on " + info.DeviceName + ", CPU", StringComparison.Ordinal)));
        Assert.That(info.Precision, Is.EqualTo(VulkanPrecision.Fp32));
        Assert.That(context.VulkanPrecision, Is.EqualTo(info.Precision));
        Assert.That(info.IsEngineOwned, Is.False);
        Assert.That(info.HasTimestamps, Is.EqualTo(!context.BackendReason.Contains("no timestamp queries")));
        Assert.That(info.ToString(), Does.Contain(info.DeviceName).And.Contain("own device"));
    }

    [Test]
    public void StandaloneVulkan_RecordDispatch_ThrowsTheSameErrorThroughInfoAndForwarder()
    {
        using var context = Create(Random(), UpscalerBackend.Vulkan, 4, 4, 8, 8);
        VulkanFrame input = VulkanFrame.FromBuffer(1, 0, 16), output = VulkanFrame.FromBuffer(2, 0, 32);

        var viaInfo = Assert.Throws<NotSupportedException>(() => context.Vulkan!.RecordDispatch(new IntPtr(1), input, output));
        var viaContext = Assert.Throws<NotSupportedException>(() => context.RecordDispatch(new IntPtr(1), input, output));

        Assert.That(viaInfo!.Message, Does.Contain("engine-owned").And.Contain("runs on Vulkan (" + context.BackendReason + ")"));
        Assert.That(viaInfo.Message, Is.EqualTo(viaContext!.Message));
    }

    [Test]
    public void VulkanInfo_AfterDispose_Throws_AndDuringADispatch_RefusesConcurrentUse()
    {
        var context = Create(Random(), UpscalerBackend.Vulkan, 4, 4, 8, 8);
        VulkanBackendInfo info = context.Vulkan!;
        InvalidOperationException? concurrent = null;
        context.DispatchProbe = () => concurrent = Assert.Throws<InvalidOperationException>(
            () => info.RecordDispatch(new IntPtr(1), VulkanFrame.FromBuffer(1, 0, 16), VulkanFrame.FromBuffer(2, 0, 32)));
        context.Dispatch(new byte[4 * 16], 16, new byte[4 * 64], 32);
        Assert.That(concurrent, Is.Not.Null, "the probe ran inside the dispatch");
        Assert.That(concurrent!.Message, Does.Contain("one thread at a time"));

        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => info.RecordDispatch(new IntPtr(1), VulkanFrame.FromBuffer(1, 0, 16), VulkanFrame.FromBuffer(2, 0, 32)));
    }

    [Test]
    public void EngineOwned_InfoRecordDispatch_EqualsTheForwarder_AndValidatesTheSame()
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        const int rw = 13, rh = 9, dw = 26, dh = 18;
        byte[] frame = HostReference.RandomFrame(rw, rh, 4 * rw, seed: 21);
        using GpuContext engine = GpuContext.CreateHeadless();
        using var input = engine.CreateHostBuffer((ulong)(4 * rw * rh));
        using var viaInfo = engine.CreateHostBuffer((ulong)(4 * dw * dh));
        using var viaContext = engine.CreateHostBuffer((ulong)(4 * dw * dh));
        frame.CopyTo(input.Span);
        using var context = Create(model, UpscalerBackend.Vulkan, rw, rh, dw, dh, engine.Handles);
        VulkanBackendInfo info = context.Vulkan!;
        Assert.That(info.IsEngineOwned, Is.True);
        Assert.That(context.Cuda, Is.Null);
        VulkanFrame src = VulkanFrame.FromBuffer(input.Buffer.Handle, 0, 4 * rw);

        engine.SubmitAndWait(cmd => info.RecordDispatch(cmd.Handle, src, VulkanFrame.FromBuffer(viaInfo.Buffer.Handle, 0, 4 * dw)));
        engine.SubmitAndWait(cmd => context.RecordDispatch(cmd.Handle, src, VulkanFrame.FromBuffer(viaContext.Buffer.Handle, 0, 4 * dw)));

        byte[] a = viaInfo.Span.ToArray(), b = viaContext.Span.ToArray();
        Assert.That(a.Any(v => v != 0), Is.True, "the info object's call wrote the frame");
        Assert.That(a, Is.EqualTo(b));
        var nullCmd = Assert.Throws<ArgumentException>(() => info.RecordDispatch(IntPtr.Zero, src, VulkanFrame.FromBuffer(viaInfo.Buffer.Handle, 0, 4 * dw)));
        Assert.That(nullCmd!.ParamName, Is.EqualTo("commandBuffer"));
        var stride = Assert.Throws<ArgumentException>(() => info.RecordDispatch(new IntPtr(1), src, VulkanFrame.FromBuffer(viaInfo.Buffer.Handle, 0, 4 * dw - 4)));
        Assert.That(stride!.Message, Does.Contain("output buffer's stride"));
    }

    [Test]
    public void EngineOwned_InfoRecordDispatch_SteadyState_AllocatesNoManagedMemory()
    {
        CtmsrModel model = Random();
        const int rw = 12, rh = 8, dw = 21, dh = 14, inStride = 4 * rw + 8, outStride = 4 * dw + 4; // strided: the row-copy path
        using GpuContext engine = GpuContext.CreateHeadless();
        using var input = engine.CreateHostBuffer((ulong)(inStride * rh));
        using var output = engine.CreateHostBuffer((ulong)(outStride * dh));
        HostReference.RandomFrame(rw, rh, inStride, seed: 3).CopyTo(input.Span);
        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
            Backend = UpscalerBackend.Vulkan, VulkanPrecision = VulkanPrecision.Fp32, VulkanDevice = engine.Handles, ProfilerCapacity = 16,
        });
        VulkanBackendInfo info = context.Vulkan!;
        VulkanFrame src = VulkanFrame.FromBuffer(input.Buffer.Handle, 0, inStride), dst = VulkanFrame.FromBuffer(output.Buffer.Handle, 0, outStride);
        for (int i = 0; i < 2; i++) engine.SubmitAndWait(cmd => info.RecordDispatch(cmd.Handle, src, dst));

        long allocated = -1;
        engine.SubmitAndWait(cmd =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 4; i++) info.RecordDispatch(cmd.Handle, src, dst);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.That(allocated, Is.Zero);
        Assert.That(context.Profiler!.Count, Is.EqualTo(6), "every recorded frame reached the profiler");
        Assert.That(output.Span.ToArray().Any(v => v != 0), Is.True, "the frames were written");
    }
}
