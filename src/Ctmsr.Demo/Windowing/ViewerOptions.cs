using Ctmsr.Demo.Scene;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime;

namespace Ctmsr.Demo.Windowing;

/// <summary>How the windowed viewer starts.</summary>
public sealed record ViewerOptions
{
    public FrameSize Window { get; init; } = new(960, 540);
    public QualityMode Mode { get; init; } = QualityMode.Performance;
    /// <summary>Null picks CTMSR (Vulkan) on a GPU and CTMSR (ONNX) on a CPU Vulkan driver.</summary>
    public UpscaleMethod? MethodA { get; init; }
    public UpscaleMethod MethodB { get; init; } = UpscaleMethod.Bicubic;
    public bool Split { get; init; }
    public bool Vsync { get; init; } = true;
    public bool Hud { get; init; } = true;
    public bool Paused { get; init; }
    public long StartFrame { get; init; }
    public string? ModelPath { get; init; }
    public UpscalerBackend OnnxBackend { get; init; } = UpscalerBackend.Cpu;
    public int Threads { get; init; }
    /// <summary>Close after this many presented frames (0: run until closed); for scripted runs and tests.</summary>
    public int ExitAfterFrames { get; init; }
    /// <summary>Resize the window to this size after <see cref="AutoResizeAfterFrames"/> presented frames; for tests.</summary>
    public FrameSize? AutoResize { get; init; }
    public int AutoResizeAfterFrames { get; init; } = 10;
    /// <summary>Key presses to replay, one per presented frame from the 5th on (same keys as the keyboard; '!' is Esc).</summary>
    public string Keys { get; init; } = "";

    /// <summary>Print a line every 10 presented frames (size, frame index, method).</summary>
    public bool Verbose { get; init; }

    /// <summary>Supersampling anti-aliasing k of the render-size frame (drawn at k x per side, box-downscaled).</summary>
    public int Supersampling { get; init; } = SceneRenderer.DefaultSupersampling;
}
