using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Onnx;

namespace Ctmsr.Runtime.Profiling;

/// <summary>
/// Where an ONNX Runtime frame's time goes: the managed copies in and out, the frame graph's input conversion, the
/// model, the resample, the output conversion, nodes ONNX Runtime inserted, and the run's overhead outside its nodes,
/// each as a per-frame median. The graph parts come from ONNX Runtime's own profiler (node kernel times) on the
/// backend a context would run; the same call then times an unprofiled backend, so the profiler's own cost shows as
/// the difference of the two totals. A diagnostic: it builds two sessions and is meant for benches, not frames.
/// </summary>
public sealed class FrameGraphBreakdown
{
    private static readonly FrameGraphPart[] AllParts =
    {
        FrameGraphPart.CopyIn, FrameGraphPart.InputConversion, FrameGraphPart.Model, FrameGraphPart.Resample,
        FrameGraphPart.OutputConversion, FrameGraphPart.Inserted, FrameGraphPart.RunOverhead, FrameGraphPart.CopyOut,
    };

    private FrameGraphBreakdown(CtmsrModel model, FrameSize render, FrameSize display, UpscalerBackend backend, int frames,
        FrameGraphPartTiming[] parts, FrameGraphNodeTiming[] nodes, double configureMs, double profiledTotalMs,
        double unprofiledTotalMs, double managedBytesPerFrame)
    {
        Model = model;
        Render = render;
        Display = display;
        Backend = backend;
        Frames = frames;
        Parts = parts;
        Nodes = nodes;
        ConfigureMs = configureMs;
        ProfiledTotalMs = profiledTotalMs;
        UnprofiledTotalMs = unprofiledTotalMs;
        ManagedBytesPerFrame = managedBytesPerFrame;
    }

    /// <summary>The model inside the frame graph.</summary>
    public CtmsrModel Model { get; }

    /// <summary>The input frame size.</summary>
    public FrameSize Render { get; }

    /// <summary>The output frame size.</summary>
    public FrameSize Display { get; }

    /// <summary>The ONNX Runtime provider that ran (<see cref="UpscalerBackend.Cpu"/> or <see cref="UpscalerBackend.Cuda"/>).</summary>
    public UpscalerBackend Backend { get; }

    /// <summary>The frames measured (after the warm-up).</summary>
    public int Frames { get; }

    /// <summary>Every <see cref="FrameGraphPart"/>, in the enum's order, with its per-frame median and mean.</summary>
    public IReadOnlyList<FrameGraphPartTiming> Parts { get; }

    /// <summary>Every node of the optimised graph, the slowest first.</summary>
    public IReadOnlyList<FrameGraphNodeTiming> Nodes { get; }

    /// <summary>
    /// One <c>Configure</c> of the size pair (milliseconds): the deterministic noise fill, the resample taps and the
    /// bindings. It runs once per size pair, never per frame.
    /// </summary>
    public double ConfigureMs { get; }

    /// <summary>Median dispatch (copy in, run, copy out) of the profiled session, in milliseconds.</summary>
    public double ProfiledTotalMs { get; }

    /// <summary>Median dispatch of an identical session without the profiler, timed in the same call, in milliseconds.</summary>
    public double UnprofiledTotalMs { get; }

    /// <summary>Managed bytes allocated per unprofiled dispatch (the contract is 0).</summary>
    public double ManagedBytesPerFrame { get; }

    /// <summary>The median of <paramref name="part"/>, in milliseconds.</summary>
    public double MedianMs(FrameGraphPart part) => Parts[(int)part].MedianMs;

