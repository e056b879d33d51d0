using System.Runtime.InteropServices;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// A minimal "engine" for the engine-owned mode tests: its own instance, device, queue, command buffers, buffers and
/// images, created with Silk.NET independently of the runtime, and handed to the context as raw handles.
/// </summary>
public sealed unsafe class TestVulkanEngine : IDisposable
{
    public const int GeneralLayout = (int)ImageLayout.General;
    private readonly Vk _vk;
    private readonly Instance _instance;
    private readonly PhysicalDevice _physical;
    private readonly Device _device;
    private readonly Queue _queue;
    private readonly uint _family;
    private readonly CommandPool _pool;

    public TestVulkanEngine()
    {
        _vk = Vk.GetApi();
        var app = new ApplicationInfo { SType = StructureType.ApplicationInfo, ApiVersion = (1u << 22) | (1u << 12) };
        var info = new InstanceCreateInfo { SType = StructureType.InstanceCreateInfo, PApplicationInfo = &app };
        Instance instance;
        Check(_vk.CreateInstance(&info, null, &instance));
        _instance = instance;
        uint count = 1;
        PhysicalDevice pd;
        Result r = _vk.EnumeratePhysicalDevices(instance, &count, &pd);
        if (r != Result.Success && r != Result.Incomplete) Check(r);
        _physical = pd;
        uint families = 0;
        _vk.GetPhysicalDeviceQueueFamilyProperties(pd, &families, null);
        var props = new QueueFamilyProperties[families];
        fixed (QueueFamilyProperties* p = props) _vk.GetPhysicalDeviceQueueFamilyProperties(pd, &families, p);
        _family = (uint)Array.FindIndex(props, f => (f.QueueFlags & QueueFlags.ComputeBit) != 0);
        float priority = 1;
        var q = new DeviceQueueCreateInfo { SType = StructureType.DeviceQueueCreateInfo, QueueFamilyIndex = _family, QueueCount = 1, PQueuePriorities = &priority };
        var d = new DeviceCreateInfo { SType = StructureType.DeviceCreateInfo, QueueCreateInfoCount = 1, PQueueCreateInfos = &q };
        Device device;
        Check(_vk.CreateDevice(pd, &d, null, &device));
        _device = device;
        Queue queue;
        _vk.GetDeviceQueue(device, _family, 0, &queue);
        _queue = queue;
        var poolInfo = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, QueueFamilyIndex = _family, Flags = CommandPoolCreateFlags.ResetCommandBufferBit };
        CommandPool pool;
        Check(_vk.CreateCommandPool(device, &poolInfo, null, &pool));
        _pool = pool;
    }

    public VulkanDeviceHandles Handles => new()
    {
        Instance = _instance.Handle,
        PhysicalDevice = _physical.Handle,
        Device = _device.Handle,
        Queue = _queue.Handle,
        QueueFamilyIndex = _family,
        GetInstanceProcAddr = _vk.Context.GetProcAddress("vkGetInstanceProcAddr"),
    };

    public sealed class HostBuffer : IDisposable
    {
        private readonly TestVulkanEngine _e;
        internal VkBuffer Buffer;
        internal DeviceMemory Memory;
        internal byte* Mapped;
        internal ulong Size;
        internal HostBuffer(TestVulkanEngine e) => _e = e;
        public ulong Handle => Buffer.Handle;
        public Span<byte> Span => new(Mapped, (int)Size);
        public void Dispose()
        {
            _e._vk.DestroyBuffer(_e._device, Buffer, null);
            _e._vk.FreeMemory(_e._device, Memory, null);
        }
    }

    public sealed class TestImage : IDisposable
    {
        private readonly TestVulkanEngine _e;
        internal Image Image;
        internal DeviceMemory Memory;
        internal int Width, Height;
        internal TestImage(TestVulkanEngine e) => _e = e;
        public ulong Handle => Image.Handle;
        public void Dispose()
        {
            _e._vk.DestroyImage(_e._device, Image, null);
            _e._vk.FreeMemory(_e._device, Memory, null);
        }
    }

    public HostBuffer CreateHostBuffer(ulong size)
    {
        var b = new HostBuffer(this) { Size = size };
        var info = new BufferCreateInfo { SType = StructureType.BufferCreateInfo, Size = size, Usage = BufferUsageFlags.TransferSrcBit | BufferUsageFlags.TransferDstBit };
        Check(_vk.CreateBuffer(_device, &info, null, out b.Buffer));
        MemoryRequirements req;
        _vk.GetBufferMemoryRequirements(_device, b.Buffer, &req);
        b.Memory = Allocate(req, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit);
        Check(_vk.BindBufferMemory(_device, b.Buffer, b.Memory, 0));
        void* mapped;
        Check(_vk.MapMemory(_device, b.Memory, 0, Vk.WholeSize, 0, &mapped));
        b.Mapped = (byte*)mapped;
        return b;
    }

    /// <summary>An RGBA8 optimal-tiling image, left in GENERAL layout.</summary>
    public TestImage CreateImage(int width, int height)
    {
        var img = new TestImage(this) { Width = width, Height = height };
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo, ImageType = ImageType.Type2D, Format = Format.R8G8B8A8Unorm,
            Extent = new Extent3D((uint)width, (uint)height, 1), MipLevels = 1, ArrayLayers = 1, Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal, Usage = ImageUsageFlags.TransferSrcBit | ImageUsageFlags.TransferDstBit, InitialLayout = ImageLayout.Undefined,
        };
        Check(_vk.CreateImage(_device, &info, null, out img.Image));
        MemoryRequirements req;
        _vk.GetImageMemoryRequirements(_device, img.Image, &req);
        img.Memory = Allocate(req, MemoryPropertyFlags.DeviceLocalBit);
        Check(_vk.BindImageMemory(_device, img.Image, img.Memory, 0));
        SubmitAndWait(cmd => Transition(new CommandBuffer(cmd), img.Image, ImageLayout.Undefined, ImageLayout.General));
        return img;
    }

    public void Upload(TestImage image, byte[] rgba)
    {
        using HostBuffer staging = CreateHostBuffer((ulong)rgba.Length);
        rgba.CopyTo(staging.Span);
        SubmitAndWait(cmd => CopyBufferImage(new CommandBuffer(cmd), staging, image, toImage: true));
    }

    public byte[] Download(TestImage image)
    {
        using HostBuffer staging = CreateHostBuffer((ulong)(4 * image.Width * image.Height));
        SubmitAndWait(cmd => CopyBufferImage(new CommandBuffer(cmd), staging, image, toImage: false));
        return staging.Span.ToArray();
    }

    /// <summary>Begins a command buffer, lets <paramref name="record"/> fill it, submits it and waits: the engine's frame.</summary>
    public void SubmitAndWait(Action<IntPtr> record)
    {
        CommandPool pool = _pool;
        var alloc = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
        CommandBuffer cmd;
        Check(_vk.AllocateCommandBuffers(_device, &alloc, &cmd));
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Check(_vk.BeginCommandBuffer(cmd, &begin));
        record(cmd.Handle);
        var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.MemoryWriteBit, DstAccessMask = AccessFlags.HostReadBit };
        _vk.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.HostBit, 0, 1, &barrier, 0, null, 0, null);
        Check(_vk.EndCommandBuffer(cmd));
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        Check(_vk.QueueSubmit(_queue, 1, &submit, default));
        Check(_vk.QueueWaitIdle(_queue));
        _vk.FreeCommandBuffers(_device, pool, 1, &cmd);
    }

    private void CopyBufferImage(CommandBuffer cmd, HostBuffer buffer, TestImage image, bool toImage)
    {
        var region = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
            ImageExtent = new Extent3D((uint)image.Width, (uint)image.Height, 1),
        };
        if (toImage) _vk.CmdCopyBufferToImage(cmd, buffer.Buffer, image.Image, ImageLayout.General, 1, &region);
        else _vk.CmdCopyImageToBuffer(cmd, image.Image, ImageLayout.General, buffer.Buffer, 1, &region);
    }

    private void Transition(CommandBuffer cmd, Image image, ImageLayout from, ImageLayout to)
    {
        var b = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier, OldLayout = from, NewLayout = to, Image = image,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored, DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstAccessMask = AccessFlags.TransferReadBit | AccessFlags.TransferWriteBit,
            SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = 1, LayerCount = 1 },
        };
        _vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TopOfPipeBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, 1, &b);
    }

    private DeviceMemory Allocate(MemoryRequirements req, MemoryPropertyFlags flags)
    {
        PhysicalDeviceMemoryProperties mem;
        _vk.GetPhysicalDeviceMemoryProperties(_physical, &mem);
        int type = -1;
        for (int i = 0; i < mem.MemoryTypeCount; i++)
            if ((req.MemoryTypeBits & (1u << i)) != 0 && (mem.MemoryTypes[i].PropertyFlags & flags) == flags) { type = i; break; }
        var info = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = req.Size, MemoryTypeIndex = (uint)type };
        DeviceMemory memory;
        Check(_vk.AllocateMemory(_device, &info, null, &memory));
        return memory;
    }

    private static void Check(Result r)
    {
        if (r != Result.Success) throw new InvalidOperationException("Vulkan call failed in the test engine: " + r);
    }

    public void Dispose()
    {
        _vk.DeviceWaitIdle(_device);
        _vk.DestroyCommandPool(_device, _pool, null);
        _vk.DestroyDevice(_device, null);
        _vk.DestroyInstance(_instance, null);
        _vk.Dispose();
    }
}
