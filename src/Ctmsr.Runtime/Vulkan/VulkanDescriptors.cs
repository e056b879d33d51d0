using System;
using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// Descriptor writes for the kernels' one set layout (see <see cref="VulkanKernels.BindingType"/>): the buffers of a
/// set, a layer's range of the uniform weights, and the texel-buffer views, with a placeholder texel buffer for the
/// sets whose kernels read none. Creation and resize only, never per frame. Owns the placeholder and its views; does
/// not own the device or the weights.
/// </summary>
internal sealed unsafe class VulkanDescriptors : IDisposable
{
    private readonly VulkanDevice _device;
    private readonly VulkanWeights _weights;
    private readonly VulkanBuffer _dummyTexels;    // binding 7 of the sets whose kernels read no texel buffer

    /// <summary>Creates the placeholder texel buffer and its two views (4-vectors in the kernels' precision, and words).</summary>
    public VulkanDescriptors(VulkanDevice device, VulkanWeights weights, bool fp16)
    {
        _device = device;
        _weights = weights;
        _dummyTexels = new VulkanBuffer(device, 64, BufferUsageFlags.UniformTexelBufferBit, hostVisible: false, "texel placeholder");
        try
        {
            DummyView = CreateView(_dummyTexels, fp16);
            DummyWordView = CreateView(_dummyTexels, Format.R32Uint);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Binding 7 of the sets whose kernels read no activations through a texel buffer.</summary>
    public BufferView DummyView { get; }

    /// <summary>Binding 8 of the sets that read no frame.</summary>
    public BufferView DummyWordView { get; }

    /// <summary>
    /// Writes one descriptor set: storage buffers b0 .. b5, conv layer <paramref name="layer"/>'s weights as the
    /// uniform buffer (any valid range when negative), <paramref name="view"/> as the input activations' texel buffer
    /// and <paramref name="frameView"/> as the input frame's.
    /// </summary>
    public void WriteSet(DescriptorSet set, VkBuffer b0, VkBuffer b1, VkBuffer b2, VkBuffer b3, VkBuffer b4, VkBuffer b5, int layer, BufferView view,
        BufferView frameView)
    {
        var infos = stackalloc DescriptorBufferInfo[7];
        infos[0] = new DescriptorBufferInfo { Buffer = b0, Offset = 0, Range = Vk.WholeSize };
        infos[1] = new DescriptorBufferInfo { Buffer = b1, Offset = 0, Range = Vk.WholeSize };
        infos[2] = new DescriptorBufferInfo { Buffer = b2, Offset = 0, Range = Vk.WholeSize };
        infos[3] = new DescriptorBufferInfo { Buffer = b3, Offset = 0, Range = Vk.WholeSize };
        infos[4] = new DescriptorBufferInfo { Buffer = b4, Offset = 0, Range = Vk.WholeSize };
        infos[5] = new DescriptorBufferInfo { Buffer = b5, Offset = 0, Range = Vk.WholeSize };
        infos[6] = new DescriptorBufferInfo
        {
            Buffer = _weights.Uniform.Buffer,
            Offset = layer >= 0 ? _weights.UniformOffsets[layer] : 0,
            Range = layer >= 0 ? _weights.UniformRanges[layer] : _weights.UniformRanges[0],
        };
        var writes = stackalloc WriteDescriptorSet[VulkanKernels.BindingCount];
        for (int i = 0; i < VulkanKernels.BindingCount; i++)
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = VulkanKernels.BindingType(i),
                PBufferInfo = i < 7 ? &infos[i] : null,
                PTexelBufferView = i == 7 ? &view : i == 8 ? &frameView : null,
            };
        _device.Api.UpdateDescriptorSets(_device.Device, VulkanKernels.BindingCount, writes, 0, null);
    }

    /// <summary>The descriptor pool sizes of <paramref name="sets"/> sets of the kernels' layout; returns the count.</summary>
    public static int PoolSizes(int sets, DescriptorPoolSize* sizes)
    {
        sizes[0] = new DescriptorPoolSize { Type = DescriptorType.StorageBuffer, DescriptorCount = (uint)(6 * sets) };
        sizes[1] = new DescriptorPoolSize { Type = DescriptorType.UniformBuffer, DescriptorCount = (uint)sets };
        sizes[2] = new DescriptorPoolSize { Type = DescriptorType.UniformTexelBuffer, DescriptorCount = (uint)(2 * sets) };
        return 3;
    }

    /// <summary>A texel-buffer view of <paramref name="buffer"/> with one 4-vector per texel.</summary>
    public BufferView CreateView(VulkanBuffer buffer, bool fp16) =>
        CreateView(buffer, fp16 ? Format.R16G16B16A16Sfloat : Format.R32G32B32A32Sfloat);

    /// <summary>A texel-buffer view of <paramref name="buffer"/> in <paramref name="format"/>.</summary>
    public BufferView CreateView(VulkanBuffer buffer, Format format)
    {
        var info = new BufferViewCreateInfo
        {
            SType = StructureType.BufferViewCreateInfo,
            Buffer = buffer.Buffer,
            Format = format,
            Offset = 0,
            Range = Vk.WholeSize,
        };
        BufferView view;
        VkCheck.Ok(_device.Api.CreateBufferView(_device.Device, &info, null, &view), "vkCreateBufferView");
        return view;
    }

    public void Dispose()
    {
        Vk vk = _device.Api;
        if (DummyView.Handle != 0) vk.DestroyBufferView(_device.Device, DummyView, null);
        if (DummyWordView.Handle != 0) vk.DestroyBufferView(_device.Device, DummyWordView, null);
        _dummyTexels.Dispose();
    }
}
