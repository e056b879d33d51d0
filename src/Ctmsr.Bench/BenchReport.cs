using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Bench;

/// <summary>
/// Everything one bench run measured: the device and its measured peak (first), every row, what was skipped and why.
/// <see cref="Complete"/> derives each row's figures against the peak and the other methods of its case; the report is
/// then written as JSON (every field present, null where a figure does not apply) and as Markdown tables.
/// </summary>
public sealed class BenchReport
{
    /// <summary>The JSON layout's version; raise it when a field changes meaning.</summary>
    public const int Schema = 1;

    public BenchReport(string tool, BenchSettings settings, IReadOnlyList<string> commandLine)
    {
        Tool = tool;
        Settings = settings;
        CommandLine = commandLine;
        StartedUtc = DateTime.UtcNow;
    }

    public string Tool { get; }
    public BenchSettings Settings { get; }
    public IReadOnlyList<string> CommandLine { get; }
    public DateTime StartedUtc { get; }

    /// <summary>The device's measured limits; null when the calibration could not run (<see cref="PeakError"/> says why).</summary>
    public VulkanPeak? Peak { get; set; }
    public string? PeakError { get; set; }
    public List<BenchRow> Rows { get; } = new();
    public List<BenchSkip> Skipped { get; } = new();

    /// <summary>Derives every row's flop rate, fraction of peak, floor and ratios to the EASU-style shader and ONNX Runtime on its case.</summary>
    public void Complete()
    {
        foreach (BenchRow row in Rows)
        {
            row.GflopPerSecond = row.Flop is double flop && row.Milliseconds > 0 ? flop / (row.Milliseconds / 1000.0) / 1e9 : null;
            row.FractionOfPeak = null;
            row.FloorMilliseconds = null;
            row.PeakUsed = null;
            if (row.Method == BenchRow.Ctmsr && Peak != null)
            {
                bool fp16 = row.Precision == "fp16" && Peak.Fp16GflopPerSecond.HasValue;
                double peak = Peak.PeakFor(fp16);
                row.PeakUsed = fp16 ? "fp16" : "fp32";
                if (row.GflopPerSecond is double g) row.FractionOfPeak = g / peak;
                if (row.Flop is double f) row.FloorMilliseconds = f / (peak * 1e9) * 1000.0;
            }
            row.TimesEasu = null;
            row.TimesOnnxRuntime = null;
            if (row.Method == BenchRow.Easu) continue;
            BenchRow? easu = Rows.FirstOrDefault(r => r.Method == BenchRow.Easu && r.Case == row.Case);
            if (easu != null)
            {
                bool bothGpu = row.Gpu is { P50: > 0 } && easu.Gpu is { P50: > 0 };
                double mine = bothGpu ? row.Gpu!.Value.P50 : row.Host.P50, theirs = bothGpu ? easu.Gpu!.Value.P50 : easu.Host.P50;
                if (theirs > 0) row.TimesEasu = mine / theirs;
            }
            if (row.Method == BenchRow.Ctmsr)
            {
                BenchRow? ort = Rows.FirstOrDefault(r => r.Method == BenchRow.OnnxRuntime && r.Case == row.Case && r.Model == row.Model);
                if (ort != null && ort.Host.P50 > 0) row.TimesOnnxRuntime = row.Host.P50 / ort.Host.P50;
            }
        }
    }

    /// <summary>The share of the peak a stage's flop rate reaches, for the row's precision; null without a flop count or peak.</summary>
    public double? StageFraction(BenchRow row, BenchStage stage) =>
        stage.GflopPerSecond is double g && Peak != null ? g / Peak.PeakFor(row.Precision == "fp16") : null;

    // ---- JSON ----

