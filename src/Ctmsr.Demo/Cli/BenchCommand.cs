using System.CommandLine;
using System.Globalization;
using Ctmsr.Demo.Imaging;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Demo.Cli;

/// <summary>
/// <c>ctmsr-demo bench [--model M] [--frames N] [--backend B] [--vulkan]</c>: times an upscaler context on generated
/// frames at 480x270 -> 960x540 and 960x540 -> 1920x1080, for the model and for a bicubic-only frame graph in the same
/// run, and with <c>--vulkan</c> the model on the Vulkan compute backend too (ratio against the ONNX Runtime model).
/// </summary>
public static class BenchCommand
{
    /// <summary>The (render, display) sizes measured.</summary>
    public static readonly (FrameSize Render, FrameSize Display)[] Cases =
    {
        (new FrameSize(480, 270), new FrameSize(960, 540)),
        (new FrameSize(960, 540), new FrameSize(1920, 1080)),
    };

    public static Command Create()
    {
        var model = BackendOptions.Model();
        var backend = BackendOptions.Backend();
        var threads = BackendOptions.Threads();
        var frames = new Option<int>("--frames") { Description = "Timed frames per case.", DefaultValueFactory = _ => 100 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed frames first.", DefaultValueFactory = _ => 5 };
        var csv = new Option<string?>("--csv") { Description = "Folder for per-frame CSV and summary JSON of each case." };
        var small = new Option<bool>("--small") { Description = "Only the 480x270 -> 960x540 case." };
        var vulkan = new Option<bool>("--vulkan") { Description = "Also time the model on the Vulkan backend (any device, a CPU driver included)." };
        var precision = new Option<VulkanPrecision>("--precision") { Description = "Vulkan number format: Auto, Fp32 or Fp16.", DefaultValueFactory = _ => VulkanPrecision.Auto };
        var large = new Option<bool>("--large") { Description = "Also 1920x1080 -> 3840x2160." };

        var cmd = new Command("bench", "Time the upscaler context (model vs bicubic-only graph) on generated frames.");
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
        cmd.SetAction(new Func<ParseResult, int>(pr => Run(pr.GetValue(model), pr.GetValue(backend), pr.GetValue(threads),
            pr.GetValue(frames), pr.GetValue(warmup), pr.GetValue(csv), pr.GetValue(small), pr.GetValue(large),
            pr.GetValue(vulkan) ? pr.GetValue(precision) : null)));
        return cmd;
    }

    /// <summary>One measured case.</summary>
    public sealed record Result(string Graph, FrameSize Render, FrameSize Display, LatencyStatistics Total,
        LatencyStatistics Inference, double MacPerPixel, double GflopPerSecond, double ManagedBytesPerFrame, string Backend,
        LatencyStatistics GpuTotal, string Reason);

    /// <summary>The extra case of <c>--large</c>.</summary>
    public static readonly (FrameSize Render, FrameSize Display) LargeCase = (new FrameSize(1920, 1080), new FrameSize(3840, 2160));

    public static IReadOnlyList<Result> Measure(CtmsrModel model, UpscalerBackend backend, int threads, int frames, int warmup,
        string? csvFolder, bool smallOnly, bool large = false, VulkanPrecision? vulkan = null)
    {
        if (frames < 1 || frames > 100000) throw new DemoException($"--frames must be 1..100000; got {frames}");
        if (warmup < 0) throw new DemoException($"--warmup must be >= 0; got {warmup}");
        CtmsrModel bicubic = CtmsrModel.Bicubic(model.Scale);
        var results = new List<Result>();
        var cases = (smallOnly ? Cases.Take(1) : Cases).ToList();
        if (large) cases.Add(LargeCase);
        foreach (var (render, display) in cases)
        {
            RgbaImage frame = MakeSampleCommand.Render(render.Width, render.Height);
            var output = new byte[4 * display.Width * display.Height];
            var runs = new List<(CtmsrModel Model, string Name, UpscalerBackend Backend)> { (model, "model", backend), (bicubic, "bicubic", backend) };
            if (vulkan != null) runs.Add((model, "model", UpscalerBackend.Vulkan));
            foreach (var (m, name, runBackend) in runs)
            {
                UpscalerContext context;
                try
                {
                    context = UpscalerContext.Create(new UpscalerContextDescription
                    {
                        Model = m, RenderWidth = render.Width, RenderHeight = render.Height,
                        DisplayWidth = display.Width, DisplayHeight = display.Height,
                        Backend = runBackend, ThreadCount = threads, ProfilerCapacity = frames,
                        VulkanPrecision = vulkan ?? VulkanPrecision.Auto,
                    });
                }
                catch (NotSupportedException ex) when (runBackend == UpscalerBackend.Vulkan)
                {
                    throw new DemoException("--vulkan: " + ex.Message);
                }
                using var owned = context;
                for (int i = 0; i < warmup; i++) context.Dispatch(frame.Pixels, frame.Stride, output, 4 * display.Width);
                context.Reset();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < frames; i++) context.Dispatch(frame.Pixels, frame.Stride, output, 4 * display.Width);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

                LatencyProfiler profiler = context.Profiler!;
                LatencyStatistics total = profiler.Statistics(DispatchStage.Total);
                double mac = m.MacPerPixel ?? 0;
                // MAC/px counts the model's output pixels (render x scale); 2 FLOP per MAC.
                double modelPixels = (double)render.Width * m.Scale * render.Height * m.Scale;
                double gflops = total.P50 > 0 ? 2 * mac * modelPixels / (total.P50 / 1000.0) / 1e9 : 0;
                results.Add(new Result(name, render, display, total, profiler.Statistics(DispatchStage.Inference), mac, gflops,
                    (double)allocated / frames, context.Backend.ToString(), profiler.Statistics(DispatchStage.GpuTotal), context.BackendReason));
                if (csvFolder != null)
                {
                    Directory.CreateDirectory(csvFolder);
                    string stem = Path.Combine(csvFolder, $"{name}{(context.Backend == UpscalerBackend.Vulkan ? "-vulkan" : "")}-{render}-{display}");
                    File.WriteAllText(stem + ".csv", profiler.ToCsv());
                    File.WriteAllText(stem + ".json", profiler.ToJson());
                }
            }
        }
        return results;
    }

