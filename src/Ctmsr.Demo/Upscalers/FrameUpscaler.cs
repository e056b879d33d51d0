using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Upscalers;

/// <summary>
/// One upscaling method. A GPU method records compute work between two packed RGBA8 buffers; a host method takes the
/// rendered frame as a span (after the GPU has finished) and writes the display-size frame into a mapped buffer.
/// </summary>
public abstract class FrameUpscaler : IDisposable
{
    protected FrameUpscaler(UpscaleMethod method) => Method = method;

    public UpscaleMethod Method { get; }
    public string Name => UpscaleMethods.DisplayName(Method);

    /// <summary>True when the work is recorded into the frame's command buffer (timed with GPU timestamps).</summary>
    public abstract bool RecordsOnGpu { get; }

    /// <summary>The pipeline stage of the last GPU work <see cref="Record"/> records (where its end is timestamped).</summary>
    public virtual PipelineStageFlags LastStage => PipelineStageFlags.ComputeShaderBit;

    /// <summary>What runs it, for reports: "Vulkan compute", "ONNX Runtime Cpu", ...</summary>
    public abstract string Device { get; }

    /// <summary>Records src (render size) -> dst (display size); <paramref name="swapRedBlue"/> writes BGRA for swapchains.</summary>
    internal virtual void Record(CommandBuffer cmd, VulkanBuffer src, FrameSize srcSize, VulkanBuffer dst, FrameSize dstSize, bool swapRedBlue) =>
        throw new NotSupportedException($"{Name} runs on the host; call Upscale");

    /// <summary>Upscales on the host: src (render size, RGBA8) -> dst (display size, RGBA8).</summary>
    public virtual void Upscale(ReadOnlySpan<byte> src, FrameSize srcSize, Span<byte> dst, FrameSize dstSize) =>
        throw new NotSupportedException($"{Name} records GPU work; call Record");

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
