namespace Ctmsr.Training.Eval;

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
