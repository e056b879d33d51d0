using System.Diagnostics;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Bench;

/// <summary>
/// Times a model on the runtime's Vulkan backend through the public <see cref="UpscalerContext"/> (host frames in and
/// out, as a tool or the demo drives it) and reads the profiler's GPU stages: upload, first layer, the body (each
/// layer where the profiler has per-layer timestamps), last layer, resample, download. Conv stages carry their flop.
/// </summary>
public static class CtmsrVulkanBench
{
    /// <summary>
    /// Times <paramref name="model"/> on <paramref name="benchCase"/>; <paramref name="frame"/> is an RGBA8 render-size
    /// frame. <paramref name="inspect"/> sees the profiler after the timed frames (to export its per-frame CSV).
    /// </summary>
    /// <exception cref="NotSupportedException">The Vulkan backend cannot run this model, precision or device; the message says why.</exception>
    public static BenchRow Time(CtmsrModel model, string label, BenchCase benchCase, VulkanPrecision precision, string? deviceName,
        byte[] frame, BenchSettings settings, Action<LatencyProfiler>? inspect = null)
    {
        settings.Validate();
        FrameSize render = benchCase.Render, display = benchCase.Display;
        if (frame.Length < 4L * render.Width * render.Height)
            throw new ArgumentException($"a {render} frame needs {4L * render.Width * render.Height} bytes; got {frame.Length}", nameof(frame));
        using UpscalerContext context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = render.Width, RenderHeight = render.Height,
            DisplayWidth = display.Width, DisplayHeight = display.Height,
            Backend = UpscalerBackend.Vulkan, VulkanPrecision = precision, VulkanDeviceName = deviceName,
            ProfilerCapacity = settings.Frames, Log = _ => { },
        });
        var output = new byte[4 * display.Width * display.Height];
        int inStride = 4 * render.Width, outStride = 4 * display.Width;
        for (int i = 0; i < settings.Warmup; i++) context.Dispatch(frame, inStride, output, outStride);
        context.Reset();

        long budget = double.IsPositiveInfinity(settings.MaxSecondsPerRow) ? long.MaxValue : (long)(settings.MaxSecondsPerRow * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int timed = 0;
        while (timed < settings.Frames)
        {
            context.Dispatch(frame, inStride, output, outStride);
            timed++;
            if (timed >= settings.MinFrames && Stopwatch.GetTimestamp() - start > budget) break;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        LatencyProfiler profiler = context.Profiler!;
        inspect?.Invoke(profiler);
        LatencyStatistics gpuTotal = profiler.Statistics(DispatchStage.GpuTotal);
        bool hasGpu = profiler.HasGpuStages && gpuTotal.P50 > 0;
        return new BenchRow
        {
            Method = BenchRow.Ctmsr,
            Case = benchCase,
            Model = label,
            Preset = model.Preset,
            MacPerPixel = model.MacPerPixel ?? LayerMacs(model).Sum() / ((double)model.Scale * model.Scale),
            Scale = model.Scale,
            Precision = context.Vulkan?.Precision == VulkanPrecision.Fp16 ? "fp16" : "fp32",
            Backend = context.Backend.ToString(),
            Reason = context.BackendReason,
            Frames = profiler.Count,
            Host = profiler.Statistics(DispatchStage.Total),
            Gpu = hasGpu ? gpuTotal : null,
            ManagedBytesPerFrame = (double)allocated / timed,
            Stages = hasGpu ? Stages(model, render, profiler) : Array.Empty<BenchStage>(),
        };
    }

    /// <summary>Multiply-accumulates per LR pixel of each conv layer (9 x in x out), from the model's own graph.</summary>
    public static double[] LayerMacs(CtmsrModel model)
    {
        VulkanModelPlan plan = VulkanModelPlan.Read(model.Bytes, model.Source);
        var macs = new double[plan.Convs.Count];
        for (int i = 0; i < macs.Length; i++) macs[i] = 9.0 * plan.Convs[i].InChannels * plan.Convs[i].OutChannels;
        return macs;
    }

    private static BenchStage[] Stages(CtmsrModel model, FrameSize render, LatencyProfiler profiler)
    {
        double[] macs = LayerMacs(model);
        double lrPixels = (double)render.Width * render.Height;
        int n = macs.Length;
        var stages = new List<BenchStage>
        {
            new("upload", null, profiler.Statistics(DispatchStage.GpuUpload), null),
        };
        if (profiler.GpuLayerCount > 0)
        {
            // Per-layer timestamps (layer 0 = the first conv, n-1 = the last).
            for (int l = 0; l < profiler.GpuLayerCount; l++)
            {
                string name = l == 0 ? "first" : l == profiler.GpuLayerCount - 1 ? "last" : "body";
                double? flop = l < n ? 2 * macs[l] * lrPixels : null;
                stages.Add(new BenchStage(name, l, profiler.GpuLayerStatistics(l), flop));
            }
        }
        else
        {
            double body = 0;
            for (int l = 1; l < n - 1; l++) body += macs[l];
            stages.Add(new BenchStage("first", 0, profiler.Statistics(DispatchStage.GpuFirstLayer), 2 * macs[0] * lrPixels));
            stages.Add(new BenchStage("body", null, profiler.Statistics(DispatchStage.GpuBody), 2 * body * lrPixels));
            stages.Add(new BenchStage("last", n - 1, profiler.Statistics(DispatchStage.GpuLastLayer), 2 * macs[n - 1] * lrPixels));
        }
        stages.Add(new BenchStage("resample", null, profiler.Statistics(DispatchStage.GpuResample), null));
        stages.Add(new BenchStage("download", null, profiler.Statistics(DispatchStage.GpuDownload), null));
        return stages.ToArray();
    }
}
