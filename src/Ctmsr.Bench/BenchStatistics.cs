using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Bench;

/// <summary>Summaries of per-frame times, with the profiler's nearest-rank percentiles.</summary>
public static class BenchStatistics
{
    /// <summary>Count, mean, p50, p95, p99 and max of <paramref name="milliseconds"/> (sorted in place); all zero when empty.</summary>
    public static LatencyStatistics From(Span<double> milliseconds)
    {
        int n = milliseconds.Length;
        if (n == 0) return default;
        milliseconds.Sort();
        double sum = 0;
        foreach (double v in milliseconds) sum += v;
        return new LatencyStatistics(n, sum / n, Rank(milliseconds, 0.50), Rank(milliseconds, 0.95), Rank(milliseconds, 0.99), milliseconds[n - 1]);
    }

    private static double Rank(Span<double> sorted, double p) => sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
}
