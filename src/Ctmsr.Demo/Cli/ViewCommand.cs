using System.CommandLine;
using System.Globalization;
using Ctmsr.Demo.Headless;
using Ctmsr.Demo.Scene;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Demo.Windowing;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;

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
        var method = new Option<string?>("--method") { Description = "Window: method A at start (default: ctmsr-vulkan on a GPU, ctmsr-onnx on a CPU Vulkan driver)." };
        var methodB = new Option<string>("--method-b") { Description = "Window: method B (right of the split-screen divider).", DefaultValueFactory = _ => "bicubic" };
        var split = new Option<bool>("--split") { Description = "Window: start in split-screen A/B." };
        var noVsync = new Option<bool>("--no-vsync") { Description = "Window: present without waiting for vertical blank (immediate or mailbox where offered)." };
        var noHud = new Option<bool>("--no-hud") { Description = "Window: start with the HUD hidden." };
        var pause = new Option<bool>("--pause") { Description = "Window: start paused at --start-frame." };
        var exitAfter = new Option<int>("--exit-after") { Description = "Window: close after this many presented frames (0: run until closed).", DefaultValueFactory = _ => 0 };
        var autoResize = new Option<string?>("--auto-resize") { Description = "Window: resize to WxH after 10 presented frames (scripted resize checks)." };
        var keys = new Option<string>("--keys") { Description = "Window: key presses to replay, one per frame from the 5th (e.g. \"SE\" = split, next mode; '!' = Esc).", DefaultValueFactory = _ => "" };
        var verbose = new Option<bool>("--verbose") { Description = "Window: print a line every 10 presented frames." };
        var ssaa = new Option<int>("--ssaa") { Description = $"Supersampling anti-aliasing K (1..{SceneRenderer.MaxSupersampling}): the render-size frame and the ground truth are drawn at K x their size per side and box-downscaled by K; 1 = none.", DefaultValueFactory = _ => SceneRenderer.DefaultSupersampling };
        var warmup = new Option<int>("--warmup") { Description = "Headless: untimed passes of each method first.", DefaultValueFactory = _ => 1 };

        var cmd = new Command("view", "Render the demo scene at low resolution and upscale it every frame: a window, or headless with a report.\n" + KeyHelp);
        foreach (Option opt in new Option[] { headless, frames, start, step, width, height, mode, ratio, methods, model, backend, threads, groundTruth, output, save, warmup, mipBias, ssaa, method, methodB, split, noVsync, noHud, pause, exitAfter, autoResize, verbose, keys })
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
                Threads = BackendOptions.CheckThreads(pr.GetValue(threads)),
                GroundTruth = pr.GetValue(groundTruth),
                OutputFolder = pr.GetValue(output)!,
                SavedFrames = ParseSaved(pr.GetValue(save)!, n),
                Warmup = pr.GetValue(warmup),
                MipBias = pr.GetValue(mipBias),
                Supersampling = pr.GetValue(ssaa),
            };
            if (options.Supersampling < 1 || options.Supersampling > SceneRenderer.MaxSupersampling)
                throw new DemoException($"--ssaa must be 1..{SceneRenderer.MaxSupersampling}; got {options.Supersampling}");
            // Window options are checked even when the run ends up headless, so a typo never passes silently.
            UpscaleMethod? methodA = pr.GetValue(method) is string m ? ParseMethod(m, "--method") : null;
            UpscaleMethod methodBValue = ParseMethod(pr.GetValue(methodB)!, "--method-b");
            foreach (char c in pr.GetValue(keys)!)
                if (KeyQueue.FromChar(c) is null) throw new DemoException($"--keys: '{c}' is not a viewer key (A-Z, 0-9, space, '.', '!' for Esc)");
            FrameSize? resizeTo = pr.GetValue(autoResize) is string size ? ParseSize(size, "--auto-resize") : null;
            bool noDisplay = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
            if (pr.GetValue(headless)) return RunHeadless(options);
            if (noDisplay)
            {
                Console.WriteLine("view: no display (DISPLAY is not set): running headless");
                return RunHeadless(options);
            }
            var viewer = new ViewerOptions
            {
                Window = options.Display,
                Mode = pr.GetValue(mode) ?? QualityMode.Performance,
                MethodA = methodA,
                MethodB = methodBValue,
                Split = pr.GetValue(split),
                Vsync = !pr.GetValue(noVsync),
                Hud = !pr.GetValue(noHud),
                Paused = pr.GetValue(pause),
                StartFrame = options.StartFrame,
                ModelPath = options.ModelPath,
                OnnxBackend = options.OnnxBackend,
                Threads = options.Threads,
                ExitAfterFrames = pr.GetValue(exitAfter),
                AutoResize = resizeTo,
                Verbose = pr.GetValue(verbose),
                Keys = pr.GetValue(keys)!,
                Supersampling = options.Supersampling,
            };
            if (pr.GetValue(ratio).HasValue) throw new DemoException("the window switches between quality modes (Q/E); --ratio is for --headless");
            if (viewer.ExitAfterFrames < 0) throw new DemoException($"--exit-after must be >= 0; got {viewer.ExitAfterFrames}");
            if (viewer.Window.Width < 16 || viewer.Window.Height < 16 || viewer.Window.Width > 8192 || viewer.Window.Height > 8192)
                throw new DemoException($"--width and --height must be 16..8192; got {viewer.Window}");
            try
            {
                ViewerWindow.Run(viewer, Console.Out);
                return 0;
            }
            catch (VulkanUnavailableException ex)
            {
                Console.WriteLine($"view: cannot open the window ({ex.Message}): running headless");
                return RunHeadless(options);
            }
        }));
        return cmd;
    }

    public const string KeyHelp =
        "Window keys: 1-6 method (1 nearest, 2 bilinear, 3 bicubic, 4 EASU-style, 5 CTMSR Vulkan, 6 CTMSR ONNX), M next method, " +
        "Q/E quality mode down/up, S split-screen A/B (drag the divider with the left mouse button; B cycles the right-hand " +
        "method), Z zoom lens (follows the mouse), Space pause, . step one frame, H HUD on/off, V vsync on/off, Esc quit.";

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

    public static UpscaleMethod ParseMethod(string text, string option) =>
        UpscaleMethods.TryParse(text.Trim(), out UpscaleMethod m)
            ? m
            : throw new DemoException($"{option}: unknown method '{text}'; choose one of {UpscaleMethods.KeyList}");

    public static FrameSize ParseSize(string text, string option)
    {
        string[] parts = text.Split('x', 'X');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h) && w >= 16 && h >= 16 && w <= 8192 && h <= 8192)
            return new FrameSize(w, h);
        throw new DemoException($"{option}: '{text}' is not a size WIDTHxHEIGHT with sides 16..8192");
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
