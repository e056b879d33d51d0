using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Demo.IO;

namespace Ctmsr.Demo.Cli;

/// <summary>
/// <c>ctmsr-demo bench --graph-parts</c>: instead of the latency table, where ONNX Runtime's frame goes for the bicubic-only
/// graph and the model at each of bench's cases and at a Quality-mode case (ratio 1.5, where the resample taps run):
/// managed copy in, input conversion, model, resample, output conversion,
/// inserted nodes, run overhead, copy out (per-frame medians from ONNX Runtime's profiler, see
/// <see cref="FrameGraphBreakdown"/>), the profiled and unprofiled totals, and the slowest nodes. It reads bench's own
/// options (--model, --backend, --threads, --frames, --warmup, --small, --large, --csv).
/// </summary>
public static class GraphPartsBench
{
    /// <summary>Quality (1.5): the x2 model's output is shrunk to the display by the tent taps, the case bench's integer ratios skip.</summary>
    public static readonly (FrameSize Render, FrameSize Display) ResampleCase = (new FrameSize(640, 360), new FrameSize(960, 540));

    /// <summary>Slowest nodes listed per graph.</summary>
    public const int NodesShown = 6;

    /// <summary>Adds <c>--graph-parts</c> to <paramref name="bench"/>; without it bench runs as before.</summary>
    public static Command Attach(Command bench)
    {
        var parts = new Option<bool>("--graph-parts")
        {
            Description = "Instead of the latency table: the ONNX Runtime frame's time by part (copies, conversions, model, resample, overhead).",
        };
        bench.Options.Add(parts);
        var inner = (SynchronousCommandLineAction)bench.Action!;
        bench.SetAction(new Func<ParseResult, int>(pr => pr.GetValue(parts) ? Run(pr) : inner.Invoke(pr)));
        return bench;
    }

    private static int Run(ParseResult pr)
    {
        int frames = pr.GetValue<int>("--frames"), warmup = pr.GetValue<int>("--warmup"), threads = pr.GetValue<int>("--threads");
        if (frames < 1 || frames > 100000) throw new DemoException($"--frames must be 1..100000; got {frames}");
        if (warmup < 0) throw new DemoException($"--warmup must be >= 0; got {warmup}");
        BackendOptions.CheckThreads(threads);
        UpscalerBackend backend = pr.GetValue<UpscalerBackend>("--backend");
        // The breakdown is of ONNX Runtime's frame graph: Auto means ONNX Runtime's own choice (CUDA, else CPU).
        if (backend == UpscalerBackend.Vulkan) throw new DemoException("--graph-parts measures ONNX Runtime's frame graph; --backend Vulkan has none");
        string? csv = pr.GetValue<string?>("--csv");
        var cases = (pr.GetValue<bool>("--small") ? BenchCommand.Cases.Take(1) : BenchCommand.Cases).ToList();
        cases.Insert(1, ResampleCase);
        if (pr.GetValue<bool>("--large")) cases.Add(BenchCommand.LargeCase);

        CtmsrModel model = ModelLocator.Load(pr.GetValue<string?>("--model"), BenchCommand.Cases[0].Render, BenchCommand.Cases[0].Display);
        CtmsrModel bicubic = CtmsrModel.Bicubic(model.Scale);
        Console.WriteLine($"bench --graph-parts: {model}, {frames} frames per graph after {warmup} warm-up, threads " +
                          (threads == 0 ? "auto" : threads.ToString(CultureInfo.InvariantCulture)));
        foreach (var (render, display) in cases)
        {
            byte[] frame = MakeSampleCommand.Render(render.Width, render.Height).Pixels;
            var measured = new List<(string Name, FrameGraphBreakdown Parts)>();
            foreach (var (m, name) in new[] { (bicubic, "bicubic"), (model, "model") })
            {
                FrameGraphBreakdown b = FrameGraphBreakdown.Measure(m, render, display, frames, warmup, backend, threads, frame: frame);
                measured.Add((name, b));
                if (csv != null)
                {
                    Directory.CreateDirectory(csv);
                    AtomicFile.WriteAllText(Path.Combine(csv, $"graph-parts-{name}-{render}-{display}.json"), b.ToJson());
                }
            }
            Print(render, display, measured);
        }
        return 0;
    }

    private static void Print(FrameSize render, FrameSize display, List<(string Name, FrameGraphBreakdown Parts)> measured)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"{render} -> {display}, ONNX Runtime {measured[0].Parts.Backend}: per-frame medians, ms (share of the profiled total)");
        Console.Write("| part |");
        foreach (var (name, _) in measured) Console.Write($" {name} |");
        Console.WriteLine();
        Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", measured.Count)));
        foreach (FrameGraphPart part in Enum.GetValues<FrameGraphPart>())
        {
            Console.Write($"| {part} |");
            foreach (var (_, b) in measured)
            {
                FrameGraphPartTiming t = b.Parts[(int)part];
                double share = b.ProfiledTotalMs > 0 ? 100 * t.MedianMs / b.ProfiledTotalMs : 0;
                string nodes = t.Nodes > 0 ? string.Format(c, ", {0} nodes", t.Nodes) : "";
                Console.Write(string.Format(c, " {0:0.00} ({1:0}%{2}) |", t.MedianMs, share, nodes));
            }
            Console.WriteLine();
        }
        Row("total, profiled", measured, b => b.ProfiledTotalMs.ToString("0.00", c));
        Row("total, unprofiled", measured, b => b.UnprofiledTotalMs.ToString("0.00", c));
        Row("configure (once per size)", measured, b => b.ConfigureMs.ToString("0.00", c));
        Row("managed B/frame", measured, b => b.ManagedBytesPerFrame.ToString("0", c));
        foreach (var (name, b) in measured)
        {
            Console.Write($"slowest nodes, {name}:");
            foreach (FrameGraphNodeTiming node in b.Nodes.Take(NodesShown))
                Console.Write(string.Format(c, " {0} [{1}] {2:0.00};", node.Name, node.Op, node.MedianMs));
            Console.WriteLine();
        }
    }

    private static void Row(string label, List<(string Name, FrameGraphBreakdown Parts)> measured, Func<FrameGraphBreakdown, string> value)
    {
        Console.Write($"| {label} |");
        foreach (var (_, b) in measured) Console.Write($" {value(b)} |");
        Console.WriteLine();
    }
}
