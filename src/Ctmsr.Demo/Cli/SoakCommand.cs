using System.CommandLine;
using System.Globalization;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Cli;

/// <summary>
/// <c>ctmsr-demo soak [--backend B] [--frames N] [--create-dispose N] [--size WxH] [--every K]</c>: memory over a long
/// run. <c>--frames</c> dispatches one context N times; <c>--create-dispose</c> creates and disposes a context N times.
/// Every K steps it prints the process's resident set (VmRSS of /proc/self/status), the managed heap
/// (GC.GetTotalMemory after a collection) and the bytes allocated so far; at the end the managed bytes allocated per
/// step and a verdict: the least-squares slope of RSS over the second half of the samples (the first half is warm-up:
/// caches, JIT, allocator arenas), "growing" when it adds up to more than <see cref="GrowthBytes"/> over that span.
/// </summary>
public static class SoakCommand
{
    /// <summary>RSS growth over the fitted span above which the verdict is "growing".</summary>
    public const long GrowthBytes = 2L << 20;

    public static Command Create()
    {
        var model = BackendOptions.Model();
        var backend = BackendOptions.Backend();
        var threads = BackendOptions.Threads();
        var frames = new Option<int>("--frames") { Description = "Dispatches of one context (0: none).", DefaultValueFactory = _ => 0 };
        var cycles = new Option<int>("--create-dispose") { Description = "Create + dispose cycles of a context (0: none).", DefaultValueFactory = _ => 0 };
        var size = new Option<string>("--size") { Description = "Render size WxH; the display is twice it.", DefaultValueFactory = _ => "480x270" };
        var every = new Option<int>("--every") { Description = "Print a sample every K steps (0: about 20 samples).", DefaultValueFactory = _ => 0 };

        var cmd = new Command("soak", "Memory over a long dispatch run and over repeated context create/dispose: RSS, managed heap, bytes per step, verdict.");
        cmd.Options.Add(model);
        cmd.Options.Add(backend);
        cmd.Options.Add(threads);
        cmd.Options.Add(frames);
        cmd.Options.Add(cycles);
        cmd.Options.Add(size);
        cmd.Options.Add(every);
        cmd.SetAction(new Func<ParseResult, int>(pr => Run(pr.GetValue(model), pr.GetValue(backend), pr.GetValue(threads), pr.GetValue(frames),
            pr.GetValue(cycles), pr.GetValue(size)!, pr.GetValue(every))));
        return cmd;
    }

    private static int Run(string? modelPath, UpscalerBackend backend, int threads, int frames, int cycles, string size, int every)
    {
        if (frames < 0 || cycles < 0) throw new DemoException($"--frames and --create-dispose must be >= 0; got {frames} and {cycles}");
        if (frames == 0 && cycles == 0) throw new DemoException("give --frames N and/or --create-dispose N");
        if (every < 0) throw new DemoException($"--every must be >= 0; got {every}");
        FrameSize render = ParseSize(size);
        var display = new FrameSize(2 * render.Width, 2 * render.Height);
        CtmsrModel model = ModelLocator.Load(modelPath, render, display);
        RgbaImage frame = MakeSampleCommand.Render(render.Width, render.Height);
        var d = new UpscalerContextDescription
        {
            Model = model, RenderWidth = render.Width, RenderHeight = render.Height, DisplayWidth = display.Width, DisplayHeight = display.Height,
            Backend = backend, ThreadCount = threads,
        };
        if (frames > 0) Dispatches(d, frame, frames, every);
        if (cycles > 0) CreateDispose(d, cycles, every);
        return 0;
    }

