using System.CommandLine;
using Ctmsr.Training.Eval;
using Spectre.Console;

namespace Ctmsr.Training.Cli;

/// <summary>The 'eval' verb: models and baselines on HR images, PSNR/SSIM-Y and realism measures, CSV and a crop sheet.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model")
        {
            Description = "exported .onnx model (repeat for several)", AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => Array.Empty<string>(),
        };
        var labels = new Option<string[]>("--label")
        {
            Description = "name of each --model in tables, CSV and the plot (repeat, same order as --model; default: the file name)",
            AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => Array.Empty<string>(),
        };
        var plotFrom = new Option<string[]>("--plot-from")
        {
            Description = "an earlier eval's summary.csv whose methods are added to pd-plot.png (repeat; same images and --scale " +
                          "expected; its baselines give way to this run's, its method names get the file's folder name when taken)",
            AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => Array.Empty<string>(),
        };
        var images = new Option<string?>("--images") { Description = "folder of HR images (PNG/JPEG)" };
        var list = new Option<string?>("--list") { Description = "data list TSV (split, source, path)" };
        var split = new Option<string>("--split") { Description = "which split of --list", DefaultValueFactory = _ => "val" };
        var scale = new Option<int>("--scale") { Description = "upscaling factor (2, 3 or 4)", Required = true };
        var outDir = new Option<string?>("--out") { Description = "folder for per-image.csv, summary.csv, sheet.png and pd-plot.png (PSNR-Y against spectral distance)" };
        var maxImages = new Option<int?>("--max-images") { Description = "evaluate at most this many images" };
        var sheetCount = new Option<int>("--sheet-count")
        {
            Description = "images shown in the crop sheet", DefaultValueFactory = _ => 4,
        };
        var cmd = new Command("eval", "evaluate models against nearest/bilinear/bicubic/EASU-style on HR images")
        {
            models, labels, images, list, split, scale, outDir, maxImages, sheetCount, plotFrom,
        };
        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            var options = new EvalOptions
            {
                Models = pr.GetValue(models) ?? Array.Empty<string>(),
                Labels = pr.GetValue(labels) ?? Array.Empty<string>(),
                PlotFrom = pr.GetValue(plotFrom) ?? Array.Empty<string>(),
                ImagesDir = pr.GetValue(images),
                ListFile = pr.GetValue(list),
                Split = pr.GetValue(split) ?? "val",
                Scale = pr.GetValue(scale),
                OutDir = pr.GetValue(outDir),
                MaxImages = pr.GetValue(maxImages),
                SheetCount = pr.GetValue(sheetCount),
            };
            var report = Evaluator.Run(options);
            // Redirected output (a log file) gets Spectre's 80-column default, which wraps method names and headers.
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 132);
            EvalTable.Write(report, AnsiConsole.Console);
            foreach (var g in BicubicGap.Compute(report.PerImage))
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"vs bicubic ({Evaluator.Kind(g.LowRes)}, {g.Method}): mean {g.MeanGain:+0.000;-0.000} dB, worst {g.WorstGain:+0.000;-0.000} dB ({g.WorstImage}), {g.BelowMargin} image(s) more than {BicubicGap.Margin} dB below"));
            if (report.Skipped.Count > 0) AnsiConsole.MarkupLine($"[yellow]{report.Skipped.Count} image(s) skipped[/]");
            foreach (var f in new[] { report.PerImageCsv, report.SummaryCsv, report.SheetPng, report.PdPlotPng })
                if (f != null) Console.WriteLine($"wrote {f}");
            return 0;
        }));
        return cmd;
    }
}
