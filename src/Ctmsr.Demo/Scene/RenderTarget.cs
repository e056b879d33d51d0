using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Scene;

/// <summary>
/// Colour (RGBA8 sRGB) and depth images of one size, their framebuffer, the uniform buffer of the draws into them, and
/// the host-visible buffer each frame's colour ends in: tightly packed RGBA8, also the upscalers' input. With
/// supersampling k &gt; 1 the images are k times the output size on each side, their colour is copied into
/// <see cref="Supersampled"/>, and downscale.comp box-filters that into <see cref="Pixels"/>.
/// </summary>
public sealed unsafe class RenderTarget : IDisposable
{
    private readonly GpuContext _gpu;
    private bool _disposed;

    internal RenderTarget(GpuContext gpu, RenderPass pass, uint width, uint height, uint supersampling, DescriptorSet set, VulkanBuffer uniforms)
    {
        _gpu = gpu;
        Width = width;
        Height = height;
        Supersampling = supersampling;
        RenderWidth = width * supersampling;
        RenderHeight = height * supersampling;
        Uniforms = uniforms;
        DescriptorSet = set;
        // The target owns the uniforms it is given; a constructor that fails part-way frees them and what it made.
        try
        {
            Color = new GpuImage(gpu, RenderWidth, RenderHeight, SceneRenderer.ColorFormat, ImageUsageFlags.ColorAttachmentBit | ImageUsageFlags.TransferSrcBit,
                ImageAspectFlags.ColorBit);
            Depth = new GpuImage(gpu, RenderWidth, RenderHeight, SceneRenderer.DepthFormat, ImageUsageFlags.DepthStencilAttachmentBit, ImageAspectFlags.DepthBit);
            Pixels = gpu.CreateBuffer(4UL * width * height, BufferUsageFlags.TransferDstBit | BufferUsageFlags.StorageBufferBit, "rendered frame");
            if (supersampling > 1)
                Supersampled = gpu.CreateBuffer(4UL * RenderWidth * RenderHeight, BufferUsageFlags.TransferDstBit | BufferUsageFlags.StorageBufferBit, "supersampled frame");
            var views = stackalloc ImageView[] { Color.View, Depth.View };
            var fci = new FramebufferCreateInfo
            {
                SType = StructureType.FramebufferCreateInfo,
                RenderPass = pass,
                AttachmentCount = 2,
                PAttachments = views,
                Width = RenderWidth,
                Height = RenderHeight,
                Layers = 1,
            };
            VkCheck.Ok(gpu.Vk.CreateFramebuffer(gpu.Device, in fci, null, out Framebuffer framebuffer), "vkCreateFramebuffer");
            Framebuffer = framebuffer;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Output size: the size of <see cref="Pixels"/>.</summary>
    public uint Width { get; }
    public uint Height { get; }
    /// <summary>Supersampling factor k: the scene is drawn at k x the output size on each side.</summary>
    public uint Supersampling { get; }
    /// <summary>Size the scene is drawn at (colour and depth images): k x <see cref="Width"/> by k x <see cref="Height"/>.</summary>
    public uint RenderWidth { get; }
    public uint RenderHeight { get; }
    /// <summary>The colour at <see cref="RenderWidth"/> x <see cref="RenderHeight"/> before the box downscale; null when k = 1.</summary>
    internal VulkanBuffer? Supersampled { get; }
    /// <summary>downscale.comp's set binding <see cref="Supersampled"/> -> <see cref="Pixels"/> (default when k = 1).</summary>
    public DescriptorSet DownscaleSet { get; set; }
    public GpuImage Color { get; }
    public GpuImage Depth { get; }
    internal VulkanBuffer Pixels { get; }
    internal VulkanBuffer Uniforms { get; }
    public DescriptorSet DescriptorSet { get; }
    public Framebuffer Framebuffer { get; }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (Framebuffer.Handle != 0) _gpu.Vk.DestroyFramebuffer(_gpu.Device, Framebuffer, null);
        Color?.Dispose();
        Depth?.Dispose();
        Pixels?.Dispose();
        Supersampled?.Dispose();
        Uniforms?.Dispose();
    }
}
