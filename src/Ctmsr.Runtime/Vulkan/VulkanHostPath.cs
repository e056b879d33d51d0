using System;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The host staging path of one size: a mapped upload and a mapped read-back buffer, and the host path's command buffer
/// recorded once for them (the frame in timestamp slot 0, then a transfer -> host barrier). A host frame is a row copy
/// into <see cref="Upload"/>, one submit and a row copy out of <see cref="Readback"/>; none of it allocates. Owns the two
/// buffers; does not own the command buffer or the size's resources.
/// </summary>
internal sealed unsafe class VulkanHostPath : IDisposable
{
    private readonly VulkanSizeResources _size;
    private bool _recorded;

    /// <summary>Creates the staging buffers of <paramref name="size"/>; nothing is left behind on failure.</summary>
    public VulkanHostPath(VulkanDevice device, VulkanSizeResources size)
    {
        _size = size;
        Upload = new VulkanBuffer(device, size.Input.Size, BufferUsageFlags.TransferSrcBit, true, "input staging");
        try
        {
            Readback = new VulkanBuffer(device, size.Output.Size, BufferUsageFlags.TransferDstBit, true, "output staging");
        }
        catch
        {
            Upload.Dispose();
            throw;
        }
    }

    public VulkanBuffer Upload { get; }
    public VulkanBuffer Readback { get; }

    /// <summary>Records the frame into <paramref name="cmd"/> the first time only (the buffer is re-recorded per size).</summary>
    public void EnsureRecorded(Vk vk, CommandBuffer cmd, VulkanFrameRecorder recorder)
    {
        if (_recorded) return;
        VkCheck.Ok(vk.ResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo };
        VkCheck.Ok(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
        recorder.Record(cmd, VulkanTimestamps.HostSlot, _size,
            VulkanFrame.FromBuffer(Upload.Buffer.Handle, 0, 4 * _size.Render.Width), VulkanFrame.FromBuffer(Readback.Buffer.Handle, 0, 4 * _size.Display.Width));
        var toHost = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.HostReadBit };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 1, &toHost, 0, null, 0, null);
        VkCheck.Ok(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
        _recorded = true;
    }

    /// <summary>Copies the render-size rows of <paramref name="input"/> (<paramref name="stride"/> bytes apart) into <see cref="Upload"/>.</summary>
    public void CopyIn(ReadOnlySpan<byte> input, int stride)
    {
        FrameSize r = _size.Render;
        int row = 4 * r.Width;
        Span<byte> upload = Upload.HostSpan;
        for (int y = 0; y < r.Height; y++)
            input.Slice(y * stride, row).CopyTo(upload.Slice(y * row, row));
    }

    /// <summary>Copies the display-size rows of <see cref="Readback"/> into <paramref name="output"/> (<paramref name="stride"/> bytes apart).</summary>
    public void CopyOut(Span<byte> output, int stride)
    {
        FrameSize d = _size.Display;
        int row = 4 * d.Width;
        ReadOnlySpan<byte> readback = Readback.HostSpan;
        for (int y = 0; y < d.Height; y++)
            readback.Slice(y * row, row).CopyTo(output.Slice(y * stride, row));
    }

    public void Dispose()
    {
        Upload.Dispose();
        Readback.Dispose();
    }
}
