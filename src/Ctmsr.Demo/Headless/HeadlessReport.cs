using Ctmsr.Demo.Upscalers;

namespace Ctmsr.Demo.Headless;

/// <summary>Everything a headless run measured, and the files it wrote.</summary>
public sealed class HeadlessReport
{
    public required HeadlessOptions Options { get; init; }
    public required string DeviceName { get; init; }
    public required bool GpuTimestamps { get; init; }
    public required IReadOnlyList<(UpscaleMethod Method, string Device)> Methods { get; init; }
    public required IReadOnlyList<(UpscaleMethod Method, string Reason)> Unavailable { get; init; }
    public List<LatencySample> Latency { get; } = new();
    public List<QualitySample> Quality { get; } = new();
    public List<string> Files { get; } = new();
}
