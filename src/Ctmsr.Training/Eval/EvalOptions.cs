namespace Ctmsr.Training.Eval;

/// <summary>What <see cref="Evaluator.Run"/> evaluates: models and baselines on a folder of images or a list's split.</summary>
public sealed record EvalOptions
{
    /// <summary>Exported .onnx models; each is named by its file name.</summary>
    public IReadOnlyList<string> Models { get; init; } = Array.Empty<string>();

    /// <summary>Names for <see cref="Models"/>, one per model in the same order; empty to name them by file name.</summary>
    public IReadOnlyList<string> Labels { get; init; } = Array.Empty<string>();

    /// <summary>Earlier summary.csv files whose rows are added to the perception-distortion plot.</summary>
    public IReadOnlyList<string> PlotFrom { get; init; } = Array.Empty<string>();

    /// <summary>A folder of HR images (PNG/JPEG, not recursive). Exactly one of this and <see cref="ListFile"/>.</summary>
    public string? ImagesDir { get; init; }

    /// <summary>A data list TSV (split, source, path); <see cref="Split"/> picks the rows.</summary>
    public string? ListFile { get; init; }

    public string Split { get; init; } = "val";

    public int Scale { get; init; } = 2;

    /// <summary>Where per-image.csv, summary.csv, sheet.png and pd-plot.png go; null writes nothing.</summary>
    public string? OutDir { get; init; }

    public int? MaxImages { get; init; }

    /// <summary>How many images get a row (per LR kind) in the crop sheet; 0 for no sheet.</summary>
    public int SheetCount { get; init; } = 4;

    /// <summary>Side of the square HR crop in the sheet (smaller images use their whole short side).</summary>
    public int SheetCrop { get; init; } = 64;

    public bool IncludeBaselines { get; init; } = true;

    /// <summary>Warnings (skipped files) go here; null means standard error.</summary>
    public TextWriter? Log { get; init; }
}
