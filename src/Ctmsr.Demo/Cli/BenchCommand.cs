using System.CommandLine;
using System.Globalization;
using Ctmsr.Bench;
using Ctmsr.Demo.Imaging;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Vulkan;
using Ctmsr.Demo.IO;

namespace Ctmsr.Demo.Cli;

/// <summary>
/// <c>ctmsr-demo bench [--model M] [--frames N] [--backend B] [--vulkan [--device NAME]] [--json FILE]</c>: times an
/// upscaler context on generated frames at 480x270 -> 960x540 and 960x540 -> 1920x1080, for the model and for a
/// bicubic-only frame graph in the same run. With <c>--vulkan</c> it first measures the Vulkan device's own limits
/// (<see cref="VulkanCalibration"/>), then adds per case the model on the Vulkan compute backend and the EASU-style
/// shader on the same device, and reports each Vulkan row against the measured peak, the EASU-style shader and ONNX
/// Runtime, with the GPU time of every stage (Ctmsr.Bench, shared with ctmsr-gpubench).
/// </summary>
public static class BenchCommand
{
    /// <summary>The (render, display) sizes measured.</summary>
    public static readonly (FrameSize Render, FrameSize Display)[] Cases =
    {
        (new FrameSize(480, 270), new FrameSize(960, 540)),
        (new FrameSize(960, 540), new FrameSize(1920, 1080)),
    };

    /// <summary>The extra case of <c>--large</c>.</summary>
    public static readonly (FrameSize Render, FrameSize Display) LargeCase = (new FrameSize(1920, 1080), new FrameSize(3840, 2160));

