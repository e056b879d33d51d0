using Ctmsr.Training.Eval;
using Ctmsr.Training.Export;
using Ctmsr.Training.Imaging;
using Ctmsr.Training.Nets;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

public class EvalTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ctmsr-eval-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A smooth colourful pattern (so bicubic beats nearest), sides not multiples of 2 to test the crop.</summary>
    private static RgbImage Smooth(int w, int h, double phase)
    {
        var p = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = 3 * (y * w + x);
                p[i] = (byte)(127 + 120 * Math.Sin(x * 0.21 + phase));
                p[i + 1] = (byte)(127 + 120 * Math.Cos(y * 0.17 - phase));
                p[i + 2] = (byte)(127 + 120 * Math.Sin((x + y) * 0.13));
            }
        return new RgbImage(w, h, p);
    }

    private string WriteImages()
    {
        string images = Path.Combine(_dir, "images");
        Directory.CreateDirectory(images);
        ImageFile.SavePng(Smooth(64, 48, 0.0), Path.Combine(images, "a.png"));
        ImageFile.SavePng(Smooth(65, 49, 1.3), Path.Combine(images, "b.png"));
        return images;
    }

    [Test]
    public void Run_OnTwoImagesWithTinyModel_ReportsEveryMethodAndWritesFiles()
    {
        string images = WriteImages();
        File.WriteAllText(Path.Combine(images, "broken.png"), "not a png");
        string model = Path.Combine(_dir, "tiny-x2.onnx");
        OnnxExporter.Export(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 3), 1.0, ExportTestModels.Meta, model);
        var log = new StringWriter();

        var report = Evaluator.Run(new EvalOptions
        {
            Models = new[] { model }, ImagesDir = images, Scale = 2, OutDir = Path.Combine(_dir, "out"), SheetCount = 2, Log = log,
        });

        Assert.That(report.Methods, Is.EqualTo(new[] { "tiny-x2.onnx", "nearest", "bilinear", "bicubic", "easu" }));
        Assert.That(report.Summary, Has.Count.EqualTo(10), "5 methods x 2 LR kinds");
        Assert.That(report.PerImage, Has.Count.EqualTo(20));
        Assert.That(report.Skipped, Has.Count.EqualTo(1));
        Assert.That(log.ToString(), Does.Contain("broken.png"));
        foreach (var r in report.Summary)
        {
            Assert.That(r.Images, Is.EqualTo(2));
            Assert.That(double.IsFinite(r.PsnrY) && double.IsFinite(r.SsimY) && double.IsFinite(r.HfRatio) && double.IsFinite(r.GradHistDistance)
                && double.IsFinite(r.SpectralDistance) && r.SpectralDistance > 0,
                $"{r.Method}/{r.LowRes}: {r}");
        }
        foreach (var kind in Enum.GetValues<LowResKind>())
        {
            double Psnr(string m) => report.Summary.Single(r => r.LowRes == kind && r.Method == m).PsnrY;
            Assert.That(Psnr("bicubic"), Is.GreaterThan(Psnr("nearest")), kind.ToString());
            Assert.That(Psnr("easu"), Is.GreaterThan(Psnr("nearest")), kind.ToString());
        }
        Assert.That(File.Exists(report.PerImageCsv) && File.Exists(report.SummaryCsv) && File.Exists(report.SheetPng));
        var perImageLines = File.ReadAllLines(report.PerImageCsv!);
        Assert.That(perImageLines, Has.Length.EqualTo(21));
        Assert.That(perImageLines[0], Does.EndWith(",grad_hist_l1,spectral"));
        Assert.That(File.ReadAllLines(report.SummaryCsv!)[0], Does.EndWith(",grad_hist_l1,spectral"));
        Assert.That(report.PdPlotPng, Is.EqualTo(Path.Combine(_dir, "out", "pd-plot.png")));
        var pd = ImageFile.Load(report.PdPlotPng!);
        Assert.That((pd.Width, pd.Height), Is.EqualTo((PerceptionDistortionPlot.Width, PerceptionDistortionPlot.Height)));
        var sheet = ImageFile.Load(report.SheetPng!);
        Assert.That(sheet.Width, Is.GreaterThan(6 * 64), "HR + 5 methods side by side");
        var text = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(text), Ansi = Spectre.Console.AnsiSupport.No,
        });
        console.Profile.Width = 160;
        EvalTable.Write(report, console);
        string table = text.ToString();
        TestContext.Out.WriteLine(table);
        Assert.That(table, Does.Contain("tiny-x2.onnx").And.Contain("bicubic").And.Contain("easu").And.Contain("spectral"));
    }

    [TestCase(2, 16)]
    [TestCase(3, 18)]
    [TestCase(4, 20)]
    public void MinimumImageSide_LeavesRoomForTheSsimWindowAfterTheShave(int scale, int side)
    {
        Assert.That(Evaluator.MinimumImageSide(scale), Is.EqualTo(side));
        Assert.That(side % scale, Is.Zero);
        Assert.That(side - 2 * scale, Is.GreaterThanOrEqualTo(Ctmsr.Metrics.ImageMetrics.SsimWindow));
        Assert.That(side - scale - 2 * scale, Is.LessThan(Ctmsr.Metrics.ImageMetrics.SsimWindow), "one LR pixel less would not fit");
    }

    [Test]
    public void Run_WithAnImageTooSmallForSsim_SkipsItWithAWarningNamingTheSizeAndTheMinimum()
    {
        string images = Path.Combine(_dir, "images");
        Directory.CreateDirectory(images);
        ImageFile.SavePng(Smooth(16, 16, 0.0), Path.Combine(images, "just-enough.png"));
        ImageFile.SavePng(Smooth(15, 40, 0.5), Path.Combine(images, "too-narrow.png"));
        var log = new StringWriter();

        var report = Evaluator.Run(new EvalOptions { ImagesDir = images, Scale = 2, SheetCount = 0, Log = log });

        Assert.That(report.Skipped, Is.EqualTo(new[] { Path.Combine(images, "too-narrow.png") }));
        Assert.That(log.ToString(), Does.Contain("too-narrow.png").And.Contain("15x40").And.Contain("needs 16x16")
            .And.Contain("11x11"));
        Assert.That(report.PerImage.Select(r => r.Image).Distinct(), Is.EqualTo(new[] { "just-enough.png" }));
        Assert.That(report.PerImage.All(r => double.IsFinite(r.SsimY)), "a 16x16 image at x2 leaves a 12x12 plane");
    }

    [Test]
    public void Run_WithListFile_UsesTheSplit()
    {
        string images = WriteImages();
        string list = Path.Combine(_dir, "list.tsv");
        File.WriteAllText(list, "# comment\nsplit\tsource\tpath\ntrain\tgen\timages/a.png\nval\tgen\timages/b.png\n");
        var report = Evaluator.Run(new EvalOptions { ListFile = list, Split = "val", Scale = 2, SheetCount = 0 });
        Assert.That(report.PerImage.Select(r => r.Image).Distinct(), Is.EqualTo(new[] { "b.png" }));
        Assert.That(report.SheetPng, Is.Null);
    }

    [Test]
    public void Run_OnEmptyFolder_ThrowsClearError()
    {
        var e = Assert.Throws<InvalidDataException>(() => Evaluator.Run(new EvalOptions { ImagesDir = _dir, Scale = 2 }));
        Assert.That(e!.Message, Does.Contain(_dir).And.Contain("no"));
    }

    [Test]
    public void Run_WithWrongScaleModel_NamesTheModel()
    {
        string images = WriteImages();
        string model = Path.Combine(_dir, "x3.onnx");
        OnnxExporter.Export(ExportTestModels.PerturbedNet(NetPreset.Tiny, 3, 3), 1.0, ExportTestModels.Meta, model);
        var e = Assert.Throws<ArgumentException>(() =>
            Evaluator.Run(new EvalOptions { Models = new[] { model }, ImagesDir = images, Scale = 2 }));
        Assert.That(e!.Message, Does.Contain("x3.onnx").And.Contain("x3"));
    }

    private string TinyModel(string name = "tiny-x2.onnx")
    {
        string model = Path.Combine(_dir, name);
        OnnxExporter.Export(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 3), 1.0, ExportTestModels.Meta, model);
        return model;
    }

    [Test]
    public void Run_WithLabels_NamesModelsByLabel_AndPlotFromMergesAnEarlierSummary()
    {
        string images = WriteImages();
        string model = TinyModel();
        var first = Evaluator.Run(new EvalOptions
        {
            Models = new[] { model }, Labels = new[] { "ckpt-a" }, ImagesDir = images, Scale = 2, SheetCount = 0,
            OutDir = Path.Combine(_dir, "run-a"),
        });
        Assert.That(first.Methods[0], Is.EqualTo("ckpt-a"));
        var log = new StringWriter();
        var second = Evaluator.Run(new EvalOptions
        {
            Models = new[] { model }, Labels = new[] { "ckpt-b" }, ImagesDir = images, Scale = 2, SheetCount = 0,
            OutDir = Path.Combine(_dir, "run-b"), PlotFrom = new[] { first.SummaryCsv! }, Log = log,
        });
        var pd = ImageFile.Load(second.PdPlotPng!);
        Assert.That((pd.Width, pd.Height), Is.EqualTo((PerceptionDistortionPlot.Width, PerceptionDistortionPlot.Height)));
        Assert.That(log.ToString(), Does.Not.Contain("warning"), "same images: the earlier baselines agree");

        var earlier = SummaryCsvFile.Read(first.SummaryCsv!);
        var points = PerceptionDistortionPlot.Points(second.Summary, new[] { (first.SummaryCsv!, earlier) }, log);
        Assert.That(points.Select(p => p.Label).Distinct(), Is.EquivalentTo(new[] { "ckpt-b", "nearest", "bilinear", "bicubic", "easu", "ckpt-a" }));
        Assert.That(points, Has.Count.EqualTo(12), "6 methods x 2 LR kinds, earlier baselines not repeated");
        var a = points.Single(p => p.Label == "ckpt-a" && p.LowRes == LowResKind.Area);
        var fromFirst = first.Summary.Single(r => r.Method == "ckpt-a" && r.LowRes == LowResKind.Area);
        Assert.That(a.SpectralDistance, Is.EqualTo(fromFirst.SpectralDistance).Within(1e-6));
        Assert.That(a.PsnrY, Is.EqualTo(fromFirst.PsnrY).Within(1e-6));
    }

    [Test]
    public void PlotPoints_WithAnEarlierLabelAlreadyUsed_AppendsItsFolder_AndWarnsOnOtherBaselines()
    {
        var current = new[]
        {
            new EvalSummaryRow(LowResKind.Area, "model.onnx", 3, 30, 0.9, 0.8, 0.1, 0.5),
            new EvalSummaryRow(LowResKind.Area, "bicubic", 3, 29, 0.88, 0.5, 0.2, 1.2),
        };
        var earlier = new[]
        {
            new EvalSummaryRow(LowResKind.Area, "model.onnx", 3, 30.5, 0.9, 0.9, 0.1, 0.4),
            new EvalSummaryRow(LowResKind.Area, "bicubic", 3, 28, 0.88, 0.5, 0.2, 1.2),
        };
        string path = Path.Combine(_dir, "ckpt-40k", "summary.csv");
        var log = new StringWriter();
        var points = PerceptionDistortionPlot.Points(current, new[] { (path, (IReadOnlyList<EvalSummaryRow>)earlier) }, log);
        Assert.That(points.Select(p => p.Label), Is.EqualTo(new[] { "model.onnx", "bicubic", "model.onnx (ckpt-40k)" }));
        Assert.That(log.ToString(), Does.Contain("bicubic").And.Contain("28.000").And.Contain("29.000"));
    }

    [Test]
    public void SummaryCsv_ReadBack_KeepsEveryColumn_AndQuotedNames()
    {
        var rows = new[]
        {
            new EvalSummaryRow(LowResKind.Area, "a,b \"x\".onnx", 7, 31.25, 0.91, 0.85, 0.125, 0.75),
            new EvalSummaryRow(LowResKind.Bicubic, "easu", 7, double.PositiveInfinity, 0.5, double.NaN, 0.25, 1.5),
        };
        string path = Path.Combine(_dir, "summary.csv");
        File.WriteAllText(path, Evaluator.SummaryCsv(rows));
        var back = SummaryCsvFile.Read(path);
        Assert.That(back, Has.Count.EqualTo(2));
        Assert.That(back[0], Is.EqualTo(rows[0]));
        Assert.That(back[1].Method, Is.EqualTo("easu"));
        Assert.That(back[1].LowRes, Is.EqualTo(LowResKind.Bicubic));
        Assert.That(back[1].PsnrY, Is.EqualTo(double.PositiveInfinity));
        Assert.That(back[1].HfRatio, Is.NaN);
        Assert.That(back[1].SpectralDistance, Is.EqualTo(1.5));
    }

    [Test]
    public void SummaryCsv_WithoutSpectralColumn_NamesTheFileAndColumn()
    {
        string path = Path.Combine(_dir, "old-summary.csv");
        File.WriteAllText(path, "lr,method,images,psnr_y,ssim_y,hf_ratio,grad_hist_l1\narea,bicubic,3,29,0.9,0.5,0.2\n");
        var e = Assert.Throws<InvalidDataException>(() => SummaryCsvFile.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("spectral"));
    }

    [Test]
    public void SummaryCsv_WithABadNumber_NamesLineAndColumn()
    {
        string path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "lr,method,images,psnr_y,ssim_y,hf_ratio,grad_hist_l1,spectral\narea,bicubic,3,29,0.9,0.5,0.2,0.7\narea,x,3,twenty,0.9,0.5,0.2,0.7\n");
        var e = Assert.Throws<InvalidDataException>(() => SummaryCsvFile.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("line 3").And.Contain("psnr_y").And.Contain("twenty"));
    }

    [Test]
    public void Run_WithLabelCountUnlikeModelCount_NamesBothCounts()
    {
        string images = WriteImages();
        var e = Assert.Throws<ArgumentException>(() => Evaluator.Run(new EvalOptions
        {
            Models = new[] { "a.onnx", "b.onnx" }, Labels = new[] { "only-one" }, ImagesDir = images, Scale = 2,
        }));
        Assert.That(e!.Message, Does.Contain("--label").And.Contain("1 time(s)").And.Contain("2 --model(s)"));
    }

    [Test]
    public void Run_WithPlotFromMissingFile_NamesTheFileBeforeEvaluating()
    {
        string images = WriteImages();
        string missing = Path.Combine(_dir, "nowhere", "summary.csv");
        var e = Assert.Throws<FileNotFoundException>(() => Evaluator.Run(new EvalOptions
        {
            ImagesDir = images, Scale = 2, OutDir = Path.Combine(_dir, "out"), PlotFrom = new[] { missing },
        }));
        Assert.That(e!.Message, Does.Contain(missing));
        Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False, "nothing was evaluated");
    }

    [Test]
    public void Run_WithPlotFromButNoOut_SaysWhereThePlotWouldGo()
    {
        var e = Assert.Throws<ArgumentException>(() => Evaluator.Run(new EvalOptions
        {
            ImagesDir = _dir, Scale = 2, PlotFrom = new[] { "summary.csv" },
        }));
        Assert.That(e!.Message, Does.Contain("--plot-from").And.Contain("--out"));
    }

    [Test]
    public void EasuMethod_MakesTheScaledSize_AndKeepsAFlatColour()
    {
        var flat = new RgbImage(7, 5, Enumerable.Range(0, 35).SelectMany(_ => new byte[] { 200, 100, 30 }).ToArray());
        var sr = new EasuMethod(3).Upscale(flat);
        Assert.That((sr.Width, sr.Height), Is.EqualTo((21, 15)));
        for (int i = 0; i < sr.Pixels.Length; i += 3)
            Assert.That(new[] { sr.Pixels[i], sr.Pixels[i + 1], sr.Pixels[i + 2] }, Is.EqualTo(new byte[] { 200, 100, 30 }), $"pixel {i / 3}");
    }
}
