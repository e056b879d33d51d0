namespace Ctmsr.Training.Eval;

/// <summary>How the evaluation makes LR from HR: a box filter (a supersampled render) or antialiased bicubic.</summary>
public enum LowResKind
{
    Area,
    Bicubic,
}
