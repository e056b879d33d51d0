namespace Ctmsr.Training.Trainer;

/// <summary>Figures of one training step.</summary>
public readonly record struct StepResult(long Iteration, string Phase, double Loss, double CtLoss, double DtmLoss,
    double LearningRate);
