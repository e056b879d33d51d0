using System;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The frame backend's command pool, the one command buffer of the host path and the fence: submit-and-wait of the host
/// path's frame, one-off command buffers and uploads to device-local buffers (creation, resize and tests; never per frame).
/// Owns the pool and the fence; does not own the device.
/// </summary>
internal sealed unsafe class VulkanCommands : IDisposable
{
    // A lost or hung device surfaces as VK_TIMEOUT, not a hang. A CPU driver (lavapipe) JIT-compiles each pipeline
    // at its first dispatch and runs a 1080p frame in tens of seconds, more on a loaded machine: it gets longer.
    private const ulong GpuFenceTimeoutNs = 60_000_000_000;
    private const ulong CpuDriverFenceTimeoutNs = 600_000_000_000;

    private readonly VulkanDevice _device;
    private readonly CommandPool _pool;
    private readonly Fence _fence;

    /// <summary>Creates the pool, the host path's command buffer and the fence; nothing is left behind on failure.</summary>
    public VulkanCommands(VulkanDevice device)
    {
        _device = device;
        VulkanComputeObjects.CreateCommands(device, null, out _pool, out CommandBuffer cmd, out _fence);
        HostCommands = cmd;
    }

    /// <summary>Records into a one-off command buffer.</summary>
    public delegate void Recorder(CommandBuffer cmd);

    /// <summary>Fills a host-visible staging buffer.</summary>
    public delegate void StagingFill(void* mapped);

    /// <summary>The host path's command buffer, re-recorded once per size (see <see cref="VulkanHostPath"/>).</summary>
    public CommandBuffer HostCommands { get; }

    private ulong FenceTimeoutNs => _device.IsCpu ? CpuDriverFenceTimeoutNs : GpuFenceTimeoutNs;

    /// <summary>Submits <paramref name="cmd"/> on the device's queue and waits for it (the host path's frame; allocates nothing).</summary>
    public void SubmitAndWait(CommandBuffer cmd)
    {
        Vk vk = _device.Api;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        Fence fence = _fence;
        VkCheck.Ok(vk.QueueSubmit(_device.Queue, 1, &submit, fence), "vkQueueSubmit");
        VkCheck.Ok(vk.WaitForFences(_device.Device, 1, &fence, true, FenceTimeoutNs), "vkWaitForFences");
        VkCheck.Ok(vk.ResetFences(_device.Device, 1, &fence), "vkResetFences");
    }

    /// <summary>Records, submits and waits for a one-off command buffer (creation, resize, tests; never per frame).</summary>
    public void OneTimeSubmit(Recorder record)
    {
        Vk vk = _device.Api;
        CommandPool pool = _pool;
        var alloc = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
        CommandBuffer cmd;
        VkCheck.Ok(vk.AllocateCommandBuffers(_device.Device, &alloc, &cmd), "vkAllocateCommandBuffers");
        try
        {
            var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
            VkCheck.Ok(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
            record(cmd);
            var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.MemoryWriteBit, DstAccessMask = AccessFlags.HostReadBit | AccessFlags.MemoryReadBit };
            vk.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.HostBit | PipelineStageFlags.AllCommandsBit, 0, 1, &barrier, 0, null, 0, null);
            VkCheck.Ok(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
            SubmitAndWait(cmd);
        }
        finally
        {
            vk.FreeCommandBuffers(_device.Device, pool, 1, &cmd);
        }
    }

    /// <summary>
    /// A device-local storage buffer of <paramref name="bytes"/> filled through a host-visible staging buffer and
    /// one copy (creation and resize only, never per frame); the caller owns and disposes it.
    /// </summary>
    public VulkanBuffer UploadToDeviceLocal(ulong bytes, BufferUsageFlags extraUsage, string name, StagingFill fill)
    {
        var device = new VulkanBuffer(_device, bytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferDstBit | extraUsage, hostVisible: false, name);
        try
        {
            using var staging = new VulkanBuffer(_device, bytes, BufferUsageFlags.TransferSrcBit, hostVisible: true, name + " upload");
            fill(staging.Mapped);
            OneTimeSubmit(cmd =>
            {
                var region = new BufferCopy { Size = bytes };
                _device.Api.CmdCopyBuffer(cmd, staging.Buffer, device.Buffer, 1, &region);
            });
        }
        catch
        {
            device.Dispose();
            throw;
        }
        return device;
    }

    public void Dispose()
    {
        Vk vk = _device.Api;
        if (_fence.Handle != 0) vk.DestroyFence(_device.Device, _fence, null);
        if (_pool.Handle != 0) vk.DestroyCommandPool(_device.Device, _pool, null);
    }
}
