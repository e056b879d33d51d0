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
        var images = new Option<string?>("--images") { Description = "folder of HR images (PNG/JPEG)" };
        var list = new Option<string?>("--list") { Description = "data list TSV (split, source, path)" };
        var split = new Option<string>("--split") { Description = "which split of --list", DefaultValueFactory = _ => "val" };
        var scale = new Option<int>("--scale") { Description = "upscaling factor (2, 3 or 4)", Required = true };
        var outDir = new Option<string?>("--out") { Description = "folder for per-image.csv, summary.csv and sheet.png" };
        var maxImages = new Option<int?>("--max-images") { Description = "evaluate at most this many images" };
        var sheetCount = new Option<int>("--sheet-count")
        {
            Description = "images shown in the crop sheet", DefaultValueFactory = _ => 4,
        };
        var cmd = new Command("eval", "evaluate models against nearest/bilinear/bicubic on HR images")
        {
            models, images, list, split, scale, outDir, maxImages, sheetCount,
        };
        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            var options = new EvalOptions
            {
                Models = pr.GetValue(models) ?? Array.Empty<string>(),
                ImagesDir = pr.GetValue(images),
                ListFile = pr.GetValue(list),
                Split = pr.GetValue(split) ?? "val",
                Scale = pr.GetValue(scale),
                OutDir = pr.GetValue(outDir),
                MaxImages = pr.GetValue(maxImages),
                SheetCount = pr.GetValue(sheetCount),
            };
            var report = Evaluator.Run(options);
            EvalTable.Write(report, AnsiConsole.Console);
            if (report.Skipped.Count > 0) AnsiConsole.MarkupLine($"[yellow]{report.Skipped.Count} image(s) skipped[/]");
            foreach (var f in new[] { report.PerImageCsv, report.SummaryCsv, report.SheetPng })
                if (f != null) Console.WriteLine($"wrote {f}");
            return 0;
        }));
        return cmd;
    }
}
