using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Bench;

/// <summary>
/// One GPU stage of a row (timestamp queries): upload, first, body (or one body layer), last, resample, download, or a
/// reference shader's own kernel. <see cref="Flop"/> is the stage's arithmetic per frame where it is a convolution.
/// </summary>
public sealed record BenchStage(string Name, int? Layer, LatencyStatistics Gpu, double? Flop)
{
    /// <summary>Achieved 1e9 flop per second at the median time; null when the stage has no flop count or no time.</summary>
    public double? GflopPerSecond => Flop.HasValue && Gpu.P50 > 0 ? Flop.Value / (Gpu.P50 / 1000.0) / 1e9 : null;
}
