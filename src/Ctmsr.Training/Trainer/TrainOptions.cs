using System.Text.Json;
using Ctmsr.Training.Nets;

namespace Ctmsr.Training.Trainer;

/// <summary>Every option of a training run. Stored in checkpoints, so a resumed run uses exactly the same values.</summary>
public sealed record TrainOptions
{
    public Objective Objective { get; init; } = Objective.Ctmsr;
    public string Preset { get; init; } = NetPreset.Default.Name;
    public int Scale { get; init; } = 2;
    public double SigmaMax { get; init; } = 1.0;

    /// <summary>Total iterations; for CTMSR the last <see cref="DtmIterations"/> of them are the DTM stage.</summary>
    public int Iterations { get; init; } = 36000;
    public int DtmIterations { get; init; } = 6000;
    public int BatchSize { get; init; } = 16;
    public int PatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 5e-4;
    public double WeightDecay { get; init; } = 1e-4;
    public LrSchedule Schedule { get; init; } = LrSchedule.Cosine;
    public int WarmupIterations { get; init; } = 500;
    public double MinLearningRateFraction { get; init; } = 0.05;
    public double GradClip { get; init; } = 1.0;

    public double EmaDecay { get; init; } = 0.999;
    public int DtmRefreshInterval { get; init; } = 1000;
    public double DtmLambda { get; init; } = 0.8;
    public double StructuralWeight { get; init; } = 0.5;
    public string DtmDistance { get; init; } = "l2";

    /// <summary>Weight of the ground-truth anchor at t = 1 (per-pixel Charbonnier of the one-step output to x0); 0 = off.</summary>
    public double AnchorWeight { get; init; }

    /// <summary>Weight of the FFT-amplitude distance of the one-step output to x0 (in the anchor term); 0 = off.</summary>
    public double FrequencyWeight { get; init; }

    /// <summary>Weight of the radially averaged log power spectrum distance of the one-step output to x0 (in the anchor term); 0 = off.</summary>
    public double SpectralWeight { get; init; }

    /// <summary>
    /// Which output DTM moves: "ct" (the online output of the CT branch at t_n+1, as before) or "one-step" (D(x_T, 1),
    /// the output the exported model computes).
    /// </summary>
    public string DtmSource { get; init; } = "ct";

    /// <summary>
    /// 0: the DTM term is weighted by DtmLambda alone. r > 0: its weight is rescaled at every gradient-norm measurement so
    /// that its gradient norm on the shared weights is r times the CT term's (adaptive balance, as a GAN's adaptive
    /// weight): DTM's raw gradient is orders of magnitude below CT's, so a fixed lambda cannot move the output.
    /// </summary>
    public double DtmBalance { get; init; }

    /// <summary>Measure the CT, anchor and DTM gradient norms on the shared weights every this many iterations (0 = never).</summary>
    public int GradNormEvery { get; init; } = 200;

    /// <summary>"sample": n drawn per sample; "batch": one n per batch.</summary>
    public string PairDraw { get; init; } = "sample";

    /// <summary>Fraction of the CT iterations on the N = 5 grid before N = 4 (DESIGN.md: the first half).</summary>
    public double GridSwitchFraction { get; init; } = 0.5;

    /// <summary>
    /// "cancel": F's residual is y - c_skip(t) (x - y), so D carries none of x_t's noise through the skip (at t = 1
    /// c_skip x_T would put c_skip sigma_max eps of pure noise into the output). "keep": F's residual is y alone, as in
    /// the runs before this option (their checkpoints read as "keep").
    /// </summary>
    public string SkipNoise { get; init; } = "cancel";

    /// <summary>A checkpoint whose online and EMA weights this run starts from (a continuation); null for a fresh start.</summary>
    public string? InitFrom { get; init; }

    public int CheckpointEvery { get; init; } = 2000;
    public ulong Seed { get; init; } = 0;

    /// <summary>A short description of the data (folder or list and split), written into the model's metadata.</summary>
    public string DataDescription { get; init; } = "";

    /// <summary>Where batches come from (stored so that --resume reopens the same data).</summary>
    public TrainDataSpec? Data { get; init; }

