using System;
using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Runtime.Vulkan
{
    /// <summary>A VkBuffer with its own memory: device-local, or host-visible and persistently mapped.</summary>
    internal sealed unsafe class VulkanBuffer : IDisposable
    {
        private readonly VulkanDevice _device;
        private bool _disposed;

        public VulkanBuffer(VulkanDevice device, ulong size, BufferUsageFlags usage, bool hostVisible, string what)
        {
            _device = device;
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
                int type = hostVisible
                    ? device.FindMemoryType(req.MemoryTypeBits, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit)
                    : device.FindMemoryType(req.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit);
                if (type < 0 && !hostVisible) type = device.FindMemoryType(req.MemoryTypeBits, 0);
                if (type < 0)
                    throw new VulkanException("vkAllocateMemory", -2, $"no {(hostVisible ? "host-visible coherent" : "device-local")} memory type for {what}");
                var alloc = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = req.Size, MemoryTypeIndex = (uint)type };
                DeviceMemory memory;
                VkCheck.Ok(vk.AllocateMemory(device.Device, &alloc, null, &memory), $"vkAllocateMemory ({what}, {req.Size} bytes)");
                Memory = memory;
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

        /// <summary>The mapped bytes of a host-visible buffer; null for device-local ones.</summary>
        public byte* Mapped { get; }

        public Span<byte> HostSpan => Mapped == null ? default : new Span<byte>(Mapped, checked((int)Size));

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Vk vk = _device.Api;
            if (Buffer.Handle != 0) vk.DestroyBuffer(_device.Device, Buffer, null);
            if (Memory.Handle != 0) vk.FreeMemory(_device.Device, Memory, null);
        }
    }
}
