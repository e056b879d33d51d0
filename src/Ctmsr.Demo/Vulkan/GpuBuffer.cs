using Silk.NET.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// A host-visible, coherent, persistently mapped buffer. On lavapipe all memory is host memory; on a discrete GPU the
/// demo's buffers are small enough that mapping them costs little next to the clarity of one kind of buffer.
/// </summary>
public sealed unsafe class GpuBuffer : IDisposable
{
    private readonly GpuContext _gpu;
    private readonly DeviceMemory _memory;
    private bool _disposed;

    public GpuBuffer(GpuContext gpu, ulong size, BufferUsageFlags usage)
    {
        if (size == 0) throw new ArgumentOutOfRangeException(nameof(size), "a buffer needs at least one byte");
        _gpu = gpu;
        Size = size;
        Vk vk = gpu.Vk;
        var bci = new BufferCreateInfo { SType = StructureType.BufferCreateInfo, Size = size, Usage = usage, SharingMode = SharingMode.Exclusive };
        VkCheck.Ok(vk.CreateBuffer(gpu.Device, in bci, null, out Buffer buffer), "vkCreateBuffer");
        Handle = buffer;
        vk.GetBufferMemoryRequirements(gpu.Device, buffer, out MemoryRequirements req);
        var mai = new MemoryAllocateInfo
        {
            SType = StructureType.MemoryAllocateInfo,
            AllocationSize = req.Size,
            MemoryTypeIndex = gpu.FindMemoryType(req.MemoryTypeBits, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit),
        };
        VkCheck.Ok(vk.AllocateMemory(gpu.Device, in mai, null, out _memory), "vkAllocateMemory");
        VkCheck.Ok(vk.BindBufferMemory(gpu.Device, buffer, _memory, 0), "vkBindBufferMemory");
        void* mapped;
        VkCheck.Ok(vk.MapMemory(gpu.Device, _memory, 0, size, 0, &mapped), "vkMapMemory");
        Mapped = (byte*)mapped;
    }

    public Buffer Handle { get; }
    public ulong Size { get; }
    public byte* Mapped { get; }

    public Span<byte> Span => new(Mapped, checked((int)Size));

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _gpu.Vk.UnmapMemory(_gpu.Device, _memory);
        _gpu.Vk.DestroyBuffer(_gpu.Device, Handle, null);
        _gpu.Vk.FreeMemory(_gpu.Device, _memory, null);
    }
}