    /// <summary>
    /// Runs <paramref name="warmup"/> + <paramref name="frames"/> frames of <paramref name="model"/>'s frame graph from
    /// <paramref name="render"/> to <paramref name="display"/> on a profiled session, then the same on an unprofiled
    /// one. <paramref name="frame"/> (tightly packed rows) is generated when null.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes or counts are out of range, or <paramref name="backend"/> is Vulkan.</exception>
    public static FrameGraphBreakdown Measure(CtmsrModel model, FrameSize render, FrameSize display, int frames, int warmup = 3,
        UpscalerBackend backend = UpscalerBackend.Cpu, int threadCount = 0, PixelFormat format = PixelFormat.Rgba8, byte[]? frame = null)
    {
        if (model == null) throw new ArgumentNullException(nameof(model));
        if (frames < 1) throw new ArgumentOutOfRangeException(nameof(frames), frames, "at least one frame must be measured");
        if (warmup < 0) throw new ArgumentOutOfRangeException(nameof(warmup), warmup, "the warm-up cannot be negative");
        if (backend == UpscalerBackend.Vulkan)
            throw new ArgumentException("the breakdown measures ONNX Runtime's frame graph; the Vulkan backend has GPU stages instead", nameof(backend));
        if (render.Width <= 0 || render.Height <= 0 || display.Width < render.Width || display.Height < render.Height)
            throw new ArgumentException($"the sizes must be positive and the display at least the render size; got {render} -> {display}");
        int inBytes = 4 * render.Width * render.Height;
        if (frame == null) frame = Pattern(render);
        else if (frame.Length < inBytes)
            throw new ArgumentException($"the frame needs at least {inBytes} bytes; got {frame.Length}", nameof(frame));
        var output = new byte[4 * display.Width * display.Height];
        var description = new UpscalerContextDescription
        {
            Model = model, RenderWidth = render.Width, RenderHeight = render.Height,
            DisplayWidth = display.Width, DisplayHeight = display.Height,
            Backend = backend, ThreadCount = threadCount, Format = format,
        };

        string folder = Path.Combine(Path.GetTempPath(), "ctmsr-profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var profiled = new LatencyProfiler(frames);
            UpscalerBackend ran;
            double configureMs;
            string profilePath;
            using (var onnx = new OnnxFrameBackend(model, description, profilePrefix: Path.Combine(folder, "frame")))
            {
                ran = onnx.Backend;
                long start = Stopwatch.GetTimestamp();
                onnx.Configure(render, display);
                configureMs = (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
                Run(onnx, frame, output, render, display, warmup, frames, profiled);
                profilePath = onnx.EndProfiling();
            }

            var plain = new LatencyProfiler(frames);
            long allocated;
            using (var onnx = new OnnxFrameBackend(model, description))
            {
                onnx.Configure(render, display);
                allocated = Run(onnx, frame, output, render, display, warmup, frames, plain);
            }

            var runs = new List<OrtProfileEvent>();
            var nodes = new List<OrtProfileEvent>();
            OrtProfileEvent.Read(profilePath, runs, nodes);
            if (runs.Count < frames)
                throw new InvalidOperationException($"ONNX Runtime's profile holds {runs.Count} runs; expected at least {frames}");
            return Summarise(model, render, display, ran, frames, runs.GetRange(runs.Count - frames, frames), nodes, profiled,
                configureMs, plain.Statistics(DispatchStage.Total).P50, (double)allocated / frames);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a profile left in the temp folder is harmless */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The warm-up, then the measured frames into <paramref name="profiler"/>; returns the managed bytes they allocated.</summary>
    private static long Run(OnnxFrameBackend onnx, byte[] frame, byte[] output, FrameSize render, FrameSize display,
        int warmup, int frames, LatencyProfiler profiler)
    {
        for (int i = 0; i < warmup; i++) onnx.Dispatch(frame, 4 * render.Width, output, 4 * display.Width, null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < frames; i++) onnx.Dispatch(frame, 4 * render.Width, output, 4 * display.Width, profiler);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static FrameGraphBreakdown Summarise(CtmsrModel model, FrameSize render, FrameSize display, UpscalerBackend ran,
        int frames, List<OrtProfileEvent> runs, List<OrtProfileEvent> nodes, LatencyProfiler profiled, double configureMs,
        double unprofiledMs, double bytesPerFrame)
    {
        int partCount = AllParts.Length;
        var perFrame = new double[partCount][];
        for (int p = 0; p < partCount; p++) perFrame[p] = new double[frames];
        var perNode = new Dictionary<string, (string Op, List<double> Ms)>(StringComparer.Ordinal);
        var nodeParts = new HashSet<string>[partCount];
        for (int p = 0; p < partCount; p++) nodeParts[p] = new HashSet<string>(StringComparer.Ordinal);

        int n = 0;
        for (int r = 0; r < frames; r++)
        {
            OrtProfileEvent run = runs[r];
            while (n < nodes.Count && nodes[n].StartUs < run.StartUs) n++;
            double inNodes = 0;
            for (; n < nodes.Count && nodes[n].StartUs <= run.EndUs; n++)
            {
                OrtProfileEvent node = nodes[n];
                FrameGraphPart part = FrameGraph.PartOf(node.Node);
                double ms = node.DurationUs / 1000.0;
                perFrame[(int)part][r] += ms;
                nodeParts[(int)part].Add(node.Node);
                inNodes += ms;
                if (!perNode.TryGetValue(node.Node, out var entry))
                {
                    entry = (node.Op, new List<double>());
                    perNode[node.Node] = entry;
                }
                entry.Ms.Add(ms);
            }
            perFrame[(int)FrameGraphPart.RunOverhead][r] = Math.Max(0, profiled.Milliseconds(r, DispatchStage.Inference) - inNodes);
            perFrame[(int)FrameGraphPart.CopyIn][r] = profiled.Milliseconds(r, DispatchStage.Bind);
            perFrame[(int)FrameGraphPart.CopyOut][r] = profiled.Milliseconds(r, DispatchStage.Readback);
        }

        var parts = new FrameGraphPartTiming[partCount];
        for (int p = 0; p < partCount; p++)
        {
            double sum = 0;
            foreach (double v in perFrame[p]) sum += v;
            parts[p] = new FrameGraphPartTiming(AllParts[p], Median(perFrame[p]), sum / frames, nodeParts[p].Count);
        }
        var nodeTimings = new List<FrameGraphNodeTiming>(perNode.Count);
        foreach (KeyValuePair<string, (string Op, List<double> Ms)> kv in perNode)
        {
            // A node that ran in only some frames counts 0 in the others.
            while (kv.Value.Ms.Count < frames) kv.Value.Ms.Add(0);
            nodeTimings.Add(new FrameGraphNodeTiming(kv.Key, kv.Value.Op, FrameGraph.PartOf(kv.Key), Median(kv.Value.Ms.ToArray())));
        }
        nodeTimings.Sort((a, b) => b.MedianMs.CompareTo(a.MedianMs));
        return new FrameGraphBreakdown(model, render, display, ran, frames, parts, nodeTimings.ToArray(), configureMs,
            profiled.Statistics(DispatchStage.Total).P50, unprofiledMs, bytesPerFrame);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /// <summary>A smooth gradient with a fine checker and a varying alpha: image-like, with every channel in use.</summary>
    private static byte[] Pattern(FrameSize size)
    {
        var bytes = new byte[4 * size.Width * size.Height];
        for (int y = 0; y < size.Height; y++)
            for (int x = 0; x < size.Width; x++)
            {
                int i = 4 * (y * size.Width + x);
                int checker = ((x >> 2) + (y >> 2)) % 2 == 0 ? 24 : 0;
                bytes[i] = (byte)(x * 255 / Math.Max(1, size.Width - 1) * 7 / 8 + checker);
                bytes[i + 1] = (byte)(y * 255 / Math.Max(1, size.Height - 1) * 7 / 8 + checker);
                bytes[i + 2] = (byte)((x + y) * 127 / Math.Max(1, size.Width + size.Height - 2) + 64);
                bytes[i + 3] = (byte)(255 - (x * 3 + y) % 256);
            }
        return bytes;
    }

    /// <summary>The breakdown as a JSON object: sizes, backend, totals, parts (median and mean ms) and nodes.</summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append('{');
        sb.AppendFormat(c, "\"model\":\"{0}\",\"preset\":\"{1}\",\"scale\":{2},", Escape(Model.Source), Escape(Model.Preset), Model.Scale);
        sb.AppendFormat(c, "\"render\":\"{0}\",\"display\":\"{1}\",\"backend\":\"{2}\",\"frames\":{3},", Render, Display, Backend, Frames);
        sb.AppendFormat(c, "\"configure_ms\":{0:0.###},\"profiled_total_ms\":{1:0.###},\"unprofiled_total_ms\":{2:0.###},\"managed_bytes_per_frame\":{3:0.#},",
            ConfigureMs, ProfiledTotalMs, UnprofiledTotalMs, ManagedBytesPerFrame);
        sb.Append("\"parts\":[");
        for (int i = 0; i < Parts.Count; i++)
        {
            FrameGraphPartTiming p = Parts[i];
            if (i > 0) sb.Append(',');
            sb.AppendFormat(c, "{{\"part\":\"{0}\",\"median_ms\":{1:0.####},\"mean_ms\":{2:0.####},\"nodes\":{3}}}", p.Part, p.MedianMs, p.MeanMs, p.Nodes);
        }
        sb.Append("],\"nodes\":[");
        for (int i = 0; i < Nodes.Count; i++)
        {
            FrameGraphNodeTiming node = Nodes[i];
            if (i > 0) sb.Append(',');
            sb.AppendFormat(c, "{{\"name\":\"{0}\",\"op\":\"{1}\",\"part\":\"{2}\",\"median_ms\":{3:0.####}}}",
                Escape(node.Name), Escape(node.Op), node.Part, node.MedianMs);
        }
        sb.Append("]}");
        return sb.ToString();
    }

    private static string Escape(string? s) => (s ?? string.Empty).Replace("\\", "\\\\").Replace("\"", "\\\"");
}
