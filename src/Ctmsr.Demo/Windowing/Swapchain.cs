using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Windowing;

/// <summary>
/// A VK_KHR_swapchain over the window's surface, its functions loaded by name with vkGetDeviceProcAddr. The viewer
/// copies a finished frame buffer into the acquired image (TRANSFER_DST), so the format only decides the byte order.
/// </summary>
public sealed unsafe class Swapchain : IDisposable
{
    private readonly GpuContext _gpu;
    private readonly delegate* unmanaged<Device, SwapchainCreateInfoKHR*, AllocationCallbacks*, SwapchainKHR*, Result> _create;
    private readonly delegate* unmanaged<Device, SwapchainKHR, AllocationCallbacks*, void> _destroy;
    private readonly delegate* unmanaged<Device, SwapchainKHR, uint*, Image*, Result> _getImages;
    private readonly delegate* unmanaged<Device, SwapchainKHR, ulong, Silk.NET.Vulkan.Semaphore, Fence, uint*, Result> _acquire;
    private readonly delegate* unmanaged<Queue, PresentInfoKHR*, Result> _present;
    private bool _disposed;

    public Swapchain(GpuContext gpu, int framebufferWidth, int framebufferHeight, bool vsync, Swapchain? old)
    {
        _gpu = gpu;
        _create = (delegate* unmanaged<Device, SwapchainCreateInfoKHR*, AllocationCallbacks*, SwapchainKHR*, Result>)Load("vkCreateSwapchainKHR");
        _destroy = (delegate* unmanaged<Device, SwapchainKHR, AllocationCallbacks*, void>)Load("vkDestroySwapchainKHR");
        _getImages = (delegate* unmanaged<Device, SwapchainKHR, uint*, Image*, Result>)Load("vkGetSwapchainImagesKHR");
        _acquire = (delegate* unmanaged<Device, SwapchainKHR, ulong, Silk.NET.Vulkan.Semaphore, Fence, uint*, Result>)Load("vkAcquireNextImageKHR");
        _present = (delegate* unmanaged<Queue, PresentInfoKHR*, Result>)Load("vkQueuePresentKHR");

        Vk vk = gpu.Vk;
        SurfaceCapabilitiesKHR caps = SurfaceFunctions.Capabilities(vk, gpu.Instance, gpu.Physical, gpu.Surface);
        if ((caps.SupportedUsageFlags & ImageUsageFlags.TransferDstBit) == 0)
            throw new VulkanUnavailableException("the window surface's images cannot be transfer destinations (VK_IMAGE_USAGE_TRANSFER_DST_BIT)");
        SurfaceFormatKHR[] formats = SurfaceFunctions.Formats(vk, gpu.Instance, gpu.Physical, gpu.Surface);
        // Our frames are already sRGB-encoded bytes: present them through a UNORM format, as they are.
        SurfaceFormatKHR chosen = formats[0];
        foreach (SurfaceFormatKHR f in formats)
            if (f.Format is Format.B8G8R8A8Unorm or Format.R8G8B8A8Unorm) { chosen = f; break; }
        if (chosen.Format is not (Format.B8G8R8A8Unorm or Format.R8G8B8A8Unorm or Format.B8G8R8A8Srgb or Format.R8G8B8A8Srgb))
            throw new VulkanUnavailableException($"the window surface offers no 8-bit RGBA/BGRA format (first: {chosen.Format})");
        Format = chosen.Format;
        SwapRedBlue = chosen.Format is Format.B8G8R8A8Unorm or Format.B8G8R8A8Srgb;

        PresentModeKHR[] modes = SurfaceFunctions.PresentModes(vk, gpu.Instance, gpu.Physical, gpu.Surface);
        PresentMode = PresentModeKHR.FifoKhr; // always available: vsync
        if (!vsync)
        {
            if (Array.IndexOf(modes, PresentModeKHR.ImmediateKhr) >= 0) PresentMode = PresentModeKHR.ImmediateKhr;
            else if (Array.IndexOf(modes, PresentModeKHR.MailboxKhr) >= 0) PresentMode = PresentModeKHR.MailboxKhr;
        }

        Extent2D extent = caps.CurrentExtent;
        if (extent.Width == uint.MaxValue)
        {
            extent = new Extent2D(
                Math.Clamp((uint)framebufferWidth, caps.MinImageExtent.Width, caps.MaxImageExtent.Width),
                Math.Clamp((uint)framebufferHeight, caps.MinImageExtent.Height, caps.MaxImageExtent.Height));
        }
        Extent = extent;
        uint count = Math.Max(caps.MinImageCount, 2);
        if (caps.MaxImageCount != 0) count = Math.Min(count, caps.MaxImageCount);
        var ci = new SwapchainCreateInfoKHR
        {
            SType = StructureType.SwapchainCreateInfoKhr,
            Surface = gpu.Surface,
            MinImageCount = count,
            ImageFormat = chosen.Format,
            ImageColorSpace = chosen.ColorSpace,
            ImageExtent = extent,
            ImageArrayLayers = 1,
            ImageUsage = ImageUsageFlags.TransferDstBit,
            ImageSharingMode = SharingMode.Exclusive,
            PreTransform = caps.CurrentTransform,
            CompositeAlpha = CompositeAlphaFlagsKHR.OpaqueBitKhr,
            PresentMode = PresentMode,
            Clipped = true,
            OldSwapchain = old?.Handle ?? default,
        };
        SwapchainKHR handle;
        VkCheck.Ok(_create(gpu.Device, &ci, null, &handle), "vkCreateSwapchainKHR");
        Handle = handle;
        try
        {
            uint n = 0;
            VkCheck.Ok(_getImages(gpu.Device, handle, &n, null), "vkGetSwapchainImagesKHR");
            Images = new Image[n];
            fixed (Image* p = Images) VkCheck.Ok(_getImages(gpu.Device, handle, &n, p), "vkGetSwapchainImagesKHR");
        }
        catch
        {
            _destroy(gpu.Device, handle, null); // a constructor that fails frees what it made
            throw;
        }
    }

