using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// The engine-owned tests' frames on the demo's engine stand-in (<see cref="GpuContext"/>, the same device the demo hands
/// to the runtime): host-visible buffers and RGBA8 images in GENERAL layout, with uploads and downloads.
/// </summary>
internal static class EngineFrames
{
    public const int GeneralLayout = (int)ImageLayout.General;

    /// <summary>A host-visible buffer an engine frame can be copied into and out of.</summary>
    public static VulkanBuffer CreateHostBuffer(this GpuContext engine, ulong size) =>
        engine.CreateBuffer(size, BufferUsageFlags.TransferSrcBit | BufferUsageFlags.TransferDstBit, "engine frame");

    /// <summary>An RGBA8 optimal-tiling image, left in GENERAL layout.</summary>
    public static GpuImage CreateImage(this GpuContext engine, int width, int height)
    {
        var image = new GpuImage(engine, (uint)width, (uint)height, Format.R8G8B8A8Unorm,
            ImageUsageFlags.TransferSrcBit | ImageUsageFlags.TransferDstBit, ImageAspectFlags.ColorBit);
        try
        {
            engine.SubmitAndWait(cmd => image.Transition(cmd, ImageLayout.Undefined, ImageLayout.General));
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    public static void Upload(this GpuContext engine, GpuImage image, byte[] rgba)
    {
        using VulkanBuffer staging = engine.CreateHostBuffer((ulong)rgba.Length);
        rgba.CopyTo(staging.Span);
        engine.SubmitAndWait(cmd => image.RecordCopy(cmd, staging, ImageLayout.General, toImage: true));
    }

    public static byte[] Download(this GpuContext engine, GpuImage image)
    {
        using VulkanBuffer staging = engine.CreateHostBuffer(4UL * image.Width * image.Height);
        engine.SubmitAndWait(cmd => image.RecordCopy(cmd, staging, ImageLayout.General, toImage: false));
        return staging.Span.ToArray();
    }
}