    public static Command Create()
    {
        var model = BackendOptions.Model();
        var backend = BackendOptions.Backend();
        var threads = BackendOptions.Threads();
        var frames = new Option<int>("--frames") { Description = "Timed frames per case.", DefaultValueFactory = _ => 100 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed frames first.", DefaultValueFactory = _ => 5 };
        var csv = new Option<string?>("--csv") { Description = "Folder for per-frame CSV and summary JSON of each case." };
        var small = new Option<bool>("--small") { Description = "Only the 480x270 -> 960x540 case." };
        var vulkan = new Option<bool>("--vulkan")
        {
            Description = "Also measure the Vulkan device's peak (fp32/fp16 FMA, bandwidth), then time the model on the Vulkan backend " +
                          "and the EASU-style shader on it (any device, a CPU driver included), with per-stage GPU times.",
        };
        var precision = new Option<VulkanPrecision>("--precision") { Description = "Vulkan number format: Auto, Fp32 or Fp16.", DefaultValueFactory = _ => VulkanPrecision.Auto };
        var device = new Option<string?>("--device") { Description = "With --vulkan: the Vulkan device whose name contains this (default: a GPU before a CPU driver)." };
        var large = new Option<bool>("--large") { Description = "Also 1920x1080 -> 3840x2160." };
        var json = new Option<string?>("--json") { Description = "Write everything measured (device, peaks, every row and stage) as JSON to this file." };

        var cmd = new Command("bench", "Time the upscaler context (model vs bicubic-only graph, and with --vulkan against the device's measured peak).");
        cmd.Options.Add(model);
        cmd.Options.Add(backend);
        cmd.Options.Add(threads);
        cmd.Options.Add(frames);
        cmd.Options.Add(warmup);
        cmd.Options.Add(csv);
        cmd.Options.Add(small);
        cmd.Options.Add(large);
        cmd.Options.Add(vulkan);
        cmd.Options.Add(precision);
        cmd.Options.Add(device);
        cmd.Options.Add(json);
        cmd.SetAction(new Func<ParseResult, int>(pr => Run(pr.Tokens.Select(t => t.Value).ToArray(), pr.GetValue(model), pr.GetValue(backend),
            pr.GetValue(threads), pr.GetValue(frames), pr.GetValue(warmup), pr.GetValue(csv), pr.GetValue(small), pr.GetValue(large),
            pr.GetValue(vulkan) ? pr.GetValue(precision) : null, pr.GetValue(device), pr.GetValue(json))));
        return cmd;
    }

    /// <summary>
    /// Times every case: the model and the bicubic-only graph on <paramref name="backend"/>, and with
    /// <paramref name="vulkan"/> the device's peak first, then the model on the Vulkan backend and the EASU-style shader.
    /// The report's rows come in that order per case and are <see cref="BenchReport.Complete"/>d.
    /// </summary>
    public static BenchReport Measure(CtmsrModel model, UpscalerBackend backend, int threads, int frames, int warmup,
        string? csvFolder, bool smallOnly, bool large = false, VulkanPrecision? vulkan = null, string? deviceName = null,
        IReadOnlyList<string>? commandLine = null)
    {
        if (frames < 1 || frames > 100000) throw new DemoException($"--frames must be 1..100000; got {frames}");
        if (warmup < 0) throw new DemoException($"--warmup must be >= 0; got {warmup}");
        var settings = new BenchSettings(frames, warmup, MinFrames: frames);
        var report = new BenchReport("ctmsr-demo bench", settings, commandLine ?? Array.Empty<string>());
        string label = ModelLabel(model);
        if (vulkan != null)
        {
            try
            {
                report.Peak = VulkanCalibration.Measure(deviceName);
                deviceName = report.Peak.DeviceName; // every Vulkan row on exactly the device measured
            }
            catch (VulkanUnavailableException ex)
            {
                throw new DemoException("--vulkan: " + ex.Message, DemoException.NoDevice);
            }
        }

        CtmsrModel bicubic = CtmsrModel.Bicubic(model.Scale);
        var cases = (smallOnly ? Cases.Take(1) : Cases).ToList();
        if (large) cases.Add(LargeCase);
        foreach (var (render, display) in cases)
        {
            var benchCase = new BenchCase(render, display);
            RgbaImage frame = MakeSampleCommand.Render(render.Width, render.Height);
            report.Rows.Add(TimeContext(model, label, bicubicGraph: false, benchCase, frame, backend, threads, settings, csvFolder));
            report.Rows.Add(TimeContext(bicubic, "bicubic", bicubicGraph: true, benchCase, frame, backend, threads, settings, csvFolder));
            if (vulkan == null) continue;
            try
            {
                report.Rows.Add(CtmsrVulkanBench.Time(model, label, benchCase, vulkan.Value, deviceName, frame.Pixels, settings,
                    csvFolder == null ? null : p => Export(p, csvFolder, $"model-vulkan-{render}-{display}")));
            }
            catch (NotSupportedException ex)
            {
                throw new DemoException("--vulkan: " + ex.Message);
            }
            report.Rows.Add(EasuBench.Time(benchCase, deviceName, frame.Pixels, settings));
        }
        // The peak again after the rows, the better of the two kept: the rows are bracketed by measurements of the limit.
        if (report.Peak != null) report.Peak = report.Peak.Best(VulkanCalibration.Measure(deviceName));
        report.Complete();
        return report;
    }

    /// <summary>"ctmsr-x2.onnx" for a file, the source as given otherwise.</summary>
    public static string ModelLabel(CtmsrModel model)
    {
        string name = Path.GetFileName(model.Source);
        return name.Length > 0 ? name : model.Source;
    }

    private static BenchRow TimeContext(CtmsrModel m, string label, bool bicubicGraph, BenchCase benchCase, RgbaImage frame, UpscalerBackend backend, int threads,
        BenchSettings settings, string? csvFolder)
    {
        FrameSize render = benchCase.Render, display = benchCase.Display;
        using UpscalerContext context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = m, RenderWidth = render.Width, RenderHeight = render.Height,
            DisplayWidth = display.Width, DisplayHeight = display.Height,
            Backend = backend, ThreadCount = threads, ProfilerCapacity = settings.Frames,
        });
        var output = new byte[4 * display.Width * display.Height];
        for (int i = 0; i < settings.Warmup; i++) context.Dispatch(frame.Pixels, frame.Stride, output, 4 * display.Width);
        context.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < settings.Frames; i++) context.Dispatch(frame.Pixels, frame.Stride, output, 4 * display.Width);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        LatencyProfiler profiler = context.Profiler!;
        bool onVulkan = context.Backend == UpscalerBackend.Vulkan;
        string name = bicubicGraph ? "bicubic" : "model";
        if (csvFolder != null) Export(profiler, csvFolder, $"{name}{(onVulkan ? "-vulkan" : "")}-{render}-{display}");
        LatencyStatistics gpu = profiler.Statistics(DispatchStage.GpuTotal);
        return new BenchRow
        {
            Method = bicubicGraph ? BenchRow.BicubicGraph : onVulkan ? BenchRow.Ctmsr : BenchRow.OnnxRuntime,
            Case = benchCase,
            Model = label,
            Preset = m.Preset,
            MacPerPixel = m.MacPerPixel ?? 0,
            Scale = m.Scale,
            Precision = context.Vulkan?.Precision switch { VulkanPrecision.Fp16 => "fp16", VulkanPrecision.Fp32 => "fp32", _ => null },
            Backend = context.Backend.ToString(),
            Reason = context.BackendReason,
            Frames = profiler.Count,
            Host = profiler.Statistics(DispatchStage.Total),
            Gpu = profiler.HasGpuStages && gpu.P50 > 0 ? gpu : null,
            ManagedBytesPerFrame = (double)allocated / settings.Frames,
        };
    }

    private static void Export(LatencyProfiler profiler, string folder, string stem)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, stem);
        AtomicFile.WriteAllText(path + ".csv", profiler.ToCsv());
        AtomicFile.WriteAllText(path + ".json", profiler.ToJson());
    }

    private static int Run(string[] args, string? modelPath, UpscalerBackend backend, int threads, int frames, int warmup, string? csv, bool small,
        bool large, VulkanPrecision? vulkan, string? device, string? json)
    {
        if (device != null && vulkan == null) throw new DemoException("--device chooses the Vulkan device of --vulkan; add --vulkan");
        BackendOptions.CheckThreads(threads);
        // Every case is a ratio of 2: without --model that picks the x2 model.
        CtmsrModel model = ModelLocator.Load(modelPath, Cases[0].Render, Cases[0].Display);
        Console.WriteLine($"bench: {model}, {frames} frames per case after {warmup} warm-up, threads {(threads == 0 ? "auto" : threads.ToString(CultureInfo.InvariantCulture))}");
        var commandLine = new List<string> { "ctmsr-demo" };
        commandLine.AddRange(args);
        BenchReport report = Measure(model, backend, threads, frames, warmup, csv, small, large, vulkan, device, commandLine);

        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (BenchRow r in report.Rows)
            if (r.Method != BenchRow.Easu) reasons.Add($"{r.Backend}: {r.Reason}");
        foreach (string reason in reasons) Console.WriteLine("backend " + reason);
        WriteContextTable(report);
        if (vulkan != null)
        {
            Console.WriteLine();
            Console.WriteLine("Vulkan against the device's measured limit (GFLOP/s, of peak and floor from the GPU time where the device has " +
                              "timestamps; x EASU: time over the EASU-style shader's on the same device; x ORT: host time over the ONNX Runtime model's):");
            report.WriteTables(Console.Out);
        }
        if (json != null)
        {
            string full = Path.GetFullPath(json);
            string? dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            AtomicFile.Write(full, report.WriteJson);
            Console.WriteLine("wrote " + full);
        }
        return 0;
    }

    /// <summary>The context rows (model, bicubic graph, Vulkan model) with the ratios bench has always printed.</summary>
    private static void WriteContextTable(BenchReport report)
    {
        Console.WriteLine("| case | graph | backend | p50 ms | p95 ms | p99 ms | mean ms | p50 ratio | GPU p50 ms | MAC/px | GFLOP/s | managed B/frame |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (BenchRow r in report.Rows)
        {
            if (r.Method == BenchRow.Easu) continue;
            BenchRow? bicubic = report.Rows.FirstOrDefault(o => o.Case == r.Case && o.Method == BenchRow.BicubicGraph);
            BenchRow? contextModel = report.Rows.FirstOrDefault(o => o.Case == r.Case && o.Model == r.Model && o.Method != BenchRow.BicubicGraph);
            // The context's model is compared with the bicubic-only graph; the Vulkan model of --vulkan with the context's model.
            string ratio = r.Method == BenchRow.BicubicGraph ? ""
                : ReferenceEquals(r, contextModel) ? bicubic != null ? (r.Host.P50 / bicubic.Host.P50).ToString("0.00", CultureInfo.InvariantCulture) + "x vs bicubic" : ""
                : contextModel != null ? (r.Host.P50 / contextModel.Host.P50).ToString("0.00", CultureInfo.InvariantCulture) + "x vs ORT model" : "";
            string gpu = r.Gpu is { P50: > 0 } g ? g.P50.ToString("0.00", CultureInfo.InvariantCulture) : "";
            string graph = r.Method == BenchRow.BicubicGraph ? "bicubic" : "model";
            double gflops = r.Flop is double flop && r.Host.P50 > 0 ? flop / (r.Host.P50 / 1000.0) / 1e9 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Case} | {graph} | {r.Backend} | {r.Host.P50:0.00} | {r.Host.P95:0.00} | {r.Host.P99:0.00} | " +
                $"{r.Host.Mean:0.00} | {ratio} | {gpu} | {r.MacPerPixel ?? 0:0} | {gflops:0.0} | {r.ManagedBytesPerFrame:0} |"));
        }
    }
}
