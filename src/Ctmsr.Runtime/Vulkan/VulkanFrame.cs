using System;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// A frame in the engine's device memory, wrapped for one <see cref="UpscalerContext.RecordDispatch"/> and never owned:
/// the context neither keeps nor destroys it. Its pixels use the context's <see cref="PixelFormat"/> byte order and
/// its size is the context's render size (input) or display size (output).
/// </summary>
public readonly struct VulkanFrame
{
    private VulkanFrame(VulkanFrameKind kind, ulong handle, ulong offset, int strideBytes, int layout)
    {
        Kind = kind;
        Handle = handle;
        Offset = offset;
        StrideBytes = strideBytes;
        Layout = layout;
    }

    /// <summary>Buffer or image.</summary>
    public VulkanFrameKind Kind { get; }

    /// <summary>The VkBuffer or VkImage handle (non-dispatchable, 64-bit).</summary>
    public ulong Handle { get; }

    /// <summary>Buffer frames: the byte offset of the first row (a multiple of 4).</summary>
    public ulong Offset { get; }

    /// <summary>Buffer frames: the bytes between row starts (a multiple of 4, at least 4 x width).</summary>
    public int StrideBytes { get; }

    /// <summary>
    /// Image frames: the VkImageLayout the image is in when the recorded work starts; it is in the same layout again
    /// when the work ends. Input images need TRANSFER_SRC usage, output images TRANSFER_DST usage.
    /// </summary>
    public int Layout { get; }

    /// <summary>A buffer frame.</summary>
    public static VulkanFrame FromBuffer(ulong buffer, ulong offset, int strideBytes)
    {
        if (buffer == 0) throw new ArgumentException("the VkBuffer handle is null", nameof(buffer));
        if (offset % 4 != 0) throw new ArgumentException($"the buffer offset must be a multiple of 4; got {offset}", nameof(offset));
        if (strideBytes <= 0 || strideBytes % 4 != 0)
            throw new ArgumentException($"the row stride must be a positive multiple of 4 bytes; got {strideBytes}", nameof(strideBytes));
        return new VulkanFrame(VulkanFrameKind.Buffer, buffer, offset, strideBytes, 0);
    }

    /// <summary>An image frame in <paramref name="layout"/> (a VkImageLayout value such as 1, GENERAL).</summary>
    public static VulkanFrame FromImage(ulong image, int layout)
    {
        if (image == 0) throw new ArgumentException("the VkImage handle is null", nameof(image));
        if (layout <= 0) throw new ArgumentException($"the image layout must be a defined VkImageLayout other than UNDEFINED; got {layout}", nameof(layout));
        return new VulkanFrame(VulkanFrameKind.Image, image, 0, 0, layout);
    }
}
