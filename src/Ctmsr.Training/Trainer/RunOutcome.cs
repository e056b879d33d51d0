namespace Ctmsr.Training.Trainer;

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    Completed,
    StoppedOnNonFiniteLoss,
}
