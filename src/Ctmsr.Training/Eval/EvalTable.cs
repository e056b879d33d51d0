using System.Globalization;
using Spectre.Console;

namespace Ctmsr.Training.Eval;

/// <summary>Renders an <see cref="EvalReport"/>'s means as a console table (method x LR kind).</summary>
public static class EvalTable
{
    public static Table Build(EvalReport report)
    {
        var table = new Table().Title($"x{report.Scale}: means over images (Y channel, {report.Scale}-px border shaved, PSNR capped at {Evaluator.PsnrCap} dB)");
        table.AddColumn("LR");
        table.AddColumn("method");
        table.AddColumn(new TableColumn("images").RightAligned());
        table.AddColumn(new TableColumn("PSNR-Y dB").RightAligned());
        table.AddColumn(new TableColumn("SSIM-Y").RightAligned());
        table.AddColumn(new TableColumn("HF ratio").RightAligned());
        table.AddColumn(new TableColumn("grad-hist L1").RightAligned());
        table.AddColumn(new TableColumn("spectral").RightAligned());
        foreach (var r in report.Summary)
            table.AddRow(Evaluator.Kind(r.LowRes), Markup.Escape(r.Method), r.Images.ToString(CultureInfo.InvariantCulture),
                Fmt(r.PsnrY, "F2"), Fmt(r.SsimY, "F4"), Fmt(r.HfRatio, "F3"), Fmt(r.GradHistDistance, "F3"),
                Fmt(r.SpectralDistance, "F3"));
        return table;
    }

    public static void Write(EvalReport report, IAnsiConsole console) => console.Write(Build(report));

    private static string Fmt(double v, string format) =>
        double.IsPositiveInfinity(v) ? "inf" : double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
}
