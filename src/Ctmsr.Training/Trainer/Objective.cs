namespace Ctmsr.Training.Trainer;

/// <summary>Training objective: CTMSR (consistency training then DTM) or the plain-L1 baseline of the same net.</summary>
public enum Objective
{
    Ctmsr,
    L1,
}
