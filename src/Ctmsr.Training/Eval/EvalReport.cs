namespace Ctmsr.Training.Eval;

/// <summary>Metrics of one method on one image for one LR kind (Y channel, border of s pixels shaved).</summary>
public sealed record EvalImageResult(
    string Image, LowResKind LowRes, string Method, double PsnrY, double SsimY, double HfRatio, double GradHistDistance, double SpectralDistance);

/// <summary>Means over images of one method for one LR kind.</summary>
public sealed record EvalSummaryRow(
    LowResKind LowRes, string Method, int Images, double PsnrY, double SsimY, double HfRatio, double GradHistDistance, double SpectralDistance);

/// <summary>The outcome of <see cref="Evaluator.Run"/>; file paths are null when no output folder was given.</summary>
public sealed record EvalReport(
    int Scale,
    IReadOnlyList<string> Methods,
    IReadOnlyList<EvalImageResult> PerImage,
    IReadOnlyList<EvalSummaryRow> Summary,
    IReadOnlyList<string> Skipped,
    string? PerImageCsv,
    string? SummaryCsv,
    string? SheetPng,
    string? PdPlotPng);
