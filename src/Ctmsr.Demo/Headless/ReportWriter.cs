using System.Globalization;
using System.Text;
using System.Text.Json;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.IO;

namespace Ctmsr.Demo.Headless;

/// <summary>Writes latency.csv/.json/.png, quality.csv (with ground truth) and report.md, and formats the tables.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions IndentedJson = new JsonSerializerOptions { WriteIndented = true };

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteAll(HeadlessReport r, string outDir)
    {
        Write(r, Path.Combine(outDir, "latency.csv"), LatencyCsv(r));
        Write(r, Path.Combine(outDir, "latency.json"), LatencyJson(r));
        string plot = Path.Combine(outDir, "latency.png");
        LatencyPlot.Write(r, plot);
        r.Files.Add(plot);
        if (r.Quality.Count > 0) Write(r, Path.Combine(outDir, "quality.csv"), QualityCsv(r));
        Write(r, Path.Combine(outDir, "report.md"), Markdown(r));
    }

    private static void Write(HeadlessReport r, string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        r.Files.Add(path);
    }

    public static string LatencyCsv(HeadlessReport r)
    {
        var sb = new StringBuilder("index,scene_frame,method,render_ms,upscale_ms,frame_ms,render_gpu_ms,upscale_gpu_ms\n");
        foreach (LatencySample s in r.Latency)
            sb.Append(Inv, $"{s.Index},{s.SceneFrame},{UpscaleMethods.Key(s.Method)},{Num(s.RenderMs)},{Num(s.UpscaleMs)},{Num(s.FrameMs)},{Num(s.RenderGpuMs)},{Num(s.UpscaleGpuMs)}\n");
        return sb.ToString();
    }

    public static string QualityCsv(HeadlessReport r)
    {
        var sb = new StringBuilder("index,scene_frame,method,psnr_y_db,ssim_y,temporal_error\n");
        foreach (QualitySample q in r.Quality)
            sb.Append(Inv, $"{q.Index},{q.SceneFrame},{UpscaleMethods.Key(q.Method)},{Num(q.PsnrY)},{Num(q.SsimY)},{Num(q.Temporal)}\n");
        return sb.ToString();
    }

    public static string LatencyJson(HeadlessReport r)
    {
        var methods = r.Methods.Select(m =>
        {
            var s = r.Latency.Where(x => x.Method == m.Method).ToList();
            return new Dictionary<string, object?>
            {
                ["method"] = UpscaleMethods.Key(m.Method),
                ["name"] = UpscaleMethods.DisplayName(m.Method),
                ["device"] = m.Device,
                ["frames"] = s.Count,
                ["render_ms"] = Stats(s.Select(x => x.RenderMs).ToList()),
                ["upscale_ms"] = Stats(s.Select(x => x.UpscaleMs).ToList()),
                ["frame_ms"] = Stats(s.Select(x => x.FrameMs).ToList()),
                ["render_gpu_ms"] = Stats(s.Select(x => x.RenderGpuMs).ToList()),
                ["upscale_gpu_ms"] = Stats(s.Select(x => x.UpscaleGpuMs).ToList()),
            };
        }).ToList();
        var root = new Dictionary<string, object?>
        {
            ["device"] = r.DeviceName,
            ["gpu_timestamps"] = r.GpuTimestamps,
            ["render_size"] = r.Options.Render.ToString(),
            ["display_size"] = r.Options.Display.ToString(),
            ["mode"] = r.Options.ModeName,
            ["ratio"] = r.Options.Ratio,
            ["ssaa"] = r.Options.Supersampling,
            ["methods"] = methods,
            ["unavailable"] = r.Unavailable.Select(u => new Dictionary<string, string> { ["method"] = UpscaleMethods.Key(u.Method), ["reason"] = u.Reason }).ToList(),
        };
        return JsonSerializer.Serialize(root, IndentedJson) + "\n";
    }

    private static Dictionary<string, double?> Stats(IReadOnlyList<double> v) => new()
    {
        ["p50"] = Nullable(Statistics.Percentile(v, 50)),
        ["p95"] = Nullable(Statistics.Percentile(v, 95)),
        ["p99"] = Nullable(Statistics.Percentile(v, 99)),
        ["mean"] = Nullable(Statistics.Mean(v)),
        ["max"] = Nullable(v.Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Max()),
    };

    private static double? Nullable(double v) => double.IsNaN(v) || double.IsInfinity(v) ? null : Math.Round(v, 4);

    public static string LatencyTable(HeadlessReport r)
    {
        var sb = new StringBuilder();
        sb.Append("| method | runs on | upscale p50 ms | p95 | p99 | frame p50 ms | p95 | p99 | upscale GPU timestamps p50 ms |\n");
        sb.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var (m, device) in r.Methods)
        {
            var s = r.Latency.Where(x => x.Method == m).ToList();
            var up = s.Select(x => x.UpscaleMs).ToList();
            var fr = s.Select(x => x.FrameMs).ToList();
            sb.Append(Inv, $"| {UpscaleMethods.DisplayName(m)} | {device} | {F(Statistics.Percentile(up, 50))} | {F(Statistics.Percentile(up, 95))} | {F(Statistics.Percentile(up, 99))} | ");
            sb.Append(Inv, $"{F(Statistics.Percentile(fr, 50))} | {F(Statistics.Percentile(fr, 95))} | {F(Statistics.Percentile(fr, 99))} | {F(Statistics.Percentile(s.Select(x => x.UpscaleGpuMs).ToList(), 50))} |\n");
        }
        foreach (var (m, reason) in r.Unavailable) sb.Append($"| {UpscaleMethods.DisplayName(m)} | unavailable: {reason} | | | | | | | |\n");
        return sb.ToString();
    }

    public static string QualityTable(HeadlessReport r)
    {
        var sb = new StringBuilder();
        sb.Append("| method | PSNR-Y dB (mean) | SSIM-Y (mean) | temporal error (mean, luma units) | frames |\n");
        sb.Append("| --- | --- | --- | --- | --- |\n");
        foreach (var (m, _) in r.Methods)
        {
            var q = r.Quality.Where(x => x.Method == m).ToList();
            sb.Append(Inv, $"| {UpscaleMethods.DisplayName(m)} | {F(Statistics.Mean(q.Select(x => x.PsnrY)))} | {Statistics.Mean(q.Select(x => x.SsimY)):0.0000} | ");
            sb.Append(Inv, $"{(q.Count > 1 ? Statistics.Mean(q.Select(x => x.Temporal)).ToString("0.000", Inv) : "n/a (one frame)")} | {q.Count} |\n");
        }
        return sb.ToString();
    }

    public static string Markdown(HeadlessReport r)
    {
        HeadlessOptions o = r.Options;
        var sb = new StringBuilder();
        sb.Append(Inv, $"# Ctmsr demo: headless report\n\n");
        sb.Append(Inv, $"Device: {r.DeviceName} (GPU timestamps: {(r.GpuTimestamps ? "yes" : "no")}). {o.Frames} frames of the camera flight from frame {o.StartFrame}, step {o.FrameStep}; ");
        sb.Append(Inv, $"render {o.Render} -> display {o.Display} ({o.ModeName}, ratio {o.Ratio:0.###}), supersampling {o.Supersampling}x{o.Supersampling}.\n\n");
        sb.Append("Latency: render = the scene draw and copy-out, upscale = the method, frame = both; host wall clock around each ");
        sb.Append("synchronous step (GPU submit + wait, or UpscalerContext.Dispatch for CTMSR), so every method is on the same clock. ");
        sb.Append("The GPU-timestamp column is what the queue's timestamp queries report (n/a for host work; lavapipe's do not cover compute work faithfully).\n\n");
        sb.Append(LatencyTable(r));
        if (r.Quality.Count > 0)
        {
            sb.Append(Inv, $"\nAgainst the display-resolution render (BT.601 luma, border of {o.Crop} px cropped). Temporal error = mean |(SR_t - SR_t-1) - (GT_t - GT_t-1)| on luma.\n\n");
            sb.Append(QualityTable(r));
        }
        return sb.ToString();
    }

    private static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("0.####", Inv);

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", Inv);
}
