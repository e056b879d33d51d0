using System.Runtime.CompilerServices;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// A compute pipeline over <c>bufferCount</c> storage buffers (bindings 0..n-1 of set 0) and a push-constant block,
/// built with the runtime's <see cref="VulkanComputeObjects"/>. Descriptor sets are made once per buffer combination
/// and reused every frame. A constructor that fails part-way frees what it created.
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
        VulkanComputeObjects.CreateStorageLayouts(gpu.Vulkan, (int)bufferCount, pushBytes, shaderFile, out _setLayout, out _layout);
        try
        {
            byte[] spirv = SpirvLibrary.Load(typeof(ComputeKernel).Assembly, shaderFile, "f32");
            _pipeline = VulkanComputeObjects.CreatePipeline(gpu.Vulkan, spirv, _layout, null, shaderFile);
            _pool = VulkanComputeObjects.CreateStoragePool(gpu.Vulkan, MaxSets, bufferCount, freeable: true, shaderFile);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    /// <summary>A descriptor set binding <paramref name="buffers"/> in order; keep it while the buffers live.</summary>
    internal DescriptorSet CreateSet(params VulkanBuffer[] buffers)
    {
        if (buffers.Length != _bufferCount)
            throw new ArgumentException($"{Name} binds {_bufferCount} buffers; got {buffers.Length}", nameof(buffers));
        return VulkanComputeObjects.BindStorage(_gpu.Vulkan, _pool, _setLayout, buffers, Name);
    }

    public void FreeSet(DescriptorSet set) =>
        VkCheck.Ok(_gpu.Vk.FreeDescriptorSets(_gpu.Device, _pool, 1, in set), "vkFreeDescriptorSets (" + Name + ")");

    /// <summary>Records one dispatch covering <paramref name="width"/> x <paramref name="height"/> threads in 8x8 groups.</summary>
    public void Record<T>(CommandBuffer cmd, DescriptorSet set, in T push, uint width, uint height) where T : unmanaged
    {
        if ((uint)Unsafe.SizeOf<T>() != _pushBytes)
            throw new ArgumentException($"{Name} takes {_pushBytes} push-constant bytes; got {Unsafe.SizeOf<T>()}", nameof(push));
        VulkanComputeObjects.Dispatch(_gpu.Vulkan, cmd, _pipeline, _layout, set, push, _pushBytes, (width + 7) / 8, (height + 7) / 8, 1);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk vk = _gpu.Vk;
        if (_pool.Handle != 0) vk.DestroyDescriptorPool(_gpu.Device, _pool, null);
        if (_pipeline.Handle != 0) vk.DestroyPipeline(_gpu.Device, _pipeline, null);
        vk.DestroyPipelineLayout(_gpu.Device, _layout, null);
        vk.DestroyDescriptorSetLayout(_gpu.Device, _setLayout, null);
    }
}
