namespace Ctmsr.Runtime.Profiling;

/// <summary>Summary of one stage's latency over the frames a <see cref="LatencyProfiler"/> holds, in milliseconds.</summary>
public readonly struct LatencyStatistics
{
    /// <summary>Creates a summary.</summary>
    public LatencyStatistics(int count, double mean, double p50, double p95, double p99, double max)
    {
        Count = count;
        Mean = mean;
        P50 = p50;
        P95 = p95;
        P99 = p99;
        Max = max;
    }

    /// <summary>The number of frames summarised.</summary>
    public int Count { get; }

    /// <summary>Mean latency.</summary>
    public double Mean { get; }

    /// <summary>Median latency (nearest rank).</summary>
    public double P50 { get; }

    /// <summary>95th percentile (nearest rank).</summary>
    public double P95 { get; }

    /// <summary>99th percentile (nearest rank).</summary>
    public double P99 { get; }

    /// <summary>Largest latency.</summary>
    public double Max { get; }
}