    public int CtIterations => Objective == Objective.Ctmsr ? Iterations - DtmIterations : Iterations;

    /// <summary>Checks every value; the message names the option (as spelled on the command line).</summary>
    public void Validate()
    {
        NetPreset.Parse(Preset);
        Require(Scale is >= 2 and <= 4, "--scale", $"must be 2, 3 or 4; got {Scale}");
        Require(SigmaMax > 0 && double.IsFinite(SigmaMax), "--sigma-max", $"must be a positive number; got {SigmaMax}");
        Require(Iterations >= 1, "--iterations", $"must be >= 1; got {Iterations}");
        Require(DtmIterations >= 0 && (Objective == Objective.L1 || DtmIterations < Iterations), "--dtm-iterations",
            $"must be >= 0 and below --iterations ({Iterations}); got {DtmIterations}");
        Require(BatchSize >= 1, "--batch-size", $"must be >= 1; got {BatchSize}");
        Require(PatchSize >= 8 * Scale && PatchSize % Scale == 0, "--patch-size",
            $"must be a multiple of the scale ({Scale}) and at least {8 * Scale}; got {PatchSize}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "--lr", $"must be a positive number; got {LearningRate}");
        Require(WeightDecay >= 0, "--weight-decay", $"must be >= 0; got {WeightDecay}");
        Require(WarmupIterations >= 0, "--warmup", $"must be >= 0; got {WarmupIterations}");
        Require(MinLearningRateFraction is >= 0 and <= 1, "--min-lr-fraction",
            $"must be in [0, 1]; got {MinLearningRateFraction}");
        Require(GradClip >= 0, "--grad-clip", $"must be >= 0 (0 turns clipping off); got {GradClip}");
        Require(EmaDecay is >= 0 and < 1, "--ema", $"must be in [0, 1); got {EmaDecay}");
        Require(DtmRefreshInterval >= 1, "--dtm-refresh", $"must be >= 1; got {DtmRefreshInterval}");
        Require(DtmLambda >= 0, "--dtm-lambda", $"must be >= 0; got {DtmLambda}");
        Require(StructuralWeight >= 0, "--structural-weight", $"must be >= 0; got {StructuralWeight}");
        Require(AnchorWeight >= 0 && double.IsFinite(AnchorWeight), "--anchor-weight", $"must be >= 0; got {AnchorWeight}");
        Require(FrequencyWeight >= 0 && double.IsFinite(FrequencyWeight), "--freq-weight", $"must be >= 0; got {FrequencyWeight}");
        Require(SpectralWeight >= 0 && double.IsFinite(SpectralWeight), "--spectral-weight", $"must be >= 0; got {SpectralWeight}");
        Require(DtmSource is "ct" or "one-step", "--dtm-source", $"must be 'ct' or 'one-step'; got '{DtmSource}'");
        Require(DtmBalance >= 0 && double.IsFinite(DtmBalance), "--dtm-balance", $"must be >= 0; got {DtmBalance}");
        Require(GradNormEvery >= 0, "--grad-norm-every", $"must be >= 0; got {GradNormEvery}");
        Require(DtmDistance is "l2" or "training", "--dtm-distance", $"must be 'l2' or 'training'; got '{DtmDistance}'");
        Require(SkipNoise is "cancel" or "keep", "--skip-noise", $"must be 'cancel' or 'keep'; got '{SkipNoise}'");
        Require(PairDraw is "sample" or "batch", "--pair-draw", $"must be 'sample' or 'batch'; got '{PairDraw}'");
        Require(CheckpointEvery >= 1, "--checkpoint-every", $"must be >= 1; got {CheckpointEvery}");
        Require(GridSwitchFraction is >= 0 and <= 1, "--grid-switch", $"must be in [0, 1]; got {GridSwitchFraction}");
    }

    private static void Require(bool ok, string option, string message)
    {
        if (!ok) throw new ArgumentException($"{option} {message}");
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrainOptions FromJson(string json) =>
        JsonSerializer.Deserialize<TrainOptions>(json, Json) ?? throw new InvalidDataException("empty options JSON");
}
