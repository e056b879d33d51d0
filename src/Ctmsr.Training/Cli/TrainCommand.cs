using System.CommandLine;
using Ctmsr.Training.Trainer;
using TorchSharp;

namespace Ctmsr.Training.Cli;

/// <summary>The 'train' verb: a CTMSR (or L1 baseline) run with checkpoints, metrics and --resume.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var d = new TrainOptions();
        var list = new Option<string?>("--data") { Description = "Image list (TSV from 'data fetch' or 'data index')" };
        var split = new Option<string>("--split")
        { Description = "Which split of --data to train on", DefaultValueFactory = _ => "train" };
        var images = new Option<string?>("--images") { Description = "A folder of PNG/JPG frames to train on (instead of --data)" };
        var synthetic = new Option<bool>("--synthetic") { Description = "Train on generated images (smoke tests only)" };
        var outDir = new Option<string>("--out") { Description = "Run folder", DefaultValueFactory = _ => "runs/ctmsr" };
        var resume = new Option<string?>("--resume")
        { Description = "Continue exactly from this checkpoint (its options are used; --out defaults to its folder)" };
        var initFrom = new Option<string?>("--init-from")
        { Description = "Start from this checkpoint's weights (same preset and scale) with a fresh optimizer and schedule" };
        var gridSwitch = new Option<double>("--grid-switch")
        { Description = "Fraction of the CT iterations on the N = 5 grid before N = 4 (0 for a continuation)", DefaultValueFactory = _ => d.GridSwitchFraction };
        var skipNoise = new Option<string>("--skip-noise")
        {
            Description = "cancel: F's residual is y - c_skip(t) (x - y), so the output carries no noise through the skip; keep: F's residual is y",
            DefaultValueFactory = _ => d.SkipNoise,
        };
        var objective = new Option<string>("--objective")
        { Description = "ctmsr (consistency training then DTM) or l1 (plain L1 regression baseline)", DefaultValueFactory = _ => "ctmsr" };
        var preset = new Option<string>("--preset") { Description = "tiny, default or large", DefaultValueFactory = _ => d.Preset };
        var scale = new Option<int>("--scale") { Description = "Integer upscale factor (2, 3, 4)", DefaultValueFactory = _ => d.Scale };
        var sigma = new Option<double>("--sigma-max") { Description = "Noise scale of the trajectory", DefaultValueFactory = _ => d.SigmaMax };
        var iters = new Option<int>("--iterations") { Description = "Total iterations", DefaultValueFactory = _ => d.Iterations };
        var dtmIters = new Option<int>("--dtm-iterations")
        { Description = "Iterations of the DTM stage at the end (ctmsr only)", DefaultValueFactory = _ => d.DtmIterations };
        var batch = new Option<int>("--batch-size") { Description = "Batch size", DefaultValueFactory = _ => d.BatchSize };
        var patch = new Option<int>("--patch-size") { Description = "HR patch side (multiple of the scale)", DefaultValueFactory = _ => d.PatchSize };
        var lr = new Option<double>("--lr") { Description = "AdamW learning rate", DefaultValueFactory = _ => d.LearningRate };
        var wd = new Option<double>("--weight-decay") { Description = "AdamW weight decay", DefaultValueFactory = _ => d.WeightDecay };
        var sched = new Option<string>("--schedule") { Description = "cosine or constant", DefaultValueFactory = _ => "cosine" };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up iterations", DefaultValueFactory = _ => d.WarmupIterations };
        var minLr = new Option<double>("--min-lr-fraction")
        { Description = "Cosine floor as a fraction of --lr", DefaultValueFactory = _ => d.MinLearningRateFraction };
        var clip = new Option<double>("--grad-clip") { Description = "Gradient norm clip (0 = off)", DefaultValueFactory = _ => d.GradClip };
        var ema = new Option<double>("--ema") { Description = "EMA decay of the exported weights", DefaultValueFactory = _ => d.EmaDecay };
        var refresh = new Option<int>("--dtm-refresh")
        { Description = "Refresh the frozen D_phi every K iterations", DefaultValueFactory = _ => d.DtmRefreshInterval };
        var lambda = new Option<double>("--dtm-lambda") { Description = "Weight of the DTM loss", DefaultValueFactory = _ => d.DtmLambda };
        var dtmDist = new Option<string>("--dtm-distance")
        { Description = "l2 or training (Charbonnier + structural)", DefaultValueFactory = _ => d.DtmDistance };
        var pairDraw = new Option<string>("--pair-draw")
        { Description = "Draw the grid index n per 'sample' or per 'batch'", DefaultValueFactory = _ => d.PairDraw };
        var structural = new Option<double>("--structural-weight")
        { Description = "Weight of the gradient-domain L1 term", DefaultValueFactory = _ => d.StructuralWeight };
        var anchorW = new Option<double>("--anchor-weight")
        { Description = "Weight of the ground-truth anchor at t = 1: per-pixel Charbonnier of the one-step output D(y + sigma eps, 1) to the HR image (0 = off)", DefaultValueFactory = _ => d.AnchorWeight };
        var freqW = new Option<double>("--freq-weight")
        { Description = "Weight of the FFT-amplitude distance of the one-step output to the HR image (0 = off)", DefaultValueFactory = _ => d.FrequencyWeight };
        var specW = new Option<double>("--spectral-weight")
        { Description = "Weight of the radially averaged log power spectrum distance of the one-step output to the HR image (0 = off)", DefaultValueFactory = _ => d.SpectralWeight };
        var dtmSource = new Option<string>("--dtm-source")
        { Description = "ct: DTM moves the CT branch's online output (t_n+1); one-step: DTM moves D(x_T, 1), the exported output", DefaultValueFactory = _ => d.DtmSource };
        var dtmBalance = new Option<double>("--dtm-balance")
        { Description = "0: DTM weighted by --dtm-lambda alone; r > 0: DTM's weight rescaled at every gradient-norm measurement so its gradient norm is r x CT's", DefaultValueFactory = _ => d.DtmBalance };
        var gradEvery = new Option<int>("--grad-norm-every")
        { Description = "Log the CT, anchor and DTM gradient norms on the shared weights every N iterations (0 = never)", DefaultValueFactory = _ => d.GradNormEvery };
        var ckEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint interval", DefaultValueFactory = _ => d.CheckpointEvery };
        var seed = new Option<ulong>("--seed") { Description = "Seed of batches, noise and init", DefaultValueFactory = _ => 0UL };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var maxImages = new Option<int>("--max-images") { Description = "Use at most this many images", DefaultValueFactory = _ => int.MaxValue };
        var export = new Option<bool>("--export") { Description = "Export model.onnx into the run folder at the end", DefaultValueFactory = _ => true };

        var cmd = new Command("train", "Train a compact one-step SR model with CTMSR (or the L1 baseline).")
        {
            list, split, images, synthetic, outDir, resume, objective, preset, scale, sigma, iters, dtmIters, batch,
            patch, lr, wd, sched, warmup, minLr, clip, ema, refresh, lambda, dtmDist, pairDraw, structural, ckEvery, seed,
            threads, maxImages, export, initFrom, gridSwitch, skipNoise, anchorW, freqW, dtmSource, gradEvery, dtmBalance, specW,
        };
        foreach (var o in TrainData.DegradationCliOptions) cmd.Options.Add(o);

        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            int t = pr.GetValue(threads);
            if (t < 0) throw new ArgumentException($"--threads must be >= 0; got {t}");
            if (t > 0) torch.set_num_threads(t);

            string? resumePath = pr.GetValue(resume);
            TrainOptions options;
            CheckpointInfo? info = null;
            if (resumePath != null)
            {
                info = Checkpoint.ReadInfo(resumePath);
                options = info.Options;
            }
            else
            {
                options = new TrainOptions
                {
                    Objective = ParseEnum<Objective>(pr.GetValue(objective)!, "--objective"),
                    Preset = pr.GetValue(preset)!,
                    Scale = pr.GetValue(scale),
                    SigmaMax = pr.GetValue(sigma),
                    Iterations = pr.GetValue(iters),
                    DtmIterations = pr.GetValue(dtmIters),
                    BatchSize = pr.GetValue(batch),
                    PatchSize = pr.GetValue(patch),
                    LearningRate = pr.GetValue(lr),
                    WeightDecay = pr.GetValue(wd),
                    Schedule = ParseEnum<LrSchedule>(pr.GetValue(sched)!, "--schedule"),
                    WarmupIterations = pr.GetValue(warmup),
                    MinLearningRateFraction = pr.GetValue(minLr),
                    GradClip = pr.GetValue(clip),
                    EmaDecay = pr.GetValue(ema),
                    DtmRefreshInterval = pr.GetValue(refresh),
                    DtmLambda = pr.GetValue(lambda),
                    DtmDistance = pr.GetValue(dtmDist)!,
                    PairDraw = pr.GetValue(pairDraw)!,
                    StructuralWeight = pr.GetValue(structural),
                    CheckpointEvery = pr.GetValue(ckEvery),
                    Seed = pr.GetValue(seed),
                    GridSwitchFraction = pr.GetValue(gridSwitch),
                    SkipNoise = pr.GetValue(skipNoise)!,
                    AnchorWeight = pr.GetValue(anchorW),
                    FrequencyWeight = pr.GetValue(freqW),
                    SpectralWeight = pr.GetValue(specW),
                    DtmSource = pr.GetValue(dtmSource)!,
                    GradNormEvery = pr.GetValue(gradEvery),
                    DtmBalance = pr.GetValue(dtmBalance),
                    InitFrom = pr.GetValue(initFrom) is string init ? Path.GetFullPath(init) : null,
                };
                if (options.InitFrom != null && !File.Exists(options.InitFrom))
                    throw new ArgumentException($"--init-from: checkpoint '{options.InitFrom}' does not exist");
                if (options.Objective == Objective.L1 && !Given(pr, dtmIters))
                    options = options with { DtmIterations = 0 };
                var source = new TrainDataSpec(pr.GetValue(list), pr.GetValue(split)!, pr.GetValue(images),
                    pr.GetValue(synthetic), pr.GetValue(maxImages), TrainData.ReadDegradation(pr, options.Scale));
                options = options with { DataDescription = source.Describe(), Data = source };
            }
            options.Validate();

            // --resume without --out continues in the checkpoint's own folder, never in the default runs/ctmsr
            // (which may hold another run).
            string runDir = resumePath != null && !Given(pr, outDir)
                ? Path.GetDirectoryName(Path.GetFullPath(resumePath))!
                : pr.GetValue(outDir)!;
            var data = TrainData.Open(options, Console.Error);
            CtmsrTrainer trainer;
            if (resumePath != null)
            {
                (trainer, info) = CtmsrTrainer.Resume(resumePath, data);
                Console.Error.WriteLine($"resuming {resumePath} at iteration {trainer.Iteration}/{options.Iterations}");
            }
            else
            {
                trainer = new CtmsrTrainer(options, data);
            }
            using (trainer)
            {
                var preset0 = Nets.NetPreset.Parse(options.Preset);
                Console.Error.WriteLine(
                    $"{options.Objective} run: preset {preset0.Name} ({preset0.MacPerPixel(options.Scale):N0} MAC/px at x{options.Scale}, " +
                    $"{trainer.Online.parameters().Sum(p => p.numel()):N0} parameters), {options.Iterations} iterations " +
                    (options.Objective == Objective.Ctmsr ? $"({options.CtIterations} CT + {options.DtmIterations} DTM), " : ", ") +
                    $"batch {options.BatchSize}x{options.PatchSize}px, {torch.get_num_threads()} threads -> {runDir}");
                var run = new TrainingRun(trainer, runDir, Console.Error, info?.WallSeconds ?? 0);
                var outcome = run.Run();
                if (outcome != RunOutcome.Completed) return 3;
                if (pr.GetValue(export))
                    Console.Error.WriteLine(ExportCommand.Run(new TrainerCheckpointSource(), run.CheckpointPath,
                        Path.Combine(Path.GetFullPath(runDir), "model.onnx")));
                return 0;
            }
        }));
        return cmd;
    }

    /// <summary>
    /// True when the user typed the option. An option with a default value always has a result (an implicit one when
    /// it was not given), so a null check cannot tell.
    /// </summary>
    internal static bool Given(ParseResult pr, Option option) => pr.GetResult(option) is { Implicit: false };

    internal static T ParseEnum<T>(string value, string option) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var v) && Enum.IsDefined(v)
            ? v
            : throw new ArgumentException(
                $"{option} '{value}' is not valid; choose one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
}
