using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>A device-local 2D image (optionally an array with mips) with one view over all of it.</summary>
public sealed unsafe class GpuImage : IDisposable
{
    private readonly GpuContext _gpu;
    private readonly DeviceMemory _memory;
    private bool _disposed;

    public GpuImage(GpuContext gpu, uint width, uint height, Format format, ImageUsageFlags usage, ImageAspectFlags aspect,
        uint mipLevels = 1, uint layers = 1)
    {
        _gpu = gpu;
        Width = width;
        Height = height;
        Format = format;
        MipLevels = mipLevels;
        Layers = layers;
        Aspect = aspect;
        Vk vk = gpu.Vk;
        var ici = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
            ImageType = ImageType.Type2D,
            Format = format,
            Extent = new Extent3D(width, height, 1),
            MipLevels = mipLevels,
            ArrayLayers = layers,
            Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal,
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
            InitialLayout = ImageLayout.Undefined,
        };
        VkCheck.Ok(vk.CreateImage(gpu.Device, in ici, null, out Image image), "vkCreateImage");
        Handle = image;
        vk.GetImageMemoryRequirements(gpu.Device, image, out MemoryRequirements req);
        var mai = new MemoryAllocateInfo
        {
            SType = StructureType.MemoryAllocateInfo,
            AllocationSize = req.Size,
            MemoryTypeIndex = gpu.FindMemoryType(req.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit),
        };
        VkCheck.Ok(vk.AllocateMemory(gpu.Device, in mai, null, out _memory), "vkAllocateMemory");
        VkCheck.Ok(vk.BindImageMemory(gpu.Device, image, _memory, 0), "vkBindImageMemory");
        var vci = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = image,
            ViewType = layers > 1 ? ImageViewType.Type2DArray : ImageViewType.Type2D,
            Format = format,
            SubresourceRange = new ImageSubresourceRange(aspect, 0, mipLevels, 0, layers),
        };
        VkCheck.Ok(vk.CreateImageView(gpu.Device, in vci, null, out ImageView view), "vkCreateImageView");
        View = view;
    }

    public Image Handle { get; }
    public ImageView View { get; }
    public uint Width { get; }
    public uint Height { get; }
    public Format Format { get; }
    public uint MipLevels { get; }
    public uint Layers { get; }
    public ImageAspectFlags Aspect { get; }

    /// <summary>Records a whole-image layout transition with a conservative barrier.</summary>
    public void Transition(CommandBuffer cmd, ImageLayout from, ImageLayout to) =>
        TransitionImage(_gpu.Vk, cmd, Handle, Aspect, MipLevels, Layers, from, to);

    public static void TransitionImage(Vk vk, CommandBuffer cmd, Image image, ImageAspectFlags aspect, uint mips, uint layers,
        ImageLayout from, ImageLayout to)
    {
        var b = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            SrcAccessMask = AccessFlags.MemoryWriteBit,
            DstAccessMask = AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit,
            OldLayout = from,
            NewLayout = to,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Image = image,
            SubresourceRange = new ImageSubresourceRange(aspect, 0, mips, 0, layers),
        };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.AllCommandsBit, 0, 0, null, 0, null, 1, &b);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _gpu.Vk.DestroyImageView(_gpu.Device, View, null);
        _gpu.Vk.DestroyImage(_gpu.Device, Handle, null);
        _gpu.Vk.FreeMemory(_gpu.Device, _memory, null);
    }
}
