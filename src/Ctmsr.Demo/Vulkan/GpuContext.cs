using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// The demo as an engine: one Vulkan device with a graphics + compute + transfer queue (created by the runtime's
/// <see cref="VulkanDevice"/> with the options an engine asks for), a command pool, the window's surface when there is
/// one, and the helpers the demo and the engine-owned tests need. It hands its device to Ctmsr.Runtime as an engine
/// would (<see cref="Handles"/> into <see cref="Ctmsr.Runtime.UpscalerContextDescription.VulkanDevice"/>). Headless by
/// default; the window passes its instance extensions and a surface factory.
/// </summary>
public sealed unsafe class GpuContext : IDisposable
{
    private SurfaceKHR _surface;
    private bool _disposed;

    private GpuContext(VulkanDevice device, SurfaceKHR surface)
    {
        Vulkan = device;
        try
        {
            CommandPool = VulkanComputeObjects.CreateCommandPool(device, "demo");
        }
        catch
        {
            device.Dispose();
            throw;
        }
        _surface = surface;
    }

    /// <summary>The device, as the runtime's bootstrap made it (also what buffers are created on).</summary>
    internal VulkanDevice Vulkan { get; }

    public Vk Vk => Vulkan.Api;
    public Instance Instance => Vulkan.Instance;
    public PhysicalDevice Physical => Vulkan.PhysicalDevice;
    public Device Device => Vulkan.Device;
    public Queue Queue => Vulkan.Queue;
    public uint QueueFamily => Vulkan.QueueFamily;
    public CommandPool CommandPool { get; }
    public SurfaceKHR Surface => _surface;
    public string DeviceName => Vulkan.Name;
    public float TimestampPeriodNs => Vulkan.TimestampPeriodNs;
    public bool TimestampsSupported => Vulkan.SupportsTimestamps;

    /// <summary>
    /// True when the device was created with storageBuffer16BitAccess and shaderFloat16 (it has both): Ctmsr.Runtime's
    /// Vulkan backend can then run fp16 on it (<see cref="VulkanDeviceHandles.Float16FeaturesEnabled"/>).
    /// </summary>
    public bool Float16Enabled => Vulkan.Float16Enabled;

    /// <summary>Why <see cref="Float16Enabled"/> is what it is, e.g. "fp16 features enabled" or what the device lacks.</summary>
    public string Float16Note => Vulkan.Float16Note;

    /// <summary>The handles that give this device to an upscaler context (engine-owned mode: the context records into our command buffers).</summary>
    public VulkanDeviceHandles Handles => Vulkan.ToHandles();

    /// <summary>A headless context on the best device with a graphics+compute queue.</summary>
    /// <exception cref="VulkanUnavailableException">No Vulkan loader, no instance, or no suitable device.</exception>
    public static GpuContext CreateHeadless() => Create(Array.Empty<string>(), null, false);

    /// <summary>
    /// A context whose instance enables <paramref name="instanceExtensions"/>; <paramref name="createSurface"/> makes the
    /// window's surface before the device is chosen, so the queue family can present to it.
    /// </summary>
    /// <exception cref="VulkanUnavailableException">No Vulkan loader, no instance, or no suitable device.</exception>
    public static GpuContext Create(IReadOnlyList<string> instanceExtensions, Func<Instance, SurfaceKHR>? createSurface, bool swapchain)
    {
        SurfaceKHR surface = default;
        var options = new VulkanDeviceOptions
        {
            ApplicationName = "ctmsr-demo",
            QueueFlags = QueueFlags.GraphicsBit | QueueFlags.ComputeBit,
            QueueDescription = createSurface != null ? "a graphics+compute queue that can present to the window" : "a graphics+compute queue",
            InstanceExtensions = instanceExtensions,
            DeviceExtensions = swapchain ? ["VK_KHR_swapchain"] : [],
            InstanceCreated = createSurface == null ? null : (_, instance) => surface = createSurface(instance),
            QueueFamilyFilter = createSurface == null ? null
                : (vk, instance, physical, family) => SurfaceFunctions.Supports(vk, instance, physical, family, surface),
            // The surface goes before the instance: when creation fails part-way, and when the device is disposed.
            BeforeInstanceDestroyed = (vk, instance) =>
            {
                if (surface.Handle != 0) SurfaceFunctions.Destroy(vk, instance, surface);
                surface = default;
            },
        };
        VulkanDevice device = VulkanDevice.Create(options);
        return new GpuContext(device, surface);
    }

