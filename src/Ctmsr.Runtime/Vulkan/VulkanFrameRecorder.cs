using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The only per-frame code of the Vulkan backend: records one frame (the copy of the input frame into the size's input
/// buffer, band by band the features, the conv layers and the resample, the copy to the output frame, with the barriers
/// each step needs and the timestamps of a slot) into a command buffer, the host path's or the engine's. Binds
/// descriptor sets made per size and pushes constants; allocates nothing. Owns nothing.
/// </summary>
internal sealed unsafe class VulkanFrameRecorder
{
    private readonly Vk _vk;
    private readonly VulkanModelPlan _plan;
    private readonly VulkanKernels _kernels;
    private readonly VulkanWeights _weights;
    private readonly VulkanTimestamps _timestamps;
    private readonly bool _swapRb;
    private readonly uint _seed;

    /// <summary>
    /// A recorder of <paramref name="plan"/>'s frame with <paramref name="kernels"/> and <paramref name="weights"/>;
    /// <paramref name="swapRb"/> for BGRA8 frames, <paramref name="seed"/> the noise seed.
    /// </summary>
    public VulkanFrameRecorder(Vk vk, VulkanModelPlan plan, VulkanKernels kernels, VulkanWeights weights, VulkanTimestamps timestamps, bool swapRb, uint seed)
    {
        _vk = vk;
        _plan = plan;
        _kernels = kernels;
        _weights = weights;
        _timestamps = timestamps;
        _swapRb = swapRb;
        _seed = seed;
    }

    /// <summary>Records copy-in, the kernels and copy-out of size <paramref name="s"/>, with timestamps in slot <paramref name="slot"/>.</summary>
    public void Record(CommandBuffer cmd, int slot, VulkanSizeResources s, in VulkanFrame input, in VulkanFrame output)
    {
        Vk vk = _vk;
        VulkanTimestamps ts = _timestamps;
        VulkanKernels kernels = _kernels;
        int layers = _plan.Convs.Count;
        FrameSize render = s.Render, display = s.Display;
        DescriptorSet[] sets = s.Sets;
        ts.Begin(vk, cmd, slot);

        CopyIn(vk, cmd, s, input);
        Barrier(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
        ts.Write(vk, cmd, PipelineStageFlags.TransferBit, slot, 1);

        var push = new KernelPush
        {
            Width = (uint)render.Width,
            Height = (uint)render.Height,
            InStride = (uint)render.Width,
            OutWidth = (uint)display.Width,
            OutHeight = (uint)display.Height,
            OutStride = (uint)display.Width,
            SwapRb = _swapRb ? 1u : 0u,
            Seed = _seed,
            SigmaMax = _plan.SigmaMax,
            CSkip = _plan.CSkip,
            COut = _plan.COut,
        };
        // Band by band (one band where the frame fits the device's buffers); the per-layer timestamps are written in
        // the last band, so with several bands the earlier ones count in the first layer's GPU time.
        FrameBand[] bands = s.Bands;
        for (int bi = 0; bi < bands.Length; bi++)
        {
            FrameBand band = bands[bi];
            bool lastBand = bi == bands.Length - 1;
            push.ActRow0 = band.ActRow0;
            push.ActRow1 = band.ActRow1;
            push.SrRow0 = _plan.Scale * band.Row0;
            if (bi > 0) // the previous band's last reads finish before this band overwrites the buffers
                Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
            if (kernels.SeparateFeatures)
            {
                // The first layer's input features, once per pixel, into ActB (see shaders/features.comp).
                DescriptorSet fset = sets[layers + 1];
                push.Y0 = band.ActRow0;
                push.Y1 = band.ActRow1;
                vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, kernels.Features);
                vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, kernels.Layout, 0, 1, &fset, 0, null);
                vk.CmdPushConstants(cmd, kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                vk.CmdDispatch(cmd, (uint)(render.Width + 7) / 8, (uint)(band.ActRow1 - band.ActRow0 + 7) / 8, 1);
                Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
            }
            for (int i = 0; i < layers; i++)
            {
                Pipeline pipeline = i == layers - 1 && s.Direct ? kernels.LastDirect : kernels.Layers[i];
                push.WeightOffset = _weights.WeightOffsets[i];
                push.BiasOffset = _weights.BiasOffsets[i];
                push.Slope = _plan.Convs[i].Slope ?? 1f;
                (push.Y0, push.Y1) = band.LayerRows(i, layers, render.Height);
                DescriptorSet set = sets[i];
                vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, pipeline);
                vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, kernels.Layout, 0, 1, &set, 0, null);
                ConvTiling t = kernels.Tiling[i];
                uint gx = (uint)((render.Width + t.TileWidth - 1) / t.TileWidth), gy = (uint)((push.Y1 - push.Y0 + t.TileHeight - 1) / t.TileHeight);
                // One dispatch per output group: the group's offset is a push constant, uniform on every driver.
                for (int g = 0, groups = t.Groups(kernels.Out4[i]); g < groups; g++)
                {
                    push.G0 = (uint)(g * t.Og);
                    vk.CmdPushConstants(cmd, kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                    vk.CmdDispatch(cmd, gx, gy, 1);
                }
                Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
                if (lastBand) ts.Write(vk, cmd, PipelineStageFlags.ComputeShaderBit, slot, 2 + i);
            }
            if (!s.Direct)
            {
                DescriptorSet set = sets[layers];
                push.Y0 = band.DisplayRow0;
                push.Y1 = band.DisplayRow1;
                vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, kernels.Resample);
                vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, kernels.Layout, 0, 1, &set, 0, null);
                vk.CmdPushConstants(cmd, kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                vk.CmdDispatch(cmd, (uint)(display.Width + 7) / 8, (uint)(band.DisplayRow1 - band.DisplayRow0 + 7) / 8, 1);
            }
        }
        Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
        ts.Write(vk, cmd, PipelineStageFlags.ComputeShaderBit, slot, 2 + layers);
        CopyOut(vk, cmd, s, output);
        ts.Write(vk, cmd, PipelineStageFlags.TransferBit, slot, 3 + layers);
    }

    private static void CopyIn(Vk vk, CommandBuffer cmd, VulkanSizeResources s, in VulkanFrame input)
    {
        int w = s.Render.Width, h = s.Render.Height;
        if (input.Kind == VulkanFrameKind.Buffer)
        {
            var src = new VkBuffer(input.Handle);
            // Barrier for whatever wrote the engine's buffer before this point (host or GPU).
            Barrier(vk, cmd, PipelineStageFlags.AllCommandsBit | PipelineStageFlags.HostBit, AccessFlags.MemoryWriteBit | AccessFlags.HostWriteBit,
                PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
            if (input.StrideBytes == 4 * w)
            {
                var region = new BufferCopy { SrcOffset = input.Offset, DstOffset = 0, Size = 4UL * (ulong)w * (ulong)h };
                vk.CmdCopyBuffer(cmd, src, s.Input.Buffer, 1, &region);
            }
            else
            {
                BufferCopy[] inRows = s.InRows;
                for (int y = 0; y < h; y++)
                    inRows[y] = new BufferCopy { SrcOffset = input.Offset + (ulong)y * (ulong)input.StrideBytes, DstOffset = 4UL * (ulong)w * (ulong)y, Size = 4UL * (ulong)w };
                fixed (BufferCopy* regions = inRows) vk.CmdCopyBuffer(cmd, src, s.Input.Buffer, (uint)h, regions);
            }
        }
        else
        {
            var image = new Image(input.Handle);
            var layout = (ImageLayout)input.Layout;
            bool keep = layout == ImageLayout.General || layout == ImageLayout.TransferSrcOptimal;
            ImageLayout copyLayout = keep ? layout : ImageLayout.TransferSrcOptimal;
            if (!keep) ImageBarrier(vk, cmd, image, layout, copyLayout, AccessFlags.MemoryWriteBit, AccessFlags.TransferReadBit,
                PipelineStageFlags.AllCommandsBit, PipelineStageFlags.TransferBit);
            else Barrier(vk, cmd, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
            var region = new BufferImageCopy
            {
                BufferOffset = 0,
                ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, MipLevel = 0, BaseArrayLayer = 0, LayerCount = 1 },
                ImageExtent = new Extent3D((uint)w, (uint)h, 1),
            };
            vk.CmdCopyImageToBuffer(cmd, image, copyLayout, s.Input.Buffer, 1, &region);
            if (!keep) ImageBarrier(vk, cmd, image, copyLayout, layout, AccessFlags.TransferReadBit, 0,
                PipelineStageFlags.TransferBit, PipelineStageFlags.AllCommandsBit);
        }
    }

    private static void CopyOut(Vk vk, CommandBuffer cmd, VulkanSizeResources s, in VulkanFrame output)
    {
        int w = s.Display.Width, h = s.Display.Height;
        if (output.Kind == VulkanFrameKind.Buffer)
        {
            var dst = new VkBuffer(output.Handle);
            if (output.StrideBytes == 4 * w)
            {
                var region = new BufferCopy { SrcOffset = 0, DstOffset = output.Offset, Size = 4UL * (ulong)w * (ulong)h };
                vk.CmdCopyBuffer(cmd, s.Output.Buffer, dst, 1, &region);
            }
            else
            {
                BufferCopy[] outRows = s.OutRows;
                for (int y = 0; y < h; y++)
                    outRows[y] = new BufferCopy { SrcOffset = 4UL * (ulong)w * (ulong)y, DstOffset = output.Offset + (ulong)y * (ulong)output.StrideBytes, Size = 4UL * (ulong)w };
                fixed (BufferCopy* regions = outRows) vk.CmdCopyBuffer(cmd, s.Output.Buffer, dst, (uint)h, regions);
            }
            Barrier(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit,
                AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
        }
        else
        {
            var image = new Image(output.Handle);
            var layout = (ImageLayout)output.Layout;
            bool keep = layout == ImageLayout.General || layout == ImageLayout.TransferDstOptimal;
            ImageLayout copyLayout = keep ? layout : ImageLayout.TransferDstOptimal;
            if (!keep) ImageBarrier(vk, cmd, image, layout, copyLayout, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit, AccessFlags.TransferWriteBit,
                PipelineStageFlags.AllCommandsBit, PipelineStageFlags.TransferBit);
            var region = new BufferImageCopy
            {
                BufferOffset = 0,
                ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, MipLevel = 0, BaseArrayLayer = 0, LayerCount = 1 },
                ImageExtent = new Extent3D((uint)w, (uint)h, 1),
            };
            vk.CmdCopyBufferToImage(cmd, s.Output.Buffer, image, copyLayout, 1, &region);
            if (!keep) ImageBarrier(vk, cmd, image, copyLayout, layout, AccessFlags.TransferWriteBit, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit,
                PipelineStageFlags.TransferBit, PipelineStageFlags.AllCommandsBit);
            else Barrier(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit,
                AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
        }
    }

    private static void Barrier(Vk vk, CommandBuffer cmd, PipelineStageFlags srcStage, AccessFlags src, PipelineStageFlags dstStage, AccessFlags dst)
    {
        var b = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = src, DstAccessMask = dst };
        vk.CmdPipelineBarrier(cmd, srcStage, dstStage, 0, 1, &b, 0, null, 0, null);
    }

    private static void ImageBarrier(Vk vk, CommandBuffer cmd, Image image, ImageLayout from, ImageLayout to, AccessFlags src, AccessFlags dst,
        PipelineStageFlags srcStage, PipelineStageFlags dstStage)
    {
        var b = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            SrcAccessMask = src,
            DstAccessMask = dst,
            OldLayout = from,
            NewLayout = to,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Image = image,
            SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, BaseMipLevel = 0, LevelCount = 1, BaseArrayLayer = 0, LayerCount = 1 },
        };
        vk.CmdPipelineBarrier(cmd, srcStage, dstStage, 0, 0, null, 0, null, 1, &b);
    }
}
