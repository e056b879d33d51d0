using System;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Runtime;

/// <summary>
/// Everything <see cref="UpscalerContext.Create(in UpscalerContextDescription)"/> needs. Set the render and display
/// sizes directly, or use <see cref="ForQuality"/> / <see cref="ForRatio"/> to derive the render size from a display
/// size.
/// </summary>
public struct UpscalerContextDescription
{
    /// <summary>
    /// The model to run; null runs a model embedded in Ctmsr.Runtime, the one with the smallest scale >= the display /
    /// render ratio (see <see cref="CtmsrModel.EmbeddedScales"/> and <see cref="UpscalerContext.Create"/>).
    /// </summary>
    public CtmsrModel? Model { get; set; }

    /// <summary>Width of the input frames (the engine's render size) in pixels; at most <see cref="UpscalerContext.MaxFrameSide"/>.</summary>
    public int RenderWidth { get; set; }

    /// <summary>Height of the input frames in pixels.</summary>
    public int RenderHeight { get; set; }

    /// <summary>Width of the output frames (the display size) in pixels; at least <see cref="RenderWidth"/>, at most <see cref="UpscalerContext.MaxFrameSide"/>.</summary>
    public int DisplayWidth { get; set; }

    /// <summary>Height of the output frames in pixels; at least <see cref="RenderHeight"/>.</summary>
    public int DisplayHeight { get; set; }

    /// <summary>Byte order of input and output frames; <see cref="PixelFormat.Rgba8"/> by default.</summary>
    public PixelFormat Format { get; set; }

    /// <summary>Which device runs the work; <see cref="UpscalerBackend.Auto"/> by default.</summary>
    public UpscalerBackend Backend { get; set; }

    /// <summary>CPU threads for one operator; 0 (the default) lets ONNX Runtime choose; at most <see cref="UpscalerContext.MaxThreadCount"/>.</summary>
    public int ThreadCount { get; set; }

    /// <summary>The CUDA device ordinal when CUDA runs; 0 by default.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>Vulkan backend: float16 or float32 weights and activations; <see cref="VulkanPrecision.Auto"/> by default.</summary>
    public VulkanPrecision VulkanPrecision { get; set; }

    /// <summary>
    /// Vulkan backend: the engine's own device. When set, the context runs on it (Auto and Vulkan) and
    /// <see cref="UpscalerContext.RecordDispatch"/> records into the engine's command buffers; null creates a device.
    /// </summary>
    public VulkanDeviceHandles? VulkanDevice { get; set; }

    /// <summary>Vulkan backend without an engine device: use the first device whose name contains this text; null picks the best.</summary>
    public string? VulkanDeviceName { get; set; }

    /// <summary>The seed S of the deterministic noise; 0 by default, as in the model contract.</summary>
    public uint NoiseSeed { get; set; }

    /// <summary>
    /// Frames the latency profiler keeps; 0 (the default) disables it at no per-frame cost; at most
    /// <see cref="Profiling.LatencyProfiler.MaxCapacity"/>.
    /// </summary>
    public int ProfilerCapacity { get; set; }

    /// <summary>Receives one line at creation saying which backend runs and why; null sends it to <see cref="System.Diagnostics.Trace"/>.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>A description for a display size and a quality mode; the render size is derived from them.</summary>
    public static UpscalerContextDescription ForQuality(int displayWidth, int displayHeight, QualityMode mode,
        CtmsrModel? model = null) =>
        ForRatio(displayWidth, displayHeight, QualityModes.Ratio(mode), model);

    /// <summary>A description for a display size and any ratio >= 1; the render size is derived from them.</summary>
    public static UpscalerContextDescription ForRatio(int displayWidth, int displayHeight, double ratio,
        CtmsrModel? model = null)
    {
        FrameSize render = QualityModes.RenderSize(displayWidth, displayHeight, ratio);
        return new UpscalerContextDescription
        {
            Model = model,
            RenderWidth = render.Width,
            RenderHeight = render.Height,
            DisplayWidth = displayWidth,
            DisplayHeight = displayHeight,
        };
    }
}