    public CommandBuffer AllocateCommandBuffer()
    {
        var ai = new CommandBufferAllocateInfo
        {
            SType = StructureType.CommandBufferAllocateInfo,
            CommandPool = CommandPool,
            Level = CommandBufferLevel.Primary,
            CommandBufferCount = 1,
        };
        VkCheck.Ok(Vk.AllocateCommandBuffers(Device, in ai, out CommandBuffer cmd), "vkAllocateCommandBuffers");
        return cmd;
    }

    public void Begin(CommandBuffer cmd)
    {
        VkCheck.Ok(Vk.ResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
        var bi = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        VkCheck.Ok(Vk.BeginCommandBuffer(cmd, in bi), "vkBeginCommandBuffer");
    }

    /// <summary>Ends, submits and waits for <paramref name="cmd"/> (the headless path is synchronous on purpose).</summary>
    public void SubmitAndWait(CommandBuffer cmd)
    {
        VkCheck.Ok(Vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
        var si = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        VkCheck.Ok(Vk.QueueSubmit(Queue, 1, in si, default), "vkQueueSubmit");
        VkCheck.Ok(Vk.QueueWaitIdle(Queue), "vkQueueWaitIdle");
    }

    /// <summary>
    /// One engine frame: a fresh command buffer that <paramref name="record"/> fills, a barrier that makes every write
    /// visible to the host, submitted and waited for.
    /// </summary>
    public void SubmitAndWait(Action<CommandBuffer> record)
    {
        CommandBuffer cmd = AllocateCommandBuffer();
        try
        {
            Begin(cmd);
            record(cmd);
            var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.MemoryWriteBit, DstAccessMask = AccessFlags.HostReadBit };
            Vk.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.HostBit, 0, 1, &barrier, 0, null, 0, null);
            SubmitAndWait(cmd);
        }
        finally
        {
            FreeCommandBuffer(cmd);
        }
    }

    public void FreeCommandBuffer(CommandBuffer cmd) => Vk.FreeCommandBuffers(Device, CommandPool, 1, in cmd);

    /// <summary>A host-visible, coherent, persistently mapped buffer of <paramref name="size"/> bytes (the demo's one kind of buffer).</summary>
    /// <remarks>
    /// On lavapipe all memory is host memory; on a discrete GPU the demo's buffers are small enough that mapping them
    /// costs little next to the clarity of one kind of buffer.
    /// </remarks>
    internal VulkanBuffer CreateBuffer(ulong size, BufferUsageFlags usage, string what)
    {
        if (size == 0) throw new ArgumentOutOfRangeException(nameof(size), $"{what}: a buffer needs at least one byte");
        return new VulkanBuffer(Vulkan, size, usage, hostVisible: true, what);
    }

    /// <summary>A shader module from the SPIR-V of <paramref name="file"/> embedded in the demo (build/Shaders.targets).</summary>
    public ShaderModule CreateShaderModule(string file)
    {
        byte[] spirv = SpirvLibrary.Load(typeof(GpuContext).Assembly, file, "f32");
        fixed (byte* code = spirv)
        {
            var ci = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)spirv.Length, PCode = (uint*)code };
            VkCheck.Ok(Vk.CreateShaderModule(Device, in ci, null, out ShaderModule module), "vkCreateShaderModule (" + file + ")");
            return module;
        }
    }

    /// <summary>A full-pipeline memory barrier: the demo's command streams are short and serial.</summary>
    public void Barrier(CommandBuffer cmd) => VulkanComputeObjects.FullBarrier(Vulkan, cmd);

    public void WaitIdle() => Vulkan.WaitIdle();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk.DeviceWaitIdle(Device);
        Vk.DestroyCommandPool(Device, CommandPool, null);
        Vulkan.Dispose(); // the device, then the surface (BeforeInstanceDestroyed), then the instance
        _surface = default;
    }
}