    public SwapchainKHR Handle { get; }
    public Image[] Images { get; }
    public Extent2D Extent { get; }
    public Format Format { get; }
    public PresentModeKHR PresentMode { get; }
    public bool SwapRedBlue { get; }

    /// <summary>Success, SuboptimalKhr or ErrorOutOfDateKhr (the caller recreates); anything else throws.</summary>
    public Result Acquire(Silk.NET.Vulkan.Semaphore signal, out uint index)
    {
        uint i;
        Result r = _acquire(_gpu.Device, Handle, ulong.MaxValue, signal, default, &i);
        index = i;
        if (r is Result.Success or Result.SuboptimalKhr or Result.ErrorOutOfDateKhr) return r;
        throw new VulkanException("vkAcquireNextImageKHR", r);
    }

    /// <summary>Success, SuboptimalKhr or ErrorOutOfDateKhr (the caller recreates); anything else throws.</summary>
    public Result Present(Silk.NET.Vulkan.Semaphore wait, uint index)
    {
        SwapchainKHR handle = Handle;
        var pi = new PresentInfoKHR
        {
            SType = StructureType.PresentInfoKhr,
            WaitSemaphoreCount = 1,
            PWaitSemaphores = &wait,
            SwapchainCount = 1,
            PSwapchains = &handle,
            PImageIndices = &index,
        };
        Result r = _present(_gpu.Queue, &pi);
        if (r is Result.Success or Result.SuboptimalKhr or Result.ErrorOutOfDateKhr) return r;
        throw new VulkanException("vkQueuePresentKHR", r);
    }

    private nint Load(string name)
    {
        nint p = (nint)_gpu.Vk.GetDeviceProcAddr(_gpu.Device, name).Handle;
        if (p == 0) throw new VulkanUnavailableException($"the Vulkan driver does not export {name}");
        return p;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _destroy(_gpu.Device, Handle, null);
    }
}