    private static int Run(string? modelPath, UpscalerBackend backend, int threads, int frames, int warmup, string? csv, bool small,
        bool large, VulkanPrecision? vulkan)
    {
        // Every case is a ratio of 2: without --model that picks the x2 model.
        CtmsrModel model = ModelLocator.Load(modelPath, Cases[0].Render, Cases[0].Display);
        Console.WriteLine($"bench: {model}, {frames} frames per case after {warmup} warm-up, threads {(threads == 0 ? "auto" : threads.ToString(CultureInfo.InvariantCulture))}");
        IReadOnlyList<Result> results = Measure(model, backend, threads, frames, warmup, csv, small, large, vulkan);
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Result r in results) reasons.Add($"{r.Backend}: {r.Reason}");
        foreach (string reason in reasons) Console.WriteLine("backend " + reason);
        Console.WriteLine("| case | graph | backend | p50 ms | p95 ms | p99 ms | mean ms | p50 ratio | GPU p50 ms | MAC/px | GFLOP/s | managed B/frame |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        int perCase = vulkan != null ? 3 : 2;
        for (int i = 0; i < results.Count; i++)
        {
            Result r = results[i];
            int first = i - i % perCase;
            // The ONNX Runtime model is compared with the bicubic-only graph; the Vulkan model with the ONNX Runtime model.
            string ratio = i % perCase == 0 ? (r.Total.P50 / results[first + 1].Total.P50).ToString("0.00", CultureInfo.InvariantCulture) + "x vs bicubic"
                : i % perCase == 2 ? (r.Total.P50 / results[first].Total.P50).ToString("0.00", CultureInfo.InvariantCulture) + "x vs ORT model"
                : "";
            string gpu = r.GpuTotal.Count > 0 && r.GpuTotal.P50 > 0 ? r.GpuTotal.P50.ToString("0.00", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Render} -> {r.Display} | {r.Graph} | {r.Backend} | {r.Total.P50:0.00} | {r.Total.P95:0.00} | {r.Total.P99:0.00} | " +
                $"{r.Total.Mean:0.00} | {ratio} | {gpu} | {r.MacPerPixel:0} | {r.GflopPerSecond:0.0} | {r.ManagedBytesPerFrame:0} |"));
        }
        return 0;
    }
}
