using System.Text.Json;

namespace Ctmsr.Training.Trainer;

/// <summary>What a checkpoint says about itself (stored as JSON at its start).</summary>
public sealed record CheckpointInfo
{
    public int FormatVersion { get; init; } = 1;

    /// <summary>Iterations completed; a resumed run continues with this iteration index.</summary>
    public long Iteration { get; init; }
    public TrainOptions Options { get; init; } = new();
    public double LastLoss { get; init; }
    public double WallSeconds { get; init; }
    public string CreatedUtc { get; init; } = "";
    public bool HasFrozen { get; init; }

    /// <summary>
    /// Iterations that shaped the starting weights before this run: a run started with --init-from counts its
    /// source's <see cref="Iteration"/> plus the source's own prior iterations. 0 for a run from scratch.
    /// </summary>
    public long PriorIterations { get; init; }

    /// <summary>All iterations behind these weights: the prior runs' and this run's.</summary>
    public long TotalIterations => PriorIterations + Iteration;

    public double SigmaMax => Options.SigmaMax;
    public int Scale => Options.Scale;
    public string Preset => Options.Preset;
    /// <summary>
    /// The objective's terms, e.g. "ctmsr-ct+anchor+fft" or "ctmsr-ct+dtm": CT always, then each realism term the run
    /// had (a t = 1 anchor, the FFT-amplitude or radial-spectrum distances, a DTM stage); "l1" for the baseline.
    /// </summary>
    public string Objective => Options.Objective != Trainer.Objective.Ctmsr ? "l1" :
        "ctmsr-ct" + (Options.AnchorWeight > 0 ? "+anchor" : "") + (Options.FrequencyWeight > 0 ? "+fft" : "") +
        (Options.SpectralWeight > 0 ? "+spectral" : "") + (Options.DtmIterations > 0 ? "+dtm" : "");

    /// <summary>The short JSON summary that goes into the model's <c>ctmsr.training</c> metadata.</summary>
    public string TrainingSummaryJson => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["data"] = Options.DataDescription,
        ["iterations"] = TotalIterations,
        ["prior_iterations"] = PriorIterations,
        ["dtm_iterations"] = Options.Objective == Trainer.Objective.Ctmsr
            ? Math.Max(0, Iteration - Options.CtIterations) : 0,
        ["objective"] = Objective,
        ["batch"] = Options.BatchSize,
        ["patch"] = Options.PatchSize,
        ["date"] = CreatedUtc.Length >= 10 ? CreatedUtc[..10] : CreatedUtc,
    });
}