    /// <summary>Writes the report as indented JSON (UTF-8).</summary>
    public void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("tool", Tool);
        w.WriteNumber("schema", Schema);
        w.WriteString("started_utc", StartedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteStartArray("command");
        foreach (string a in CommandLine) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteStartObject("host");
        w.WriteString("os", RuntimeInformation.OSDescription);
        w.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        w.WriteNumber("processors", Environment.ProcessorCount);
        w.WriteEndObject();
        w.WriteStartObject("settings");
        w.WriteNumber("frames", Settings.Frames);
        w.WriteNumber("warmup", Settings.Warmup);
        Number(w, "max_seconds_per_row", double.IsPositiveInfinity(Settings.MaxSecondsPerRow) ? null : Settings.MaxSecondsPerRow);
        w.WriteNumber("min_frames", Settings.MinFrames);
        w.WriteEndObject();

        if (Peak == null)
        {
            w.WriteNull("device");
            w.WriteNull("peak");
        }
        else
        {
            w.WriteStartObject("device");
            w.WriteString("name", Peak.DeviceName);
            w.WriteString("type", Peak.DeviceType);
            w.WriteBoolean("is_cpu", Peak.IsCpu);
            w.WriteString("driver", Peak.Driver);
            w.WriteString("api_version", Peak.ApiVersion);
            w.WriteBoolean("fp16_backend", Peak.SupportsFp16Backend);
            w.WriteBoolean("timestamps", Peak.Timestamps);
            w.WriteEndObject();
            w.WriteStartObject("peak");
            Number(w, "fp32_gflops", Peak.Fp32GflopPerSecond);
            Number(w, "fp16_gflops", Peak.Fp16GflopPerSecond);
            String(w, "fp16_absent", Peak.Fp16Absent);
            Number(w, "bandwidth_gbps", Peak.BandwidthGBPerSecond);
            w.WriteNumber("bandwidth_buffer_bytes", Peak.BandwidthBufferBytes);
            w.WriteNumber("repetitions", Peak.Repetitions);
            w.WriteEndObject();
        }
        String(w, "peak_error", PeakError);

        w.WriteStartArray("rows");
        foreach (BenchRow r in Rows) WriteRow(w, r);
        w.WriteEndArray();
        w.WriteStartArray("skipped");
        foreach (BenchSkip s in Skipped)
        {
            w.WriteStartObject();
            w.WriteString("case", s.Case.ToString());
            w.WriteString("method", s.Method);
            String(w, "model", s.Model);
            String(w, "precision", s.Precision);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The JSON of <see cref="WriteJson"/> as a string.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        WriteJson(ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private void WriteRow(Utf8JsonWriter w, BenchRow r)
    {
        w.WriteStartObject();
        w.WriteString("method", r.Method);
        w.WriteString("case", r.Case.ToString());
        Size(w, "render", r.Case.Render);
        Size(w, "display", r.Case.Display);
        String(w, "model", r.Model);
        String(w, "preset", r.Preset);
        Number(w, "mac_per_px", r.MacPerPixel);
        w.WriteNumber("scale", r.Scale);
        String(w, "precision", r.Precision);
        w.WriteString("backend", r.Backend);
        w.WriteString("reason", r.Reason);
        w.WriteNumber("frames", r.Frames);
        Stats(w, "host_ms", r.Host);
        if (r.Gpu is LatencyStatistics g) Stats(w, "gpu_ms", g);
        else w.WriteNull("gpu_ms");
        w.WriteString("time_basis", r.TimeBasis);
        Number(w, "managed_bytes_per_frame", r.ManagedBytesPerFrame);
        Number(w, "flop_per_frame", r.Flop);
        Number(w, "gflops", r.GflopPerSecond);
        Number(w, "fraction_of_peak", r.FractionOfPeak);
        String(w, "peak_used", r.PeakUsed);
        Number(w, "floor_ms", r.FloorMilliseconds);
        Number(w, "x_easu", r.TimesEasu);
        Number(w, "x_onnxruntime", r.TimesOnnxRuntime);
        w.WriteStartArray("stages");
        foreach (BenchStage s in r.Stages)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            if (s.Layer is int layer) w.WriteNumber("layer", layer);
            else w.WriteNull("layer");
            Stats(w, "gpu_ms", s.Gpu);
            Number(w, "flop", s.Flop);
            Number(w, "gflops", s.GflopPerSecond);
            Number(w, "fraction_of_peak", StageFraction(r, s));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Stats(Utf8JsonWriter w, string name, LatencyStatistics s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", s.Count);
        Number(w, "mean", s.Mean);
        Number(w, "p50", s.P50);
        Number(w, "p95", s.P95);
        Number(w, "p99", s.P99);
        Number(w, "max", s.Max);
        w.WriteEndObject();
    }

    private static void Size(Utf8JsonWriter w, string name, Ctmsr.Runtime.FrameSize size)
    {
        w.WriteStartObject(name);
        w.WriteNumber("width", size.Width);
        w.WriteNumber("height", size.Height);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 6));
        else w.WriteNull(name);
    }

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value != null) w.WriteString(name, value);
        else w.WriteNull(name);
    }

    // ---- tables ----

