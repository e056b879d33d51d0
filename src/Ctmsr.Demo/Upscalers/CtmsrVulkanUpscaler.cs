using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Upscalers;

/// <summary>
/// CTMSR on Ctmsr.Runtime's Vulkan backend, on the demo's own device: <see cref="VulkanBackendInfo.RecordDispatch"/>
/// records the model into the frame's command buffer, reading the rendered frame's buffer and writing the display
/// buffer, so the frame never leaves device memory. The context learns whether the demo's device has the float16
/// features enabled (<see cref="GpuContext.Float16Enabled"/>), so Auto runs fp16 on a GPU that has them (and fp32 on a
/// CPU driver such as lavapipe, as the runtime decides).
/// </summary>
public sealed class CtmsrVulkanUpscaler : FrameUpscaler
{
    private readonly GpuContext _gpu;
    private readonly ModelChoice _models;
    private readonly VulkanPrecision _precision;
    private UpscalerContext? _context;

    /// <param name="gpu">The demo's device, shared with the context.</param>
    /// <param name="models">The model for each size pair.</param>
    /// <param name="precision">Fp16 needs <see cref="GpuContext.Float16Enabled"/>; Auto lets the runtime choose.</param>
    public CtmsrVulkanUpscaler(GpuContext gpu, ModelChoice models, VulkanPrecision precision = VulkanPrecision.Auto)
        : base(UpscaleMethod.CtmsrVulkan)
    {
        _gpu = gpu;
        _models = models;
        _precision = precision;
    }

    /// <summary>The number format the context runs, once created; null before.</summary>
    public VulkanPrecision? Precision => _context?.Vulkan?.Precision;

    public override bool RecordsOnGpu => true;

    /// <summary>RecordDispatch ends with the copy of its output into the display buffer.</summary>
    public override PipelineStageFlags LastStage => PipelineStageFlags.TransferBit;

    public override string Device => _context is null ? "Vulkan" : $"{_context.Backend} {_context.Vulkan?.Precision} ({_context.BackendReason}), model x{_context.Model.Scale}";

    /// <summary>Creates the context now, so that errors surface before the first frame.</summary>
    public void Prepare(FrameSize render, FrameSize display) => Context(render, display);

    internal override void Record(CommandBuffer cmd, VulkanBuffer src, FrameSize srcSize, VulkanBuffer dst, FrameSize dstSize, bool swapRedBlue)
    {
        if (swapRedBlue) throw new NotSupportedException($"{Name} writes RGBA8; compose into the swapchain format afterwards");
        // Created with Backend = Vulkan on the demo's device, so the Vulkan info is there and the device is engine-owned.
        VulkanBackendInfo vulkan = Context(srcSize, dstSize).Vulkan!;
        vulkan.RecordDispatch(cmd.Handle,
            VulkanFrame.FromBuffer(src.Buffer.Handle, 0, 4 * srcSize.Width),
            VulkanFrame.FromBuffer(dst.Buffer.Handle, 0, 4 * dstSize.Width));
    }

    private UpscalerContext Context(FrameSize render, FrameSize display)
    {
        CtmsrModel model = _models.For(render, display);
        if (_context != null && !ReferenceEquals(_context.Model, model))
        {
            // Another ratio band: the context is rebuilt around the model for it (the GPU is idle when a context goes).
            _context.Dispose();
            _context = null;
        }
        if (_context is null)
        {
            _context = UpscalerContext.Create(new UpscalerContextDescription
            {
                Model = model, RenderWidth = render.Width, RenderHeight = render.Height,
                DisplayWidth = display.Width, DisplayHeight = display.Height,
                Backend = UpscalerBackend.Vulkan,
                VulkanPrecision = _precision,
                VulkanDevice = _gpu.Handles, // as an engine hands its own device to the context
                Log = _ => { },
            });
        }
        else if (_context.RenderSize != render || _context.DisplaySize != display)
        {
            _context.Resize(render.Width, render.Height, display.Width, display.Height);
        }
        return _context;
    }

    public override void Dispose()
    {
        _context?.Dispose();
        _context = null;
        base.Dispose();
    }
}
