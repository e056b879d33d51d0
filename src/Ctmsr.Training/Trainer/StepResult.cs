namespace Ctmsr.Training.Trainer;

/// <summary>Figures of one training step.</summary>
public readonly record struct StepResult(long Iteration, string Phase, double Loss, double CtLoss, double DtmLoss,
    double LearningRate)
{
    /// <summary>The DTM term's weight factor from --dtm-balance (NaN when off).</summary>
    public double DtmScale { get; init; }

    /// <summary>The ground-truth anchor term at t = 1 (0 when off).</summary>
    public double AnchorLoss { get; init; }

    /// <summary>Gradient norms of the loss terms on the shared weights; NaN where not measured this step.</summary>
    public GradNorms Norms { get; init; }
}