    /// <summary>Writes the peak line, the rows table and the GPU stage table as Markdown.</summary>
    public void WriteTables(TextWriter o)
    {
        if (Peak != null)
        {
            o.WriteLine(Inv($"device: {Peak.DeviceName} ({Peak.DeviceType}), driver {Peak.Driver}, Vulkan {Peak.ApiVersion}"));
            string fp16 = Peak.Fp16GflopPerSecond is double f ? Inv($"{f:0.0} GFLOP/s") : "none (" + Peak.Fp16Absent + ")";
            o.WriteLine(Inv($"measured peak (the better of two medians bracketing the rows, {Peak.Repetitions} runs in all, {(Peak.Timestamps ? "GPU timestamps" : "host time: no timestamps")}): ") +
                            Inv($"fp32 FMA {Peak.Fp32GflopPerSecond:0.0} GFLOP/s, fp16 FMA {fp16}, copy bandwidth {Peak.BandwidthGBPerSecond:0.0} GB/s"));
        }
        else if (PeakError != null) o.WriteLine("measured peak: none (" + PeakError + ")");
        o.WriteLine();
        o.WriteLine("| case | method | model | precision | frames | host p50 ms | GPU p50 ms | MAC/px | GFLOP/s | of peak | floor ms | x EASU | x ORT |");
        o.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (BenchRow r in Rows)
        {
            o.WriteLine(Inv($"| {r.Case} | {MethodName(r)} | {r.Model ?? "-"} | {r.Precision ?? "-"} | {r.Frames} | {Ms(r.Host.P50)} | ") +
                            Inv($"{(r.Gpu is { P50: > 0 } g ? Ms(g.P50) : "-")} | {(r.MacPerPixel is double mac ? mac.ToString("0", CultureInfo.InvariantCulture) : "-")} | ") +
                            Inv($"{Opt(r.GflopPerSecond, "0.0")} | {Percent(r.FractionOfPeak)} | {(r.FloorMilliseconds is double fl ? Ms(fl) : "-")} | ") +
                            Inv($"{Ratio(r.TimesEasu)} | {Ratio(r.TimesOnnxRuntime)} |"));
        }
        foreach (BenchSkip s in Skipped)
            o.WriteLine($"skipped: {s.Case} {s.Method}{(s.Model != null ? " " + s.Model : "")}{(s.Precision != null ? " " + s.Precision : "")}: {s.Reason}");

        if (!Rows.Any(r => r.Stages.Count > 0)) return;
        o.WriteLine();
        o.WriteLine("GPU stages (timestamp queries, p50 over the timed frames; GFLOP/s and share of the measured peak for convolutions):");
        o.WriteLine();
        o.WriteLine("| case | method | model | precision | stage | GPU p50 ms | share of GPU time | GFLOP/s | of peak |");
        o.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (BenchRow r in Rows)
        {
            double total = r.Gpu is { P50: > 0 } g ? g.P50 : 0;
            foreach (BenchStage s in r.Stages)
            {
                string stage = s.Layer is int l && s.Name == "body" ? Inv($"body layer {l}") : s.Name;
                o.WriteLine(Inv($"| {r.Case} | {MethodName(r)} | {r.Model ?? "-"} | {r.Precision ?? "-"} | {stage} | {Ms(s.Gpu.P50)} | ") +
                                Inv($"{(total > 0 ? Percent(s.Gpu.P50 / total) : "-")} | {Opt(s.GflopPerSecond, "0.0")} | {Percent(StageFraction(r, s))} |"));
            }
        }
    }

    /// <summary>A row's method as tables name it.</summary>
    public static string MethodName(BenchRow r) => r.Method switch
    {
        BenchRow.Ctmsr => "CTMSR (Vulkan)",
        BenchRow.Easu => "EASU-style (Vulkan)",
        BenchRow.OnnxRuntime => $"CTMSR (ONNX Runtime {r.Backend})",
        BenchRow.BicubicGraph => $"bicubic graph (ONNX Runtime {r.Backend})",
        _ => r.Method,
    };

    /// <summary>Milliseconds with three significant figures or so.</summary>
    public static string Ms(double v) => v.ToString(v >= 100 ? "0" : v >= 10 ? "0.0" : v >= 0.1 ? "0.00" : "0.0000", CultureInfo.InvariantCulture);

    private static string Percent(double? f) => f is double v ? (100 * v).ToString(v >= 0.1 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " %" : "-";
    private static string Ratio(double? r) => r is double v ? v.ToString(v >= 100 ? "0" : v >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "x" : "-";
    private static string Opt(double? v, string format) => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "-";
    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
