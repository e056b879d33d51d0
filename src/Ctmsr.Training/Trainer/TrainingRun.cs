using System.Diagnostics;
using Spectre.Console;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Trainer;

/// <summary>
/// Drives a <see cref="CtmsrTrainer"/> to its last iteration inside a run folder: checkpoint.ckpt (atomic, every N
/// iterations and at the end), metrics.csv, loss.png, options.json. A NaN or infinite loss stops the run with a
/// message and leaves the last good checkpoint in place.
/// </summary>
public sealed class TrainingRun(CtmsrTrainer trainer, string runDir, TextWriter log, double priorSeconds = 0)
{
    public const string CheckpointFile = "checkpoint.ckpt";

    public string CheckpointPath => System.IO.Path.Combine(runDir, CheckpointFile);
    public string MetricsPath => System.IO.Path.Combine(runDir, "metrics.csv");
    public string LossPlotPath => System.IO.Path.Combine(runDir, "loss.png");
    public double WallSeconds { get; private set; } = priorSeconds;

    /// <summary>Show a live progress bar (interactive terminal) instead of periodic log lines.</summary>
    public bool ProbeAtCheckpoints { get; init; } = true;

    public bool Interactive { get; init; } = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public RunOutcome Run()
    {
        Directory.CreateDirectory(runDir);
        AtomicFile.WriteAllText(System.IO.Path.Combine(runDir, "options.json"), trainer.Options.ToJson());
        using var metrics = new MetricsLog(MetricsPath, trainer.Iteration);
        var o = trainer.Options;
        double lastLoss = double.NaN;
        double prior = WallSeconds;
        var sw = Stopwatch.StartNew();
        long startIt = trainer.Iteration;
        RunOutcome outcome = RunOutcome.Completed;

        void Checkpoint()
        {
            trainer.SaveCheckpoint(CheckpointPath, lastLoss, WallSeconds);
            if (ProbeAtCheckpoints)
            {
                var (m, on, b) = trainer.ProbePsnr();
                log.WriteLine($"checkpoint at {trainer.Iteration}: probe PSNR one-step EMA {m:F2} dB ({m - b:+0.00;-0.00}), " +
                              $"online {on:F2} dB ({on - b:+0.00;-0.00}), bicubic {b:F2} dB");
            }
            metrics.Flush();
            metrics.Plot(LossPlotPath, o.Objective == Objective.Ctmsr ? o.CtIterations : 0);
        }

        bool StepOnce(Action<StepResult, double> report)
        {
            try
            {
                var r = trainer.Step();
                lastLoss = r.Loss;
                WallSeconds = prior + sw.Elapsed.TotalSeconds;
                metrics.Append(r, WallSeconds);
                double rate = (trainer.Iteration - startIt) / Math.Max(1e-9, sw.Elapsed.TotalSeconds);
                report(r, rate);
                if (trainer.Iteration % o.CheckpointEvery == 0 || trainer.Finished) Checkpoint();
                return true;
            }
            catch (NonFiniteLossException e)
            {
                metrics.Flush();
                string kept = File.Exists(CheckpointPath)
                    ? $"the last good checkpoint is {CheckpointPath} (iteration {Trainer.Checkpoint.ReadInfo(CheckpointPath).Iteration})"
                    : "no checkpoint had been written yet";
                log.WriteLine($"error: {e.Message}; stopping the run. Nothing was saved from that step; {kept}. " +
                              "Try a lower --lr or --grad-clip.");
                outcome = RunOutcome.StoppedOnNonFiniteLoss;
                return false;
            }
        }

        if (Interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: o.Iterations);
                    task.Value = trainer.Iteration;
                    while (!trainer.Finished)
                    {
                        if (!StepOnce((r, rate) =>
                            {
                                task.Value = trainer.Iteration;
                                task.Description = $"{r.Phase} loss {r.Loss:F4} {rate:F1} it/s";
                            })) break;
                    }
                });
        }
        else
        {
            var lastPrint = Stopwatch.StartNew();
            while (!trainer.Finished)
            {
                if (!StepOnce((r, rate) =>
                    {
                        if (lastPrint.Elapsed.TotalSeconds < 30 && !trainer.Finished && r.Iteration != startIt) return;
                        lastPrint.Restart();
                        var eta = TimeSpan.FromSeconds((o.Iterations - trainer.Iteration) / Math.Max(rate, 1e-9));
                        log.WriteLine($"iter {trainer.Iteration}/{o.Iterations} [{r.Phase}] loss {r.Loss:F5} " +
                                      $"(ct {r.CtLoss:F5} anchor {r.AnchorLoss:F5} dtm {r.DtmLoss:F5}) lr {r.LearningRate:G3} " +
                                      $"{rate:F2} it/s ETA {eta:hh\\:mm\\:ss}");
                    })) break;
            }
        }
        if (outcome == RunOutcome.Completed)
            log.WriteLine($"done: {trainer.Iteration} iterations in {WallSeconds:F0} s; checkpoint {CheckpointPath}");
        return outcome;
    }
}
