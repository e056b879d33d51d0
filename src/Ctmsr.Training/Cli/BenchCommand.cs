using System.CommandLine;
using System.Diagnostics;
using Ctmsr.Training.Nets;
using Ctmsr.Training.Trainer;
using Spectre.Console;
using TorchSharp;

namespace Ctmsr.Training.Cli;

/// <summary>
/// The 'bench' verb: training iterations per second for each preset and objective stage on generated batches, with
/// MAC/px and parameter counts. A benchmark, never a test.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var presets = new Option<string>("--presets")
        { Description = "Comma-separated presets to time", DefaultValueFactory = _ => "tiny,default,large" };
        var iterations = new Option<int>("--iterations")
        { Description = "Timed iterations per stage (after 3 warm-up iterations)", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch-size") { Description = "Batch size", DefaultValueFactory = _ => 16 };
        var patch = new Option<int>("--patch-size") { Description = "HR patch side", DefaultValueFactory = _ => 64 };
        var scale = new Option<int>("--scale") { Description = "Upscale factor", DefaultValueFactory = _ => 2 };
        var threads = new Option<int>("--threads")
        { Description = "Torch intra-op threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var cmd = new Command("bench", "Measure training iterations per second for each preset on this machine.")
        {
            presets, iterations, batch, patch, scale, threads,
        };
        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            int n = pr.GetValue(iterations);
            if (n < 1) throw new ArgumentException($"--iterations must be >= 1; got {n}");
            int t = pr.GetValue(threads);
            if (t < 0) throw new ArgumentException($"--threads must be >= 0; got {t}");
            if (t > 0) torch.set_num_threads(t);
            var list = pr.GetValue(presets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(NetPreset.Parse).ToList();
            int s = pr.GetValue(scale);
            var table = new Table().AddColumns("preset", "params", "MAC/px", "CT it/s", "CT+DTM it/s", "L1 it/s");
            foreach (var p in list)
            {
                var baseOpts = new TrainOptions
                {
                    Preset = p.Name, Scale = s, BatchSize = pr.GetValue(batch), PatchSize = pr.GetValue(patch),
                    Iterations = 1_000_000, DtmIterations = 0, WarmupIterations = 0,
                };
                double ct = Time(baseOpts, n);
                double dtm = Time(baseOpts with { DtmIterations = 999_990 }, n);
                double l1 = Time(baseOpts with { Objective = Objective.L1 }, n);
                using var net = new CompactSrNet(p, s);
                long parms = net.parameters().Sum(x => x.numel());
                table.AddRow(p.Name, parms.ToString("N0"), p.MacPerPixel(s).ToString("N0"), ct.ToString("F2"),
                    dtm.ToString("F2"), l1.ToString("F2"));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"batch {pr.GetValue(batch)}, HR patch {pr.GetValue(patch)}, scale {s}, " +
                              $"threads {torch.get_num_threads()}, {Environment.ProcessorCount} logical cores");
            return 0;
        }));
        return cmd;
    }

    private static double Time(TrainOptions o, int iterations)
    {
        using var trainer = new CtmsrTrainer(o, new SyntheticBatchSource(o.PatchSize, o.Scale));
        if (o.DtmIterations > 0) trainer.SkipTo(o.CtIterations); // straight into the DTM stage
        for (int i = 0; i < 3; i++) trainer.Step();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++) trainer.Step();
        return iterations / sw.Elapsed.TotalSeconds;
    }
}
