using System;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// Test-only read-backs of the Vulkan backend's device buffers, through its internal seam (the current size's typed
/// buffers, its kernels and its one-off command buffers): the activations and the SR image of the last frame (call after
/// a dispatch has finished), and the contract noise computed by the GLSL kernel.
/// </summary>
internal static unsafe class VulkanReadBacks
{
    /// <summary>Activations A (written by the even conv layers), as floats, in the kernels' precision.</summary>
    public static float[] ActivationsA(VulkanFrameBackend backend) => ReadFloats(backend, backend.Size.ActA, backend.Kernels.Fp16);

    /// <summary>Activations B (written by the odd conv layers and features.comp), as floats, in the kernels' precision.</summary>
    public static float[] ActivationsB(VulkanFrameBackend backend) => ReadFloats(backend, backend.Size.ActB, backend.Kernels.Fp16);

    /// <summary>The model's output before the resample, float32 RGBA per SR pixel.</summary>
    public static float[] Sr(VulkanFrameBackend backend) =>
        ReadFloats(backend, backend.Size.Sr ?? throw new InvalidOperationException("this size writes the display frame directly; there is no SR buffer"), half: false);

    /// <summary>The contract noise of a width x height HR frame, planar [3, h, w], computed by the GLSL kernel.</summary>
    public static float[] Noise(VulkanFrameBackend backend, int width, int height, uint seed)
    {
        VulkanDevice device = backend.Device;
        VulkanKernels kernels = backend.Kernels;
        VulkanDescriptors descriptors = backend.Descriptors;
        VulkanBuffer p = backend.Weights.Params;
        ulong bytes = 12UL * (ulong)width * (ulong)height;
        using var target = new VulkanBuffer(device, bytes, BufferUsageFlags.StorageBufferBit, hostVisible: true, "noise (test)");
        var poolSizes = stackalloc DescriptorPoolSize[3];
        int poolSizeCount = VulkanDescriptors.PoolSizes(1, poolSizes);
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = 1, PoolSizeCount = (uint)poolSizeCount, PPoolSizes = poolSizes };
        Vk vk = device.Api;
        DescriptorPool pool;
        VkCheck.Ok(vk.CreateDescriptorPool(device.Device, &poolInfo, null, &pool), "vkCreateDescriptorPool (noise)");
        try
        {
            DescriptorSetLayout layout = kernels.SetLayout;
            var setAlloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = 1, PSetLayouts = &layout };
            DescriptorSet allocated;
            VkCheck.Ok(vk.AllocateDescriptorSets(device.Device, &setAlloc, &allocated), "vkAllocateDescriptorSets (noise)");
            DescriptorSet set = allocated; // captured below, so its address is not taken
            descriptors.WriteSet(set, target.Buffer, p.Buffer, p.Buffer, p.Buffer, p.Buffer, p.Buffer, -1, descriptors.DummyView, descriptors.DummyWordView);
            backend.Commands.OneTimeSubmit(cmd =>
            {
                var push = new KernelPush { Width = (uint)width, Height = (uint)height, InStride = seed };
                DescriptorSet bound = set;
                vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, kernels.Noise);
                vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, kernels.Layout, 0, 1, &bound, 0, null);
                vk.CmdPushConstants(cmd, kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                vk.CmdDispatch(cmd, (uint)(width + 7) / 8, (uint)(height + 7) / 8, 1);
            });
            var result = new float[3 * width * height];
            new ReadOnlySpan<float>(target.Mapped, result.Length).CopyTo(result);
            return result;
        }
        finally
        {
            vk.DestroyDescriptorPool(device.Device, pool, null);
        }
    }

    /// <summary>Copies <paramref name="buffer"/> to a host-visible buffer and returns it as floats (from halves when <paramref name="half"/>).</summary>
    private static float[] ReadFloats(VulkanFrameBackend backend, VulkanBuffer buffer, bool half)
    {
        VulkanDevice device = backend.Device;
        using var staging = new VulkanBuffer(device, buffer.Size, BufferUsageFlags.TransferDstBit, hostVisible: true, "readback (test)");
        backend.Commands.OneTimeSubmit(cmd =>
        {
            var region = new BufferCopy { Size = buffer.Size };
            device.Api.CmdCopyBuffer(cmd, buffer.Buffer, staging.Buffer, 1, &region);
        });
        if (half)
        {
            var result = new float[buffer.Size / 2];
            ushort* h = (ushort*)staging.Mapped;
            for (int i = 0; i < result.Length; i++) result[i] = HalfBits.ToFloat(h[i]);
            return result;
        }
        var floats = new float[buffer.Size / 4];
        new ReadOnlySpan<float>(staging.Mapped, floats.Length).CopyTo(floats);
        return floats;
    }
}
