using System.Runtime.CompilerServices;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// A compute pipeline over <c>bufferCount</c> storage buffers (bindings 0..n-1 of set 0) and a push-constant block.
/// Descriptor sets are made once per buffer combination and reused every frame.
/// </summary>
public sealed unsafe class ComputeKernel : IDisposable
{
    private const uint MaxSets = 64;
    private readonly GpuContext _gpu;
    private readonly DescriptorSetLayout _setLayout;
    private readonly PipelineLayout _layout;
    private readonly Pipeline _pipeline;
    private readonly DescriptorPool _pool;
    private readonly uint _bufferCount;
    private readonly uint _pushBytes;
    private bool _disposed;

    public ComputeKernel(GpuContext gpu, string shaderFile, uint bufferCount, uint pushBytes)
    {
        _gpu = gpu;
        _bufferCount = bufferCount;
        _pushBytes = pushBytes;
        Name = shaderFile;
        Vk vk = gpu.Vk;
        var bindings = stackalloc DescriptorSetLayoutBinding[(int)bufferCount];
        for (uint i = 0; i < bufferCount; i++)
            bindings[i] = new DescriptorSetLayoutBinding(i, DescriptorType.StorageBuffer, 1, ShaderStageFlags.ComputeBit);
        var dl = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = bufferCount, PBindings = bindings };
        VkCheck.Ok(vk.CreateDescriptorSetLayout(gpu.Device, in dl, null, out _setLayout), "vkCreateDescriptorSetLayout");
        var range = new PushConstantRange(ShaderStageFlags.ComputeBit, 0, pushBytes);
        DescriptorSetLayout setLayout = _setLayout;
        var pl = new PipelineLayoutCreateInfo
        {
            SType = StructureType.PipelineLayoutCreateInfo,
            SetLayoutCount = 1,
            PSetLayouts = &setLayout,
            PushConstantRangeCount = pushBytes > 0 ? 1u : 0u,
            PPushConstantRanges = &range,
        };
        VkCheck.Ok(vk.CreatePipelineLayout(gpu.Device, in pl, null, out _layout), "vkCreatePipelineLayout");
        ShaderModule module = gpu.CreateShaderModule(ShaderLibrary.Load(shaderFile));
        try
        {
            byte* main = stackalloc byte[] { (byte)'m', (byte)'a', (byte)'i', (byte)'n', 0 };
            var ci = new ComputePipelineCreateInfo
            {
                SType = StructureType.ComputePipelineCreateInfo,
                Stage = new PipelineShaderStageCreateInfo
                {
                    SType = StructureType.PipelineShaderStageCreateInfo,
                    Stage = ShaderStageFlags.ComputeBit,
                    Module = module,
                    PName = main,
                },
                Layout = _layout,
            };
            VkCheck.Ok(vk.CreateComputePipelines(gpu.Device, default, 1, in ci, null, out _pipeline), "vkCreateComputePipelines");
        }
        finally
        {
            vk.DestroyShaderModule(gpu.Device, module, null);
        }
        var size = new DescriptorPoolSize(DescriptorType.StorageBuffer, MaxSets * bufferCount);
        var dp = new DescriptorPoolCreateInfo
        {
            SType = StructureType.DescriptorPoolCreateInfo,
            Flags = DescriptorPoolCreateFlags.FreeDescriptorSetBit,
            MaxSets = MaxSets,
            PoolSizeCount = 1,
            PPoolSizes = &size,
        };
        VkCheck.Ok(vk.CreateDescriptorPool(gpu.Device, in dp, null, out _pool), "vkCreateDescriptorPool");
    }

    public string Name { get; }

    /// <summary>A descriptor set binding <paramref name="buffers"/> in order; keep it while the buffers live.</summary>
    public DescriptorSet CreateSet(params GpuBuffer[] buffers)
    {
        if (buffers.Length != _bufferCount)
            throw new ArgumentException($"{Name} binds {_bufferCount} buffers; got {buffers.Length}", nameof(buffers));
        DescriptorSetLayout layout = _setLayout;
        var ai = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = _pool, DescriptorSetCount = 1, PSetLayouts = &layout };
        VkCheck.Ok(_gpu.Vk.AllocateDescriptorSets(_gpu.Device, in ai, out DescriptorSet set), "vkAllocateDescriptorSets");
        var infos = stackalloc DescriptorBufferInfo[buffers.Length];
        var writes = stackalloc WriteDescriptorSet[buffers.Length];
        for (int i = 0; i < buffers.Length; i++)
        {
            infos[i] = new DescriptorBufferInfo(buffers[i].Handle, 0, Vk.WholeSize);
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = DescriptorType.StorageBuffer,
                PBufferInfo = &infos[i],
            };
        }
        _gpu.Vk.UpdateDescriptorSets(_gpu.Device, (uint)buffers.Length, writes, 0, null);
        return set;
    }

    public void FreeSet(DescriptorSet set) =>
        VkCheck.Ok(_gpu.Vk.FreeDescriptorSets(_gpu.Device, _pool, 1, in set), "vkFreeDescriptorSets");

    /// <summary>Records one dispatch covering <paramref name="width"/> x <paramref name="height"/> threads in 8x8 groups.</summary>
    public void Record<T>(CommandBuffer cmd, DescriptorSet set, in T push, uint width, uint height) where T : unmanaged
    {
        if ((uint)Unsafe.SizeOf<T>() != _pushBytes)
            throw new ArgumentException($"{Name} takes {_pushBytes} push-constant bytes; got {Unsafe.SizeOf<T>()}", nameof(push));
        Vk vk = _gpu.Vk;
        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, _pipeline);
        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, _layout, 0, 1, in set, 0, null);
        fixed (T* p = &push) vk.CmdPushConstants(cmd, _layout, ShaderStageFlags.ComputeBit, 0, _pushBytes, p);
        vk.CmdDispatch(cmd, (width + 7) / 8, (height + 7) / 8, 1);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk vk = _gpu.Vk;
        vk.DestroyDescriptorPool(_gpu.Device, _pool, null);
        vk.DestroyPipeline(_gpu.Device, _pipeline, null);
        vk.DestroyPipelineLayout(_gpu.Device, _layout, null);
        vk.DestroyDescriptorSetLayout(_gpu.Device, _setLayout, null);
    }
}
