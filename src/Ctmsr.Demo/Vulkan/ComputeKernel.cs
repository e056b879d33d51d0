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
    private bool _disposed;

    /// <summary>The shader file, e.g. "easu.comp": what errors name.</summary>
    public string Name { get; }

    /// <summary>How many storage buffers a set binds.</summary>
    public uint BufferCount { get; }

    /// <summary>The size of the push-constant block.</summary>
    public uint PushBytes { get; }

    public ComputeKernel(GpuContext gpu, string shaderFile, uint bufferCount, uint pushBytes)
    {
        (_gpu, Name, BufferCount, PushBytes) = (gpu, shaderFile, bufferCount, pushBytes);
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

    /// <summary>A descriptor set binding <paramref name="buffers"/> in order; keep it while the buffers live.</summary>
    internal DescriptorSet CreateSet(params VulkanBuffer[] buffers)
    {
        if (buffers.Length != BufferCount)
            throw new ArgumentException($"{Name} binds {BufferCount} buffers; got {buffers.Length}", nameof(buffers));
        return VulkanComputeObjects.BindStorage(_gpu.Vulkan, _pool, _setLayout, buffers, Name);
    }

    public void FreeSet(DescriptorSet set) =>
        VkCheck.Ok(_gpu.Vk.FreeDescriptorSets(_gpu.Device, _pool, 1, in set), "vkFreeDescriptorSets (" + Name + ")");

    /// <summary>Records one dispatch covering <paramref name="width"/> x <paramref name="height"/> threads in 8x8 groups.</summary>
    public void Record<T>(CommandBuffer cmd, DescriptorSet set, in T push, uint width, uint height) where T : unmanaged
    {
        if ((uint)Unsafe.SizeOf<T>() != PushBytes)
            throw new ArgumentException($"{Name} takes {PushBytes} push-constant bytes; got {Unsafe.SizeOf<T>()}", nameof(push));
        VulkanComputeObjects.Dispatch(_gpu.Vulkan, cmd, _pipeline, _layout, set, push, PushBytes, (width + 7) / 8, (height + 7) / 8, 1);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // Null handles (a constructor that failed part-way) are no-ops for vkDestroy*.
        _gpu.Vk.DestroyDescriptorPool(_gpu.Device, _pool, null);
        _gpu.Vk.DestroyPipeline(_gpu.Device, _pipeline, null);
        _gpu.Vk.DestroyPipelineLayout(_gpu.Device, _layout, null);
        _gpu.Vk.DestroyDescriptorSetLayout(_gpu.Device, _setLayout, null);
    }
}
