using System;
using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>A VkBuffer with its own memory: device-local, or host-visible and persistently mapped.</summary>
internal sealed unsafe class VulkanBuffer : IDisposable
{
    private readonly VulkanDevice _device;
    private bool _disposed;

    public VulkanBuffer(VulkanDevice device, ulong size, BufferUsageFlags usage, bool hostVisible, string what)
    {
        _device = device;
        RequestedSize = size;
        Size = Math.Max(size, 16);
        Vk vk = device.Api;
        var info = new BufferCreateInfo
        {
            SType = StructureType.BufferCreateInfo,
            Size = Size,
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
        };
        VkBuffer buffer;
        VkCheck.Ok(vk.CreateBuffer(device.Device, &info, null, &buffer), "vkCreateBuffer (" + what + ")");
        Buffer = buffer;
        try
        {
            MemoryRequirements req;
            vk.GetBufferMemoryRequirements(device.Device, buffer, &req);
            Memory = device.AllocateMemory(req,
                hostVisible ? MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit : MemoryPropertyFlags.DeviceLocalBit, what);
            DeviceMemory memory = Memory;
            VkCheck.Ok(vk.BindBufferMemory(device.Device, buffer, memory, 0), "vkBindBufferMemory (" + what + ")");
            if (hostVisible)
            {
                void* mapped;
                VkCheck.Ok(vk.MapMemory(device.Device, memory, 0, Vk.WholeSize, 0, &mapped), "vkMapMemory (" + what + ")");
                Mapped = (byte*)mapped;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public VkBuffer Buffer { get; }
    public DeviceMemory Memory { get; private set; }
    public ulong Size { get; }

    /// <summary>The size asked for (<see cref="Size"/> is at least 16 bytes).</summary>
    public ulong RequestedSize { get; }

    /// <summary>The mapped bytes of a host-visible buffer; null for device-local ones.</summary>
    public byte* Mapped { get; }

    public Span<byte> HostSpan => Mapped == null ? default : new Span<byte>(Mapped, checked((int)Size));

    /// <summary>The <see cref="RequestedSize"/> mapped bytes of a host-visible buffer.</summary>
    /// <exception cref="InvalidOperationException">The buffer is device-local.</exception>
    public Span<byte> Span => Mapped != null
        ? new Span<byte>(Mapped, checked((int)RequestedSize))
        : throw new InvalidOperationException("a device-local buffer has no host view; create it host-visible to read or write it");

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk vk = _device.Api;
        if (Buffer.Handle != 0) vk.DestroyBuffer(_device.Device, Buffer, null);
        if (Memory.Handle != 0) vk.FreeMemory(_device.Device, Memory, null);
    }
}
