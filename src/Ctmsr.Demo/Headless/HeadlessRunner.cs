using System.Diagnostics;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Scene;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Metrics;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Headless;

/// <summary>
/// Renders the camera flight offscreen at the render size, upscales every frame with every method, and (with ground
/// truth) renders the display size too and scores each method against it. Writes the report files.
/// </summary>
public static class HeadlessRunner
{
    public static HeadlessReport Run(HeadlessOptions o, TextWriter log)
    {
        Validate(o);
        FrameSize render = o.Render, display = o.Display;
        string outDir = Path.GetFullPath(o.OutputFolder);
        string framesDir = Path.Combine(outDir, "frames");
        try
        {
            Directory.CreateDirectory(framesDir);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            throw new HeadlessException($"cannot create output folder '{outDir}': {ex.Message}");
        }

        using GpuContext gpu = GpuContext.CreateHeadless();
        using var scene = new SceneRenderer(gpu, o.Supersampling);
        float mipBias = o.MipBias ?? QualityModes.MipBias(render.Width, display.Width);
        List<MethodStatus> statuses = MethodCatalog.Create(gpu, o.Methods, o.ModelPath, o.OnnxBackend, o.Threads, render, display);
        var outputs = new List<VulkanBuffer>();
        var timer = new GpuTimer(gpu, 2);
        CommandBuffer cmd = gpu.AllocateCommandBuffer();
        try
        {
            var active = statuses.Where(s => s.Available).Select(s => s.Upscaler!).ToList();
            var report = new HeadlessReport
            {
                Options = o,
                DeviceName = gpu.DeviceName,
                GpuTimestamps = timer.Enabled,
                Methods = active.Select(u => (u.Method, u.Device)).ToList(),
                Unavailable = statuses.Where(s => !s.Available).Select(s => (s.Method, s.UnavailableReason!)).ToList(),
            };
            log.WriteLine($"headless: {o.Frames} frames of the flight from frame {o.StartFrame} (step {o.FrameStep}), render {render} -> display {display} " +
                          $"({o.ModeName}, ratio {o.Ratio:0.###}, mip bias {mipBias:0.00}, SSAA {o.Supersampling}x{o.Supersampling}) on {gpu.DeviceName}, {scene.TriangleCount} triangles");
            foreach (var (m, reason) in report.Unavailable) log.WriteLine($"  {UpscaleMethods.DisplayName(m)}: unavailable: {reason}");
            if (active.Count == 0) throw new HeadlessException("none of the requested methods can run here (see the reasons above)");
            foreach (FrameUpscaler u in active) outputs.Add(gpu.CreateBuffer(4UL * (ulong)display.Width * (ulong)display.Height, BufferUsageFlags.StorageBufferBit, "upscaled frame"));

            RenderTarget lr = scene.Target(render.Width, render.Height);
            RenderTarget? gt = o.GroundTruth ? scene.Target(display.Width, display.Height) : null;
            for (int w = 0; w < o.Warmup; w++)
                for (int k = 0; k < active.Count; k++)
                    RunOne(gpu, scene, timer, cmd, active[k], lr, outputs[k], o.SceneFrame(0), mipBias, render, display);

            var previousSr = new LumaPlane?[active.Count];
            LumaPlane? previousGt = null;
            var sheetTiles = new List<(string Label, RgbaImage Image)>();
            for (int i = 0; i < o.Frames; i++)
            {
                long frame = o.SceneFrame(i);
                bool save = o.SavedFrames.Contains(i);
                bool sheet = o.SavedFrames.Count > 0 && i == o.SavedFrames[^1];
                if (sheet) sheetTiles.Clear();
                LumaPlane? gtY = null;
                if (gt != null)
                {
                    gpu.Begin(cmd);
                    scene.Record(cmd, gt, frame, 0f);
                    gpu.SubmitAndWait(cmd);
                    gtY = LumaPlane.FromPixels(gt.Pixels.Span, display.Width, display.Height, 4, o.Crop);
                    if (save || sheet)
                    {
                        var img = new RgbaImage(display.Width, display.Height, gt.Pixels.Span.ToArray());
                        if (save) Save(report, img, Path.Combine(framesDir, $"frame-{frame:D5}-ground-truth.png"));
                        if (sheet) sheetTiles.Add(("ground truth " + display, img));
                    }
                }
                for (int k = 0; k < active.Count; k++)
                {
                    FrameUpscaler u = active[k];
                    LatencySample s = RunOne(gpu, scene, timer, cmd, u, lr, outputs[k], frame, mipBias, render, display) with { Index = i, SceneFrame = frame };
                    report.Latency.Add(s);
                    ReadOnlySpan<byte> sr = outputs[k].Span;
                    if (k == 0 && save)
                        Save(report, new RgbaImage(render.Width, render.Height, lr.Pixels.Span.ToArray()), Path.Combine(framesDir, $"frame-{frame:D5}-render.png"));
                    if (save || sheet)
                    {
                        var img = new RgbaImage(display.Width, display.Height, sr.ToArray());
                        if (save) Save(report, img, Path.Combine(framesDir, $"frame-{frame:D5}-{UpscaleMethods.Key(u.Method)}.png"));
                        if (sheet) sheetTiles.Add((u.Name, img));
                    }
                    if (gtY != null)
                    {
                        LumaPlane srY = LumaPlane.FromPixels(sr, display.Width, display.Height, 4, o.Crop);
                        double temporal = previousSr[k] != null && previousGt != null
                            ? ImageMetrics.TemporalError(srY, previousSr[k]!, gtY, previousGt)
                            : double.NaN;
                        report.Quality.Add(new QualitySample(i, frame, u.Method, ImageMetrics.Psnr(srY, gtY), ImageMetrics.Ssim(srY, gtY), temporal));
                        previousSr[k] = srY;
                    }
                }
                previousGt = gtY;
                if ((i + 1) % 10 == 0 || i + 1 == o.Frames) log.WriteLine($"  frame {i + 1}/{o.Frames}");
            }

            if (sheetTiles.Count > 0)
            {
                string path = Path.Combine(outDir, "contact-sheet.png");
                ContactSheet.Build(sheetTiles, report.Quality, o.SceneFrame(o.SavedFrames[^1])).SavePng(path);
                report.Files.Add(path);
            }
            ReportWriter.WriteAll(report, outDir);
            return report;
        }
        finally
        {
            gpu.WaitIdle();
            gpu.FreeCommandBuffer(cmd);
            timer.Dispose();
            foreach (VulkanBuffer b in outputs) b.Dispose();
            foreach (MethodStatus s in statuses) s.Upscaler?.Dispose();
        }
    }

