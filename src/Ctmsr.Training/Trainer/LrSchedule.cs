namespace Ctmsr.Training.Trainer;

/// <summary>Learning-rate schedule over the whole run.</summary>
public enum LrSchedule
{
    Constant,
    Cosine,
}
