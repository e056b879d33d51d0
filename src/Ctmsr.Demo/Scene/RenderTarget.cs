using Ctmsr.Demo.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Scene;

/// <summary>
/// Colour (RGBA8 sRGB) and depth images of one size, their framebuffer, the uniform buffer of the draws into them, and
/// the host-visible buffer each frame's colour is copied into: tightly packed RGBA8, also the upscalers' input.
/// </summary>
public sealed unsafe class RenderTarget : IDisposable
{
    private readonly GpuContext _gpu;
    private bool _disposed;

    public RenderTarget(GpuContext gpu, RenderPass pass, uint width, uint height, DescriptorSet set, GpuBuffer uniforms)
    {
        _gpu = gpu;
        Width = width;
        Height = height;
        Uniforms = uniforms;
        DescriptorSet = set;
        Color = new GpuImage(gpu, width, height, SceneRenderer.ColorFormat, ImageUsageFlags.ColorAttachmentBit | ImageUsageFlags.TransferSrcBit,
            ImageAspectFlags.ColorBit);
        Depth = new GpuImage(gpu, width, height, SceneRenderer.DepthFormat, ImageUsageFlags.DepthStencilAttachmentBit, ImageAspectFlags.DepthBit);
        Pixels = new GpuBuffer(gpu, 4UL * width * height, BufferUsageFlags.TransferDstBit | BufferUsageFlags.StorageBufferBit);
        var views = stackalloc ImageView[] { Color.View, Depth.View };
        var fci = new FramebufferCreateInfo
        {
            SType = StructureType.FramebufferCreateInfo,
            RenderPass = pass,
            AttachmentCount = 2,
            PAttachments = views,
            Width = width,
            Height = height,
            Layers = 1,
        };
        VkCheck.Ok(gpu.Vk.CreateFramebuffer(gpu.Device, in fci, null, out Framebuffer framebuffer), "vkCreateFramebuffer");
        Framebuffer = framebuffer;
    }

    public uint Width { get; }
    public uint Height { get; }
    public GpuImage Color { get; }
    public GpuImage Depth { get; }
    public GpuBuffer Pixels { get; }
    public GpuBuffer Uniforms { get; }
    public DescriptorSet DescriptorSet { get; }
    public Framebuffer Framebuffer { get; }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _gpu.Vk.DestroyFramebuffer(_gpu.Device, Framebuffer, null);
        Color.Dispose();
        Depth.Dispose();
        Pixels.Dispose();
        Uniforms.Dispose();
    }
}
