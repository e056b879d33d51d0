using System.Diagnostics;
using System.Text.Json;
using Ctmsr.Runtime.Profiling;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

public class LatencyProfilerTests
{
    private static long Ms(double ms) => (long)Math.Round(ms * Stopwatch.Frequency / 1000.0);

    [Test]
    public void Statistics_HundredFrames_GivesNearestRankPercentiles()
    {
        var profiler = new LatencyProfiler(100);
        for (int i = 100; i >= 1; i--) profiler.Record(Ms(0.5), Ms(i), 0, Ms(i + 0.5)); // inference 1..100 ms, any order

        LatencyStatistics s = profiler.Statistics(DispatchStage.Inference);

        Assert.That(s.Count, Is.EqualTo(100));
        Assert.That(s.P50, Is.EqualTo(50).Within(1e-6));
        Assert.That(s.P95, Is.EqualTo(95).Within(1e-6));
        Assert.That(s.P99, Is.EqualTo(99).Within(1e-6));
        Assert.That(s.Max, Is.EqualTo(100).Within(1e-6));
        Assert.That(s.Mean, Is.EqualTo(50.5).Within(1e-6));
        Assert.That(profiler.Statistics(DispatchStage.Bind).Max, Is.EqualTo(0.5).Within(1e-6));
    }

    [Test]
    public void Record_PastCapacity_KeepsTheLastFrames()
    {
        var profiler = new LatencyProfiler(4);
        for (int i = 1; i <= 10; i++) profiler.Record(0, 0, 0, Ms(i));

        Assert.That(profiler.Count, Is.EqualTo(4));
        Assert.That(profiler.TotalFrames, Is.EqualTo(10));
        Assert.That(profiler.Milliseconds(0, DispatchStage.Total), Is.EqualTo(7).Within(1e-6));
        Assert.That(profiler.Statistics(DispatchStage.Total).Mean, Is.EqualTo(8.5).Within(1e-6));
        Assert.That(profiler.Statistics(DispatchStage.Total).Max, Is.EqualTo(10).Within(1e-6));
    }

    [Test]
    public void Statistics_Empty_IsZero()
    {
        var profiler = new LatencyProfiler(8);
        profiler.Record(1, 1, 1, 3);
        profiler.Clear();

        Assert.That(profiler.Statistics(DispatchStage.Total).Count, Is.Zero);
        Assert.That(profiler.Count, Is.Zero);
    }

    [Test]
    public void ToCsv_WritesOneRowPerHeldFrame()
    {
        var profiler = new LatencyProfiler(2);
        profiler.Record(Ms(1), Ms(2), Ms(3), Ms(6));
        profiler.Record(Ms(1), Ms(4), Ms(1), Ms(6));
        profiler.Record(Ms(0.25), Ms(8), Ms(1), Ms(9.25));

        string[] lines = profiler.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "frame,bind_ms,inference_ms,readback_ms,total_ms",
            "1,1,4,1,6",
            "2,0.25,8,1,9.25",
        }));
    }

    [Test]
    public void ToJson_IsValidJsonWithEveryStage()
    {
        var profiler = new LatencyProfiler(8);
        profiler.Record(Ms(1), Ms(2), Ms(3), Ms(6));

        using JsonDocument doc = JsonDocument.Parse(profiler.ToJson());

        Assert.That(doc.RootElement.GetProperty("frames").GetInt32(), Is.EqualTo(1));
        JsonElement stages = doc.RootElement.GetProperty("stages");
        Assert.That(stages.GetProperty("inference").GetProperty("p99_ms").GetDouble(), Is.EqualTo(2).Within(1e-5));
        Assert.That(stages.GetProperty("total").GetProperty("mean_ms").GetDouble(), Is.EqualTo(6).Within(1e-5));
        Assert.That(stages.GetProperty("bind").GetProperty("count").GetInt32(), Is.EqualTo(1));
        Assert.That(stages.GetProperty("readback").GetProperty("max_ms").GetDouble(), Is.EqualTo(3).Within(1e-5));
    }

    [Test]
    public void Record_AllocatesNothing()
    {
        var profiler = new LatencyProfiler(16);
        profiler.Record(1, 2, 3, 6);
        _ = profiler.Statistics(DispatchStage.Total); // first use creates the runtime's shared sort helper, once per process
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) profiler.Record(i, i, i, 3 * i);
        _ = profiler.Statistics(DispatchStage.Total);

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
