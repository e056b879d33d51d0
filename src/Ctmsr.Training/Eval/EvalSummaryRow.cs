namespace Ctmsr.Training.Eval;

/// <summary>Means over images of one method for one LR kind.</summary>
public sealed record EvalSummaryRow(
    LowResKind LowRes, string Method, int Images, double PsnrY, double SsimY, double HfRatio, double GradHistDistance, double SpectralDistance);
