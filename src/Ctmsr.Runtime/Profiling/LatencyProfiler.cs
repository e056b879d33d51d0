using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace Ctmsr.Runtime.Profiling;

/// <summary>
/// Per-frame stage latencies in a fixed ring buffer: recording allocates nothing, and the oldest frame is overwritten
/// once <see cref="Capacity"/> frames are held. Summaries and exports are computed on demand. Not thread-safe; it
/// belongs to the context that records into it.
/// </summary>
public sealed class LatencyProfiler
{
    private const int StageCount = 11;
    private const int HostStages = 4;
    private readonly long[] _ticks; // [frame * StageCount + stage], Stopwatch ticks
    private readonly long[] _scratch;
    private long[]? _layerTicks; // [frame * GpuLayerCount + layer], allocated by the first RecordGpuLayers
    private int _next;

    /// <summary>
    /// The most frames a profiler keeps: 1000000 (about 4.6 hours at 60 fps; 96 MB of ring buffer). Larger
    /// capacities are refused, since the buffer is allocated up front.
    /// </summary>
    public const int MaxCapacity = 1_000_000;

    /// <summary>Creates a profiler that keeps the last <paramref name="capacity"/> frames (1 .. <see cref="MaxCapacity"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not in 1 .. <see cref="MaxCapacity"/>; the message quotes both.</exception>
    public LatencyProfiler(int capacity)
    {
        if (capacity <= 0 || capacity > MaxCapacity)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"the capacity must be 1..{MaxCapacity} frames; got {capacity}");
        Capacity = capacity;
        _ticks = new long[capacity * StageCount];
        _scratch = new long[capacity];
    }

    /// <summary>The most frames held.</summary>
    public int Capacity { get; }

    /// <summary>The frames held now (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Frames recorded since creation or the last <see cref="Clear"/>, including overwritten ones.</summary>
    public long TotalFrames { get; private set; }

    /// <summary>True once a frame with GPU stage times was recorded; the exports then include the Gpu* stages.</summary>
    public bool HasGpuStages { get; private set; }

    /// <summary>Records one frame's host stage durations, in <see cref="Stopwatch"/> ticks; its GPU stages are zero.</summary>
    public void Record(long bindTicks, long inferenceTicks, long readbackTicks, long totalTicks) =>
        Record(bindTicks, inferenceTicks, readbackTicks, totalTicks, ReadOnlySpan<long>.Empty);

    /// <summary>
    /// Records one frame: host stage durations and the GPU stages <see cref="DispatchStage.GpuUpload"/> ..
    /// <see cref="DispatchStage.GpuTotal"/> in that order (seven values, or none), all in <see cref="Stopwatch"/> ticks.
    /// </summary>
    public void Record(long bindTicks, long inferenceTicks, long readbackTicks, long totalTicks, ReadOnlySpan<long> gpuTicks)
    {
        if (gpuTicks.Length != 0 && gpuTicks.Length != StageCount - HostStages)
            throw new ArgumentException($"expected {StageCount - HostStages} GPU stage durations or none; got {gpuTicks.Length}", nameof(gpuTicks));
        int o = _next * StageCount;
        _ticks[o] = bindTicks;
        _ticks[o + 1] = inferenceTicks;
        _ticks[o + 2] = readbackTicks;
        _ticks[o + 3] = totalTicks;
        for (int i = HostStages; i < StageCount; i++) _ticks[o + i] = gpuTicks.Length == 0 ? 0 : gpuTicks[i - HostStages];
        if (gpuTicks.Length != 0) HasGpuStages = true;
        _next = _next + 1 == Capacity ? 0 : _next + 1;
        if (Count < Capacity) Count++;
        TotalFrames++;
    }

    /// <summary>
    /// The number of conv layers with their own GPU timestamps (layer 0 = the first conv, including the features
    /// pass where there is one, 1 .. n-2 the body convs, n-1 the last conv), recorded by the Vulkan backend; 0 when
    /// none were recorded.
    /// </summary>
    public int GpuLayerCount { get; private set; }

    /// <summary>
    /// Records the GPU time of each conv layer (Stopwatch ticks) for the frame the next <see cref="Record(long, long, long, long, ReadOnlySpan{long})"/>
    /// call records. The first call, or a call with a different layer count, allocates; later calls do not.
    /// </summary>
    internal void RecordGpuLayers(ReadOnlySpan<long> layerTicks)
    {
        if (layerTicks.Length != GpuLayerCount || _layerTicks == null)
        {
            GpuLayerCount = layerTicks.Length;
            _layerTicks = new long[Capacity * Math.Max(1, layerTicks.Length)];
        }
        layerTicks.CopyTo(_layerTicks.AsSpan(_next * GpuLayerCount, GpuLayerCount));
    }

    /// <summary>Mean, p50, p95, p99 and max of conv layer <paramref name="layer"/>'s GPU time over the frames held.</summary>
    public LatencyStatistics GpuLayerStatistics(int layer)
    {
        if ((uint)layer >= (uint)GpuLayerCount)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"the profiler holds {GpuLayerCount} GPU layer times per frame");
        int n = Count;
        if (n == 0) return default;
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            long t = _layerTicks![i * GpuLayerCount + layer];
            _scratch[i] = t;
            sum += t;
        }
        Array.Sort(_scratch, 0, n);
        return new LatencyStatistics(n, ToMs(sum) / n, ToMs(Rank(n, 0.50)), ToMs(Rank(n, 0.95)), ToMs(Rank(n, 0.99)),
            ToMs(_scratch[n - 1]));
    }

    /// <summary>Forgets every frame.</summary>
    public void Clear()
    {
        _next = 0;
        Count = 0;
        TotalFrames = 0;
        HasGpuStages = false;
    }

    /// <summary>The duration of <paramref name="stage"/> in frame <paramref name="index"/> (0 = oldest held), in milliseconds.</summary>
    public double Milliseconds(int index, DispatchStage stage)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the profiler holds {Count} frames");
        int first = Count < Capacity ? 0 : _next;
        int slot = (first + index) % Capacity;
        return ToMs(_ticks[slot * StageCount + (int)stage]);
    }

    /// <summary>Mean, p50, p95, p99 and max of <paramref name="stage"/> over the frames held (all zero when none).</summary>
    public LatencyStatistics Statistics(DispatchStage stage)
    {
        int n = Count;
        if (n == 0) return default;
        int s = (int)stage;
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            long t = _ticks[i * StageCount + s];
            _scratch[i] = t;
            sum += t;
        }
        Array.Sort(_scratch, 0, n);
        return new LatencyStatistics(n, ToMs(sum) / n, ToMs(Rank(n, 0.50)), ToMs(Rank(n, 0.95)), ToMs(Rank(n, 0.99)),
            ToMs(_scratch[n - 1]));
    }


    /// <summary>
    /// Writes one CSV row per held frame, oldest first: frame,bind_ms,inference_ms,readback_ms,total_ms, then (when
    /// <see cref="HasGpuStages"/>) gpu_upload_ms,gpu_first_layer_ms,gpu_body_ms,gpu_last_layer_ms,gpu_resample_ms,
    /// gpu_download_ms,gpu_total_ms.
    /// </summary>
    public void WriteCsv(TextWriter writer)
    {
        if (writer is null) throw new ArgumentNullException(nameof(writer));
        int stages = ExportedStages;
        writer.Write("frame,bind_ms,inference_ms,readback_ms,total_ms");
        if (stages > HostStages) writer.Write(",gpu_upload_ms,gpu_first_layer_ms,gpu_body_ms,gpu_last_layer_ms,gpu_resample_ms,gpu_download_ms,gpu_total_ms");
        writer.WriteLine();
        long firstFrame = TotalFrames - Count;
        for (int i = 0; i < Count; i++)
        {
            writer.Write((firstFrame + i).ToString(CultureInfo.InvariantCulture));
            for (int s = 0; s < stages; s++)
            {
                writer.Write(',');
                writer.Write(Milliseconds(i, (DispatchStage)s).ToString("0.####", CultureInfo.InvariantCulture));
            }
            writer.WriteLine();
        }
    }

    /// <summary>The CSV of <see cref="WriteCsv"/> as a string.</summary>
    public string ToCsv()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteCsv(writer);
        return writer.ToString();
    }

    /// <summary>
    /// A JSON object with the frame count and, per stage, count, mean, p50, p95, p99 and max in milliseconds:
    /// <c>{"frames":N,"stages":{"bind":{...},"inference":{...},"readback":{...},"total":{...}}}</c>, plus
    /// "gpuupload" .. "gputotal" when <see cref="HasGpuStages"/>, and then "gpu_layers" (per conv layer: layer, mean,
    /// p50 and p95) when <see cref="GpuLayerCount"/> is positive.
    /// </summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        sb.Append("{\"frames\":").Append(Count.ToString(CultureInfo.InvariantCulture)).Append(",\"stages\":{");
        int stages = ExportedStages;
        for (int s = 0; s < stages; s++)
        {
            LatencyStatistics st = Statistics((DispatchStage)s);
            if (s > 0) sb.Append(',');
            sb.Append('"').Append(((DispatchStage)s).ToString().ToLowerInvariant()).Append("\":{")
              .Append("\"count\":").Append(st.Count.ToString(CultureInfo.InvariantCulture))
              .Append(",\"mean_ms\":").Append(Number(st.Mean))
              .Append(",\"p50_ms\":").Append(Number(st.P50))
              .Append(",\"p95_ms\":").Append(Number(st.P95))
              .Append(",\"p99_ms\":").Append(Number(st.P99))
              .Append(",\"max_ms\":").Append(Number(st.Max))
              .Append('}');
        }
        sb.Append('}');
        if (HasGpuStages && GpuLayerCount > 0)
        {
            sb.Append(",\"gpu_layers\":[");
            for (int l = 0; l < GpuLayerCount; l++)
            {
                LatencyStatistics st = GpuLayerStatistics(l);
                if (l > 0) sb.Append(',');
                sb.Append("{\"layer\":").Append(l.ToString(CultureInfo.InvariantCulture))
                  .Append(",\"mean_ms\":").Append(Number(st.Mean))
                  .Append(",\"p50_ms\":").Append(Number(st.P50))
                  .Append(",\"p95_ms\":").Append(Number(st.P95))
                  .Append('}');
            }
            sb.Append(']');
        }
        return sb.Append('}').ToString();
    }

    private int ExportedStages => HasGpuStages ? StageCount : HostStages;

    private long Rank(int n, double p) => _scratch[Math.Min(n - 1, Math.Max(0, (int)Math.Ceiling(p * n) - 1))];

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static string Number(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