    private static void Save(HeadlessReport report, RgbaImage image, string path)
    {
        image.SavePng(path);
        report.Files.Add(path);
    }

    private static LatencySample RunOne(GpuContext gpu, SceneRenderer scene, GpuTimer timer, CommandBuffer cmd, FrameUpscaler u,
        RenderTarget lr, VulkanBuffer output, long frame, float mipBias, FrameSize render, FrameSize display)
    {
        var clock = Stopwatch.StartNew();
        gpu.Begin(cmd);
        timer.Reset(cmd);
        timer.MarkStart(cmd, 0);
        scene.Record(cmd, lr, frame, mipBias);
        timer.MarkAfter(cmd, 1, scene.LastStage);
        gpu.SubmitAndWait(cmd);
        double renderMs = clock.Elapsed.TotalMilliseconds;
        timer.Read(2);
        double renderGpu = timer.Milliseconds(0, 1);

        clock.Restart();
        double upscaleGpu = double.NaN;
        if (u.RecordsOnGpu)
        {
            gpu.Begin(cmd);
            timer.Reset(cmd);
            timer.MarkStart(cmd, 0);
            u.Record(cmd, lr.Pixels, render, output, display, false);
            timer.MarkAfter(cmd, 1, u.LastStage);
            gpu.SubmitAndWait(cmd);
            timer.Read(2);
            upscaleGpu = timer.Milliseconds(0, 1);
        }
        else
        {
            u.Upscale(lr.Pixels.Span, render, output.Span, display);
        }
        double upscaleMs = clock.Elapsed.TotalMilliseconds;
        return new LatencySample(0, frame, u.Method, renderMs, upscaleMs, renderMs + upscaleMs, renderGpu, upscaleGpu);
    }

    private static void Validate(HeadlessOptions o)
    {
        if (o.Frames < 1 || o.Frames > 100000) throw new HeadlessException($"--frames must be 1..100000; got {o.Frames}");
        if (o.FrameStep < 1) throw new HeadlessException($"--frame-step must be >= 1; got {o.FrameStep}");
        if (o.StartFrame < 0) throw new HeadlessException($"--start-frame must be >= 0; got {o.StartFrame}");
        if (o.Display.Width < 16 || o.Display.Height < 16 || o.Display.Width > 8192 || o.Display.Height > 8192)
            throw new HeadlessException($"--width and --height must be 16..8192; got {o.Display}");
        if (!(o.Ratio >= 1.0) || o.Ratio > 4) throw new HeadlessException($"the ratio must be from 1 to 4; got {o.Ratio}");
        if (o.Supersampling < 1 || o.Supersampling > SceneRenderer.MaxSupersampling)
            throw new HeadlessException($"--ssaa must be 1..{SceneRenderer.MaxSupersampling}; got {o.Supersampling}");
        if ((long)o.Display.Width * o.Supersampling > 8192 || (long)o.Display.Height * o.Supersampling > 8192)
            throw new HeadlessException($"--ssaa {o.Supersampling} draws {o.Display} at {o.Display.Width * o.Supersampling}x{o.Display.Height * o.Supersampling}; the limit is 8192 per side");
        if (o.Warmup < 0) throw new HeadlessException($"--warmup must be >= 0; got {o.Warmup}");
        if (o.Methods.Count == 0) throw new HeadlessException("--methods names no method");
        FrameSize r = o.Render;
        const int win = ImageMetrics.SsimWindow;
        if (o.GroundTruth && (o.Display.Width - 2 * o.Crop < win || o.Display.Height - 2 * o.Crop < win))
            throw new HeadlessException($"--ground-truth needs a display of at least {win}x{win} after cropping {o.Crop} pixels per side (the SSIM window); got {o.Display}");
        if (r.Width < 2 || r.Height < 2) throw new HeadlessException($"render size {r} is too small; use a larger display or a smaller ratio");
        foreach (int s in o.SavedFrames)
            if (s < 0 || s >= o.Frames) throw new HeadlessException($"--save-frames index {s} is outside 0..{o.Frames - 1}");
    }
}
