using Ctmsr.Demo.Scene;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime;

namespace Ctmsr.Demo.Headless;

/// <summary>What a headless run renders, with which methods, and where it writes.</summary>
public sealed record HeadlessOptions
{
    public FrameSize Display { get; init; } = new(960, 540);
    public double Ratio { get; init; } = 2.0;
    public string ModeName { get; init; } = "Performance";
    public int Frames { get; init; } = 60;
    public long StartFrame { get; init; }
    public int FrameStep { get; init; } = 1;
    public IReadOnlyList<UpscaleMethod> Methods { get; init; } = UpscaleMethods.All;
    public string? ModelPath { get; init; }
    public UpscalerBackend OnnxBackend { get; init; } = UpscalerBackend.Cpu;
    public int Threads { get; init; }
    public bool GroundTruth { get; init; }
    public string OutputFolder { get; init; } = "demo-report";
    /// <summary>Indices (0-based, within the run) of frames written as PNG; the last one also makes the contact sheet.</summary>
    public IReadOnlyList<int> SavedFrames { get; init; } = Array.Empty<int>();
    /// <summary>Untimed passes of each method before the measured frames (first-use costs stay out of the figures).</summary>
    public int Warmup { get; init; } = 1;

    /// <summary>Texture mip bias of the render-size pass; null uses the runtime's log2(render / display), as a game would.</summary>
    public float? MipBias { get; init; }

    /// <summary>
    /// Supersampling anti-aliasing k (--ssaa): the render-size frame and the ground truth are both drawn at k x their
    /// size per side and box-downscaled by k.
    /// </summary>
    public int Supersampling { get; init; } = SceneRenderer.DefaultSupersampling;

    public FrameSize Render => QualityModes.RenderSize(Display.Width, Display.Height, Ratio);

    /// <summary>The scene frame index of run frame <paramref name="i"/>.</summary>
    public long SceneFrame(int i) => StartFrame + (long)i * FrameStep;

    /// <summary>The border cropped before PSNR/SSIM: the integer scale s = ceil(ratio).</summary>
    public int Crop => (int)Math.Ceiling(Ratio - 1e-9);
}