    private static void Dispatches(UpscalerContextDescription d, RgbaImage frame, int frames, int every)
    {
        using var context = UpscalerContext.Create(d);
        var output = new byte[4L * d.DisplayWidth * d.DisplayHeight];
        Console.WriteLine($"soak: {frames} frames, {d.RenderWidth}x{d.RenderHeight} -> {d.DisplayWidth}x{d.DisplayHeight}, {context.Backend} ({context.BackendReason})");
        context.Dispatch(frame.Pixels, frame.Stride, output, 4 * d.DisplayWidth); // the first frame binds what it needs
        var samples = new Series("frame", frames, every);
        long allocated = 0;
        for (int i = 1; i <= frames; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            context.Dispatch(frame.Pixels, frame.Stride, output, 4 * d.DisplayWidth);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            samples.Step(i);
        }
        samples.Finish(allocated);
    }

    private static void CreateDispose(UpscalerContextDescription d, int cycles, int every)
    {
        string backend;
        using (var first = UpscalerContext.Create(d)) backend = $"{first.Backend} ({first.BackendReason})";
        Console.WriteLine($"soak: {cycles} create/dispose cycles, {d.RenderWidth}x{d.RenderHeight} -> {d.DisplayWidth}x{d.DisplayHeight}, {backend}");
        var samples = new Series("cycle", cycles, every);
        long allocated = 0;
        for (int i = 1; i <= cycles; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            using (UpscalerContext.Create(d)) { }
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            samples.Step(i);
        }
        samples.Finish(allocated);
    }

    /// <summary>"480x270" -> 480 x 270.</summary>
    public static FrameSize ParseSize(string text)
    {
        string[] parts = text.Split('x', 'X');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h) || w < 1 || h < 1 || w > 8192 || h > 8192)
            throw new DemoException($"--size must be WxH with each side 1..8192; got '{text}'");
        return new FrameSize(w, h);
    }

    /// <summary>The process's resident set in bytes (VmRSS of /proc/self/status), or -1 where there is no /proc.</summary>
    public static long ResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return 1024L * long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        return -1;
    }

    /// <summary>
    /// The least-squares slope of <paramref name="y"/> over <paramref name="x"/> for the second half of the points (the
    /// first half is warm-up); 0 with fewer than two points there.
    /// </summary>
    public static double SecondHalfSlope(IReadOnlyList<long> x, IReadOnlyList<long> y)
    {
        int from = x.Count / 2, n = x.Count - from;
        if (n < 2) return 0;
        double mx = 0, my = 0;
        for (int i = from; i < x.Count; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = from; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : 0;
    }

    /// <summary>Samples every K steps, prints them, then the per-step figures and the verdict.</summary>
    private sealed class Series
    {
        private readonly string _unit;
        private readonly int _count, _every;
        private readonly List<long> _steps = new(), _rss = new();

        public Series(string unit, int count, int every)
        {
            _unit = unit;
            _count = count;
            _every = every > 0 ? every : Math.Max(1, count / 20);
            Console.WriteLine($"{unit,8} {"rss MiB",9} {"managed KiB",12} {"allocated KiB",14}");
            Step(0);
        }

        public void Step(int i)
        {
            if (i % _every != 0 && i != _count) return;
            long managed = GC.GetTotalMemory(forceFullCollection: true);
            long rss = ResidentBytes();
            _steps.Add(i);
            _rss.Add(rss);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,8} {1,9:0.0} {2,12:0.0} {3,14:0.0}", i, rss / 1048576.0, managed / 1024.0,
                GC.GetTotalAllocatedBytes() / 1024.0));
        }

        public void Finish(long allocated)
        {
            double slope = SecondHalfSlope(_steps, _rss);
            long span = _steps[_steps.Count - 1] - _steps[_steps.Count / 2];
            bool growing = slope * span > GrowthBytes;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "managed bytes allocated per {0}: {1:0.0}", _unit, allocated / (double)_count));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "verdict: rss {0}: {1:+0.00;-0.00;0.00} KiB per {2} over {2}s {3}..{4} ({5:0.0} -> {6:0.0} MiB; growing means > {7} MiB over that span)",
                growing ? "growing" : "flat", slope / 1024.0, _unit, _steps[_steps.Count / 2], _steps[_steps.Count - 1],
                _rss[_steps.Count / 2] / 1048576.0, _rss[_rss.Count - 1] / 1048576.0, GrowthBytes >> 20));
        }
    }
}
