namespace Ctmsr.Training.Eval;

/// <summary>Metrics of one method on one image for one LR kind (Y channel, border of s pixels shaved).</summary>
public sealed record EvalImageResult(
    string Image, LowResKind LowRes, string Method, double PsnrY, double SsimY, double HfRatio, double GradHistDistance, double SpectralDistance);
