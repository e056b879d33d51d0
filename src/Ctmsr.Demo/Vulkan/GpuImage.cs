using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// A device-local 2D image (optionally an array with mips) with one view over all of it when its usage allows views.
/// Its memory comes from the runtime's <see cref="VulkanDevice.AllocateMemory"/>; a constructor that fails part-way
/// frees what it created.
/// </summary>
public sealed unsafe class GpuImage : IDisposable
{
    private const ImageUsageFlags ViewUsages = ImageUsageFlags.SampledBit | ImageUsageFlags.StorageBit | ImageUsageFlags.ColorAttachmentBit
                                               | ImageUsageFlags.DepthStencilAttachmentBit | ImageUsageFlags.InputAttachmentBit;
    private readonly GpuContext _gpu;
    private readonly DeviceMemory _memory;
    private bool _disposed;

    public Image Handle { get; }

    /// <summary>A view over all mips and layers; a null handle when the usage allows no view (a transfer-only image).</summary>
    public ImageView View { get; }

    public uint Width { get; }
    public uint Height { get; }
    public Format Format { get; }
    public uint MipLevels { get; }
    public uint Layers { get; }
    public ImageAspectFlags Aspect { get; }

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
        string what = $"{width}x{height} {format} image";
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
        VkCheck.Ok(vk.CreateImage(gpu.Device, in ici, null, out Image image), "vkCreateImage (" + what + ")");
        Handle = image;
        try
        {
            vk.GetImageMemoryRequirements(gpu.Device, image, out MemoryRequirements req);
            _memory = gpu.Vulkan.AllocateMemory(req, MemoryPropertyFlags.DeviceLocalBit, what);
            VkCheck.Ok(vk.BindImageMemory(gpu.Device, image, _memory, 0), "vkBindImageMemory (" + what + ")");
            if ((usage & ViewUsages) != 0)
            {
                var vci = new ImageViewCreateInfo
                {
                    SType = StructureType.ImageViewCreateInfo,
                    Image = image,
                    ViewType = layers > 1 ? ImageViewType.Type2DArray : ImageViewType.Type2D,
                    Format = format,
                    SubresourceRange = new ImageSubresourceRange(aspect, 0, mipLevels, 0, layers),
                };
                VkCheck.Ok(vk.CreateImageView(gpu.Device, in vci, null, out ImageView view), "vkCreateImageView (" + what + ")");
                View = view;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Records a whole-image layout transition with a conservative barrier.</summary>
    public void Transition(CommandBuffer cmd, ImageLayout from, ImageLayout to) =>
        TransitionImage(_gpu.Vk, cmd, Handle, Aspect, MipLevels, Layers, from, to);

    /// <summary>
    /// Records a copy of mip 0, layer 0 between this image (in <paramref name="layout"/>) and tightly packed texels in
    /// <paramref name="buffer"/>: into the image when <paramref name="toImage"/>, else out of it.
    /// </summary>
    internal void RecordCopy(CommandBuffer cmd, VulkanBuffer buffer, ImageLayout layout, bool toImage)
    {
        var region = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers(Aspect, 0, 0, 1),
            ImageExtent = new Extent3D(Width, Height, 1),
        };
        if (toImage) _gpu.Vk.CmdCopyBufferToImage(cmd, buffer.Buffer, Handle, layout, 1, in region);
        else _gpu.Vk.CmdCopyImageToBuffer(cmd, Handle, layout, buffer.Buffer, 1, in region);
    }

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
        // Null handles (no view, or a constructor that failed part-way) are no-ops for vkDestroy* and vkFreeMemory.
        _gpu.Vk.DestroyImageView(_gpu.Device, View, null);
        _gpu.Vk.DestroyImage(_gpu.Device, Handle, null);
        _gpu.Vk.FreeMemory(_gpu.Device, _memory, null);
    }
}
