using Ctmsr.Training.Method;
using Ctmsr.Training.Nets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctmsr.Training.Trainer;

/// <summary>
/// One training run: the online network, its EMA (what gets exported), the frozen copy D_phi of the DTM stage, and
/// AdamW. <see cref="Step"/> runs iteration <see cref="Iteration"/>; everything random in it (batch, n, eps, eps')
/// derives from (seed, iteration), so a resumed run reproduces the next step exactly.
/// </summary>
public sealed class CtmsrTrainer : IDisposable
{
    private readonly IBatchSource _data;
    private readonly ObjectiveSettings _settings;
    private readonly TrajectorySchedule _schedule;
    private readonly Parameter[] _onlineParams;
    private readonly Parameter[] _emaParams;
    private bool _disposed;

    public CtmsrTrainer(TrainOptions options, IBatchSource data) : this(options, data, applyInitFrom: true) { }

    private CtmsrTrainer(TrainOptions options, IBatchSource data, bool applyInitFrom)
    {
        options.Validate();
        Options = options;
        _data = data;
        _settings = new ObjectiveSettings(options.SigmaMax, options.StructuralWeight, options.DtmLambda, 1.0 / 3.0,
            options.DtmDistance == "l2" ? DtmDistance.L2 : DtmDistance.Training, options.AnchorWeight,
            options.FrequencyWeight, options.SpectralWeight);
        _schedule = new TrajectorySchedule(options.CtIterations, switchFraction: options.GridSwitchFraction);
        torch.manual_seed((long)Seeds.Mix(options.Seed, 0xA11CE));
        Online = Checkpoint.NewNet(options);
        Ema = Checkpoint.NewNet(options);
        Ema.load_state_dict(Online.state_dict());
        Ema.eval();
        foreach (var p in Ema.parameters()) p.requires_grad = false;
        _onlineParams = Online.parameters().ToArray();
        _emaParams = Ema.parameters().ToArray();
        Optimizer = torch.optim.AdamW(Online.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        Online.train();
        if (applyInitFrom && options.InitFrom != null) LoadStartingWeights(options.InitFrom);
    }

    /// <summary>
    /// --init-from: the online and EMA weights of another run's checkpoint (same preset and scale); the optimizer,
    /// schedule and iteration count start fresh. Only weights are taken, so this is a continuation, not a resume.
    /// </summary>
    private void LoadStartingWeights(string path)
    {
        CheckpointInfo source = Checkpoint.ReadInfo(path);
        if (source.Options.Preset != Options.Preset || source.Options.Scale != Options.Scale)
            throw new ArgumentException(
                $"--init-from {path}: its network is preset {source.Options.Preset} x{source.Options.Scale}; this run is preset {Options.Preset} x{Options.Scale}");
        Checkpoint.LoadInto(path, Online, Ema, null, null);
        PriorIterations = source.TotalIterations;
    }

    /// <summary>Iterations behind the starting weights (from --init-from's checkpoint); 0 for a run from scratch.</summary>
    public long PriorIterations { get; private set; }

    public TrainOptions Options { get; }

    /// <summary>
    /// With --dtm-balance: the factor on the DTM term (on top of lambda) from the last gradient-norm measurement; NaN
    /// until the first DTM step measures it (a resumed run measures again at its first DTM step).
    /// </summary>
    public double DtmScale { get; private set; } = double.NaN;
    public CompactSrNet Online { get; }
    public CompactSrNet Ema { get; }
    public CompactSrNet? Frozen { get; private set; }
    public AdamW Optimizer { get; }

    /// <summary>Iterations completed so far (the index of the next step).</summary>
    public long Iteration { get; private set; }

    public bool Finished => Iteration >= Options.Iterations;

    /// <summary>
    /// Moves a fresh trainer to a later iteration without training (the benchmark uses it to time DTM-stage steps).
    /// Batches, noise and the schedule follow the iteration index, so later steps are exactly those of that index.
    /// </summary>
    public void SkipTo(long iteration)
    {
        if (iteration < Iteration || iteration > Options.Iterations)
            throw new ArgumentOutOfRangeException(nameof(iteration), iteration,
                $"must be between the current iteration {Iteration} and {Options.Iterations}");
        Iteration = iteration;
    }

    public bool InDtmStage(long iteration) =>
        Options.Objective == Objective.Ctmsr && iteration >= Options.CtIterations;

    /// <summary>Learning rate at an iteration: linear warm-up, then constant or cosine down to the floor.</summary>
    public double LearningRateAt(long iteration)
    {
        double lr = Options.LearningRate;
        if (Options.WarmupIterations > 0 && iteration < Options.WarmupIterations)
            return lr * (iteration + 1) / Options.WarmupIterations;
        if (Options.Schedule == LrSchedule.Constant) return lr;
        double span = Math.Max(1, Options.Iterations - Options.WarmupIterations);
        double progress = Math.Clamp((iteration - Options.WarmupIterations) / span, 0, 1);
        double floor = Options.MinLearningRateFraction;
        return lr * (floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>Runs one iteration. Throws <see cref="NonFiniteLossException"/> before touching the weights.</summary>
    public StepResult Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long it = Iteration;
        using var scope = torch.NewDisposeScope();
        var (hrB, lqB) = _data.Batch(it, Options.BatchSize);
        var x0 = hrB * 2 - 1;
        var lq = lqB * 2 - 1;
        var y = CompactSrNet.Upsample(lq, Options.Scale);
        var gen = new Generator(Seeds.Mix(Options.Seed ^ 0x5EED5EEDUL, (ulong)it));
        var eps = torch.randn(x0.shape, generator: gen);

        double lr = LearningRateAt(it);
        foreach (var g in Optimizer.ParamGroups) g.LearningRate = lr;
        Optimizer.zero_grad();

        Tensor loss;
        double ct, dtm = 0, anchor = 0;
        var norms = GradNorms.None;
        string phase;
        if (Options.Objective == Objective.L1)
        {
            (loss, _) = CtmsrObjective.L1Loss(Online, x0, lq, y, eps, _settings);
            ct = loss.item<float>();
            phase = "l1";
        }
        else
        {
            var pair = CtmsrObjective.DrawPair(x0, y, eps, _schedule.GridSize(it), gen, Options.SigmaMax,
                Options.PairDraw == "batch");
            var (ctLoss, online) = CtmsrObjective.ConsistencyLoss(Online, pair, lq, y, _settings);
            loss = ctLoss;
            ct = ctLoss.item<float>();
            phase = "ct";
            bool oneStepDtm = Options.DtmSource == "one-step" && InDtmStage(it);
            Tensor? anchorLoss = null, oneStep = null;
            if (Options.AnchorWeight > 0 || Options.FrequencyWeight > 0 || Options.SpectralWeight > 0 || oneStepDtm)
            {
                (anchorLoss, oneStep) = CtmsrObjective.AnchorLoss(Online, x0, lq, y, eps, _settings);
                anchor = anchorLoss.item<float>();
                loss = loss + anchorLoss;
            }
            Tensor? dtmLoss = null;
            if (InDtmStage(it))
            {
                phase = "dtm";
                if (Frozen == null || (it - Options.CtIterations) % Options.DtmRefreshInterval == 0) RefreshFrozen();
                var epsPrime = torch.randn(x0.shape, generator: gen);
                (dtmLoss, _, _) = CtmsrObjective.DtmLoss(Frozen!, oneStepDtm ? oneStep! : online, x0, lq, y, epsPrime,
                    _settings);
            }
            bool balance = dtmLoss is not null && Options.DtmBalance > 0;
            if ((Options.GradNormEvery > 0 && it % Options.GradNormEvery == 0) || (balance && double.IsNaN(DtmScale)))
            {
                norms = new GradNorms(GradNorm(ctLoss), anchorLoss is null ? double.NaN : GradNorm(anchorLoss),
                    dtmLoss is null ? double.NaN : GradNorm(dtmLoss));
                if (balance) DtmScale = Options.DtmBalance * norms.Ct / Math.Max(norms.Dtm, 1e-12);
            }
            if (dtmLoss is not null)
            {
                if (balance) dtmLoss = dtmLoss * DtmScale;
                dtm = dtmLoss.item<float>();
                loss = loss + dtmLoss;
            }
        }

        double value = loss.item<float>();
        if (!double.IsFinite(value)) throw new NonFiniteLossException(it, value);
        loss.backward();
        if (Options.GradClip > 0) torch.nn.utils.clip_grad_norm_(_onlineParams, Options.GradClip);
        Optimizer.step();
        UpdateEma();
        Iteration = it + 1;
        return new StepResult(it, phase, value, ct, dtm, lr) { AnchorLoss = anchor, Norms = norms, DtmScale = DtmScale };
    }

    /// <summary>
    /// One-step PSNR (RGB, [0, 1] range) of the EMA weights at t = 1 and of plain bicubic, on a fixed probe batch of the
    /// data source (an index that training never reaches). A progress signal for the log, not the evaluation.
    /// </summary>
    public (double Ema, double Online, double Bicubic) ProbePsnr(int batchSize = 16)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var (hrB, lqB) = _data.Batch(long.MaxValue - 1, batchSize);
        var x0 = hrB * 2 - 1;
        var lq = lqB * 2 - 1;
        var y = CompactSrNet.Upsample(lq, Options.Scale);
        var eps = torch.randn(x0.shape, generator: new Generator(12345));
        var xT = y + Options.SigmaMax * eps;
        var d = Denoiser.Apply(Ema, xT, 1.0, lq, y, Options.SigmaMax);
        bool wasTraining = Online.training;
        Online.eval();
        var o = Denoiser.Apply(Online, xT, 1.0, lq, y, Options.SigmaMax);
        if (wasTraining) Online.train();
        static double Psnr(Tensor a, Tensor b)
        {
            var mse = (((a + 1) / 2).clamp(0, 1) - (b + 1) / 2).square().mean().item<float>();
            return 10 * Math.Log10(1.0 / Math.Max(mse, 1e-12));
        }
        return (Psnr(d, x0), Psnr(o, x0), Psnr(y, x0));
    }

    /// <summary>
    /// L2 norm of one loss term's gradient on the online weights, without touching their .grad (the graph is kept for
    /// the real backward pass). It says how much each term can move the shared weights against the others.
    /// </summary>
    private double GradNorm(Tensor term)
    {
        using var scope = torch.NewDisposeScope();
        var grads = torch.autograd.grad(new[] { term }, _onlineParams, retain_graph: true, allow_unused: true);
        double sq = 0;
        foreach (var g in grads)
            if (g is not null && !g.IsInvalid && g.numel() > 0) sq += g.square().sum().item<float>();
        return Math.Sqrt(sq);
    }

    private void RefreshFrozen()
    {
        Frozen ??= Checkpoint.NewNet(Options);
        Frozen.load_state_dict(Online.state_dict());
        Frozen.eval();
        foreach (var p in Frozen.parameters()) p.requires_grad = false;
    }

    private void UpdateEma()
    {
        double d = Options.EmaDecay;
        using var _ = torch.no_grad();
        for (int i = 0; i < _emaParams.Length; i++)
            _emaParams[i].mul_(d).add_(_onlineParams[i], alpha: 1 - d);
    }

    public void SaveCheckpoint(string path, double lastLoss, double wallSeconds)
    {
        var info = new CheckpointInfo
        {
            Iteration = Iteration,
            PriorIterations = PriorIterations,
            Options = Options,
            LastLoss = lastLoss,
            WallSeconds = wallSeconds,
            CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        };
        Checkpoint.Save(path, info, Online, Ema, Frozen, Optimizer);
    }

    /// <summary>Rebuilds a trainer from a checkpoint: same options, weights, optimizer state and iteration.</summary>
    public static (CtmsrTrainer Trainer, CheckpointInfo Info) Resume(string path, IBatchSource data)
    {
        var info = Checkpoint.ReadInfo(path);
        var trainer = new CtmsrTrainer(info.Options, data, applyInitFrom: false); // the checkpoint has the weights
        if (info.HasFrozen) trainer.Frozen = Checkpoint.NewNet(info.Options);
        Checkpoint.LoadInto(path, trainer.Online, trainer.Ema, trainer.Frozen, trainer.Optimizer);
        if (trainer.Frozen != null)
        {
            trainer.Frozen.eval();
            foreach (var p in trainer.Frozen.parameters()) p.requires_grad = false;
        }
        trainer.Iteration = info.Iteration;
        trainer.PriorIterations = info.PriorIterations;
        return (trainer, info);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Optimizer.Dispose();
        Online.Dispose();
        Ema.Dispose();
        Frozen?.Dispose();
    }
}
