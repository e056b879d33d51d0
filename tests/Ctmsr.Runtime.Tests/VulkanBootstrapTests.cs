using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// The one Vulkan bootstrap (<see cref="VulkanDevice.Create"/> with <see cref="VulkanDeviceOptions"/>): what it asks
/// of the device, what it says when the device cannot give it, and that what it made on the instance goes with it.
/// </summary>
[NonParallelizable]
public class VulkanBootstrapTests
{
    [Test]
    public void Create_MissingDeviceExtension_NamesItAndReleasesWhatWasMadeOnTheInstance()
    {
        int created = 0, released = 0;
        Instance seen = default, gone = default;
        var options = new VulkanDeviceOptions
        {
            DeviceExtensions = ["VK_CTMSR_no_such_extension"],
            InstanceCreated = (_, instance) => { created++; seen = instance; },
            BeforeInstanceDestroyed = (_, instance) => { released++; gone = instance; },
        };

        var ex = Assert.Throws<VulkanUnavailableException>(() => VulkanDevice.Create(options));

        Assert.That(ex!.Message, Does.Contain("VK_CTMSR_no_such_extension").And.Contain("found:"));
        Assert.That((created, released), Is.EqualTo((1, 1)));
        Assert.That(gone.Handle, Is.EqualTo(seen.Handle).And.Not.Zero);
    }

    [Test]
    public void Create_MissingInstanceExtension_SaysNoInstanceAndNamesIt()
    {
        var options = new VulkanDeviceOptions { InstanceExtensions = ["VK_CTMSR_no_such_instance_extension"] };

        var ex = Assert.Throws<VulkanUnavailableException>(() => VulkanDevice.Create(options));

        Assert.That(ex!.Message, Does.StartWith("no Vulkan instance").And.Contain("VK_CTMSR_no_such_instance_extension"));
    }

    [Test]
    public void Create_QueueFamilyFilterRefusingAll_SaysWhichQueueWasWanted()
    {
        var options = new VulkanDeviceOptions { QueueFamilyFilter = (_, _, _, _) => false, QueueDescription = "a queue that can present" };

        var ex = Assert.Throws<VulkanUnavailableException>(() => VulkanDevice.Create(options));

        Assert.That(ex!.Message, Does.Contain("a queue that can present"));
    }

    [Test]
    public void Create_GraphicsQueueAndRelease_DisposeRunsTheReleaseBetweenDeviceAndInstance()
    {
        int released = 0;
        var options = new VulkanDeviceOptions
        {
            QueueFlags = QueueFlags.GraphicsBit | QueueFlags.ComputeBit,
            BeforeInstanceDestroyed = (_, _) => released++,
        };
        using (VulkanDevice device = VulkanDevice.Create(options))
        {
            Assert.That(device.IsOwned, Is.True);
            Assert.That(released, Is.Zero, "nothing is released while the device lives");
            Assert.That(device.Float16Note, Does.StartWith(device.Float16Enabled ? "fp16 features enabled" : "fp16 off"));
        }
        Assert.That(released, Is.EqualTo(1));
    }

    [Test]
    public void Create_Float16NotAsked_LeavesItOffAndSaysSo()
    {
        using VulkanDevice device = VulkanDevice.Create(new VulkanDeviceOptions { Float16 = false });

        Assert.That(device.Float16Enabled, Is.False);
        Assert.That(device.ShaderFloat16Enabled, Is.False);
        Assert.That(device.Float16Note, Does.Contain("not asked for"));
    }

    [Test]
    public void VulkanBuffer_Span_IsTheRequestedSize_AndADeviceLocalBufferHasNone()
    {
        using VulkanDevice device = VulkanDevice.CreateStandalone(null);
        using var host = new VulkanBuffer(device, 5, BufferUsageFlags.StorageBufferBit, hostVisible: true, "five bytes");
        using var local = new VulkanBuffer(device, 64, BufferUsageFlags.StorageBufferBit, hostVisible: false, "device bytes");

        Assert.That(host.Span.Length, Is.EqualTo(5));
        Assert.That(host.Size, Is.EqualTo(16UL), "the allocation keeps its 16-byte floor");
        var ex = Assert.Throws<InvalidOperationException>(() => _ = local.Span.Length);
        Assert.That(ex!.Message, Does.Contain("device-local"));
    }

    [Test]
    public void DemoEngine_HandsItsOwnDevice_AsAnEngineWould()
    {
        using GpuContext engine = GpuContext.CreateHeadless();
        VulkanDeviceHandles h = engine.Handles;

        Assert.That(h.Device, Is.EqualTo(engine.Device.Handle));
        Assert.That(h.Queue, Is.EqualTo(engine.Queue.Handle));
        Assert.That(h.QueueFamilyIndex, Is.EqualTo(engine.QueueFamily));
        Assert.That(h.GetInstanceProcAddr, Is.Not.EqualTo(IntPtr.Zero));
        Assert.That(h.Float16FeaturesEnabled, Is.EqualTo(engine.Float16Enabled));
        using VulkanDevice wrapped = VulkanDevice.Wrap(h);
        Assert.That(wrapped.IsOwned, Is.False);
        Assert.That(wrapped.Name, Is.EqualTo(engine.DeviceName));
    }

    [Test]
    public void VulkanException_FromAResult_CarriesItAsIntAndEnum()
    {
        var ex = new VulkanException("vkQueueSubmit", Result.ErrorDeviceLost);

        Assert.That(ex.Result, Is.EqualTo(-4));
        Assert.That(ex.VkResult, Is.EqualTo(Result.ErrorDeviceLost));
        Assert.That(ex.Message, Does.StartWith("vkQueueSubmit failed with VK_ERROR_DEVICE_LOST (-4)").And.Contain("recreate the context"));
        Assert.That(new VulkanException("vkAcquireNextImageKHR", Result.ErrorOutOfDateKhr).Message, Does.Contain("VK_ERROR_OUT_OF_DATE_KHR"));
    }
}
