using System.CommandLine;
using System.Globalization;
using Ctmsr.Demo.Headless;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime;

namespace Ctmsr.Demo.Cli;

/// <summary>
/// <c>ctmsr-demo view</c>: the demo scene rendered at the render size and upscaled every frame, in a window, or headless
/// (--headless, or automatically without a display) with a report folder.
/// </summary>
public static class ViewCommand
{
    public static Command Create()
    {
        var headless = new Option<bool>("--headless") { Description = "No window: render the flight offscreen and write a report (automatic without a display)." };
        var frames = new Option<int>("--frames") { Description = "Headless: frames to render.", DefaultValueFactory = _ => 60 };
        var start = new Option<long>("--start-frame") { Description = "First frame index of the flight (60 per second).", DefaultValueFactory = _ => 0 };
        var step = new Option<int>("--frame-step") { Description = "Headless: frame index step between rendered frames.", DefaultValueFactory = _ => 1 };
        var width = new Option<int>("--width") { Description = "Display width (window or headless output).", DefaultValueFactory = _ => 960 };
        var height = new Option<int>("--height") { Description = "Display height.", DefaultValueFactory = _ => 540 };
        var mode = new Option<QualityMode?>("--mode") { Description = "Quality mode (UltraQuality 1.3, Quality 1.5, Balanced 1.7, Performance 2, UltraPerformance 3). Default Performance." };
        var ratio = new Option<double?>("--ratio") { Description = "Any display/render ratio from 1 to 4 instead of a mode." };
        var methods = new Option<string>("--methods") { Description = $"Comma-separated methods: {UpscaleMethods.KeyList}.", DefaultValueFactory = _ => string.Join(",", UpscaleMethods.All.Select(UpscaleMethods.Key)) };
        var model = BackendOptions.Model();
        var backend = new Option<UpscalerBackend>("--backend", "--provider") { Description = "ONNX Runtime device of CTMSR (ONNX): Cpu, Cuda or Auto.", DefaultValueFactory = _ => UpscalerBackend.Cpu };
        var threads = BackendOptions.Threads();
        var groundTruth = new Option<bool>("--ground-truth") { Description = "Headless: also render the display size and score every method (PSNR-Y, SSIM-Y, temporal error)." };
        var output = new Option<string>("--out") { Description = "Headless: report folder.", DefaultValueFactory = _ => "demo-report" };
        var save = new Option<string>("--save-frames") { Description = "Headless: comma-separated run indices to write as PNG ('last' allowed); the last makes the contact sheet.", DefaultValueFactory = _ => "0,last" };
        var mipBias = new Option<float?>("--mip-bias") { Description = "Texture mip bias of the low-resolution render (default: log2(render/display) from the runtime, e.g. -1 at ratio 2)." };
        var warmup = new Option<int>("--warmup") { Description = "Headless: untimed passes of each method first.", DefaultValueFactory = _ => 1 };

        var cmd = new Command("view", "Render the demo scene at low resolution and upscale it every frame: a window, or headless with a report.\n" + KeyHelp);
        foreach (Option opt in new Option[] { headless, frames, start, step, width, height, mode, ratio, methods, model, backend, threads, groundTruth, output, save, warmup, mipBias })
            cmd.Options.Add(opt);
        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            if (pr.GetValue(mode).HasValue && pr.GetValue(ratio).HasValue) throw new DemoException("give --mode or --ratio, not both");
            double r = pr.GetValue(ratio) ?? QualityModes.Ratio(pr.GetValue(mode) ?? QualityMode.Performance);
            string modeName = pr.GetValue(ratio).HasValue ? "ratio" : (pr.GetValue(mode) ?? QualityMode.Performance).ToString();
            int n = pr.GetValue(frames);
            var options = new HeadlessOptions
            {
                Display = new FrameSize(pr.GetValue(width), pr.GetValue(height)),
                Ratio = r,
                ModeName = modeName,
                Frames = n,
                StartFrame = pr.GetValue(start),
                FrameStep = pr.GetValue(step),
                Methods = ParseMethods(pr.GetValue(methods)!),
                ModelPath = pr.GetValue(model),
                OnnxBackend = pr.GetValue(backend),
                Threads = pr.GetValue(threads),
                GroundTruth = pr.GetValue(groundTruth),
                OutputFolder = pr.GetValue(output)!,
                SavedFrames = ParseSaved(pr.GetValue(save)!, n),
                Warmup = pr.GetValue(warmup),
                MipBias = pr.GetValue(mipBias),
            };
            bool noDisplay = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
            if (!pr.GetValue(headless))
            {
                Console.WriteLine(noDisplay
                    ? "view: no display (DISPLAY is not set): running headless"
                    : "view: the windowed viewer is not built yet: running headless");
            }
            return RunHeadless(options);
        }));
        return cmd;
    }

    public const string KeyHelp =
        "Window keys: 1-6 method, M next method, Q/E quality mode down/up, S split-screen A/B (drag the divider with the mouse; " +
        "B cycles the right-hand method), Z zoom lens (follows the mouse), Space pause, . step one frame, H HUD on/off, " +
        "V vsync on/off, Esc quit.";

    public static int RunHeadless(HeadlessOptions options)
    {
        HeadlessReport report = HeadlessRunner.Run(options, Console.Out);
        Console.WriteLine();
        Console.WriteLine(ReportWriter.LatencyTable(report));
        if (report.Quality.Count > 0) Console.WriteLine(ReportWriter.QualityTable(report));
        Console.WriteLine($"report: {Path.Combine(Path.GetFullPath(options.OutputFolder), "report.md")} ({report.Files.Count} files in {Path.GetFullPath(options.OutputFolder)})");
        return 0;
    }

    public static IReadOnlyList<UpscaleMethod> ParseMethods(string text)
    {
        var list = new List<UpscaleMethod>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!UpscaleMethods.TryParse(part, out UpscaleMethod m))
                throw new DemoException($"unknown method '{part}' in --methods; choose from {UpscaleMethods.KeyList}");
            if (!list.Contains(m)) list.Add(m);
        }
        if (list.Count == 0) throw new DemoException($"--methods names no method; choose from {UpscaleMethods.KeyList}");
        return list;
    }

    public static IReadOnlyList<int> ParseSaved(string text, int frames)
    {
        var list = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int v;
            if (part.Equals("last", StringComparison.OrdinalIgnoreCase)) v = frames - 1;
            else if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out v))
                throw new DemoException($"--save-frames: '{part}' is not a frame index or 'last'");
            if (!list.Contains(v)) list.Add(v);
        }
        list.Sort();
        return list;
    }
}
