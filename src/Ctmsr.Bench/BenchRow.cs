using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Bench;

/// <summary>
/// One timed method on one case. The measured parts are set by whoever timed it; the figures against the device's
/// limit and the other methods (<see cref="GflopPerSecond"/> .. <see cref="TimesOnnxRuntime"/>) by <see cref="BenchReport.Complete"/>.
/// </summary>
public sealed class BenchRow
{
    /// <summary>Method keys.</summary>
    public const string Ctmsr = "ctmsr", Easu = "easu", OnnxRuntime = "onnxruntime", BicubicGraph = "bicubic-graph";

    /// <summary><see cref="Ctmsr"/> (the model on the Vulkan backend), <see cref="Easu"/>, <see cref="OnnxRuntime"/> or <see cref="BicubicGraph"/>.</summary>
    public required string Method { get; init; }
    public required BenchCase Case { get; init; }

    /// <summary>The model's file name (or source), null for a model-free shader.</summary>
    public string? Model { get; init; }
    public string? Preset { get; init; }
    public double? MacPerPixel { get; init; }
    public int Scale { get; init; } = 2;

    /// <summary>"fp32" or "fp16" on Vulkan; null elsewhere.</summary>
    public string? Precision { get; init; }

    /// <summary>"Vulkan", "Cpu" or "Cuda".</summary>
    public required string Backend { get; init; }

    /// <summary>What ran it and why (the context's backend reason, or the shader's device).</summary>
    public string Reason { get; init; } = "";
    public int Frames { get; init; }

    /// <summary>Host wall time of the whole dispatch: frame copy in, the work, frame copy out.</summary>
    public LatencyStatistics Host { get; init; }

    /// <summary>GPU time from the first to the last timestamp; null where there are no timestamps.</summary>
    public LatencyStatistics? Gpu { get; init; }
    public double ManagedBytesPerFrame { get; init; }
    public IReadOnlyList<BenchStage> Stages { get; init; } = Array.Empty<BenchStage>();

    /// <summary>"gpu" when <see cref="Gpu"/> has times, else "host": the time every ratio and flop rate of this row uses.</summary>
    public string TimeBasis => Gpu is { P50: > 0 } ? "gpu" : "host";

    /// <summary>The median time of <see cref="TimeBasis"/>, in milliseconds.</summary>
    public double Milliseconds => Gpu is { P50: > 0 } g ? g.P50 : Host.P50;

    /// <summary>2 x MAC/px x the model's output pixels: the model's arithmetic per frame; null without a MAC count.</summary>
    public double? Flop => MacPerPixel is double mac && mac > 0 ? 2 * mac * Case.ModelPixels(Scale) : null;

    public double? GflopPerSecond { get; internal set; }

    /// <summary>GflopPerSecond over the measured peak of this row's precision (fp16 rows: the fp16 peak where measured).</summary>
    public double? FractionOfPeak { get; internal set; }

    /// <summary>The time the model's arithmetic alone takes at the measured peak: 2 MAC/px x pixels / peak.</summary>
    public double? FloorMilliseconds { get; internal set; }

    /// <summary>This row's time over the EASU-style shader's on the same case (same basis where both have GPU times).</summary>
    public double? TimesEasu { get; internal set; }

    /// <summary>This row's host time over the ONNX Runtime model's on the same case and model.</summary>
    public double? TimesOnnxRuntime { get; internal set; }

    /// <summary>The peak <see cref="FractionOfPeak"/> used: "fp32" or "fp16".</summary>
    public string? PeakUsed { get; internal set; }
}
