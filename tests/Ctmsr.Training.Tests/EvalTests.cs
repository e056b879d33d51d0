using Ctmsr.Training.Eval;
using Ctmsr.Training.Export;
using Ctmsr.Training.Imaging;
using Ctmsr.Training.Nets;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

public class EvalTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("ctmsr-eval-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

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
        string images = Path.Combine(dir, "images");
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
        string model = Path.Combine(dir, "tiny-x2.onnx");
        OnnxExporter.Export(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 3), 1.0, ExportTestModels.Meta, model);
        var log = new StringWriter();

        var report = Evaluator.Run(new EvalOptions
        {
            Models = new[] { model }, ImagesDir = images, Scale = 2, OutDir = Path.Combine(dir, "out"), SheetCount = 2, Log = log,
        });

        Assert.That(report.Methods, Is.EqualTo(new[] { "tiny-x2.onnx", "nearest", "bilinear", "bicubic" }));
        Assert.That(report.Summary, Has.Count.EqualTo(8), "4 methods x 2 LR kinds");
        Assert.That(report.PerImage, Has.Count.EqualTo(16));
        Assert.That(report.Skipped, Has.Count.EqualTo(1));
        Assert.That(log.ToString(), Does.Contain("broken.png"));
        foreach (var r in report.Summary)
        {
            Assert.That(r.Images, Is.EqualTo(2));
            Assert.That(double.IsFinite(r.PsnrY) && double.IsFinite(r.SsimY) && double.IsFinite(r.HfRatio) && double.IsFinite(r.GradHistDistance),
                $"{r.Method}/{r.LowRes}: {r}");
        }
        foreach (var kind in Enum.GetValues<LowResKind>())
        {
            double Psnr(string m) => report.Summary.Single(r => r.LowRes == kind && r.Method == m).PsnrY;
            Assert.That(Psnr("bicubic"), Is.GreaterThan(Psnr("nearest")), kind.ToString());
        }
        Assert.That(File.Exists(report.PerImageCsv) && File.Exists(report.SummaryCsv) && File.Exists(report.SheetPng));
        Assert.That(File.ReadAllLines(report.PerImageCsv!), Has.Length.EqualTo(17));
        var sheet = ImageFile.Load(report.SheetPng!);
        Assert.That(sheet.Width, Is.GreaterThan(5 * 64), "HR + 4 methods side by side");
        var text = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(text), Ansi = Spectre.Console.AnsiSupport.No,
        });
        console.Profile.Width = 160;
        EvalTable.Write(report, console);
        string table = text.ToString();
        TestContext.Out.WriteLine(table);
        Assert.That(table, Does.Contain("tiny-x2.onnx").And.Contain("bicubic"));
    }

    [Test]
    public void Run_WithListFile_UsesTheSplit()
    {
        string images = WriteImages();
        string list = Path.Combine(dir, "list.tsv");
        File.WriteAllText(list, "# comment\nsplit\tsource\tpath\ntrain\tgen\timages/a.png\nval\tgen\timages/b.png\n");
        var report = Evaluator.Run(new EvalOptions { ListFile = list, Split = "val", Scale = 2, SheetCount = 0 });
        Assert.That(report.PerImage.Select(r => r.Image).Distinct(), Is.EqualTo(new[] { "b.png" }));
        Assert.That(report.SheetPng, Is.Null);
    }

    [Test]
    public void Run_OnEmptyFolder_ThrowsClearError()
    {
        var e = Assert.Throws<InvalidDataException>(() => Evaluator.Run(new EvalOptions { ImagesDir = dir, Scale = 2 }));
        Assert.That(e!.Message, Does.Contain(dir).And.Contain("no"));
    }

    [Test]
    public void Run_WithWrongScaleModel_NamesTheModel()
    {
        string images = WriteImages();
        string model = Path.Combine(dir, "x3.onnx");
        OnnxExporter.Export(ExportTestModels.PerturbedNet(NetPreset.Tiny, 3, 3), 1.0, ExportTestModels.Meta, model);
        var e = Assert.Throws<ArgumentException>(() =>
            Evaluator.Run(new EvalOptions { Models = new[] { model }, ImagesDir = images, Scale = 2 }));
        Assert.That(e!.Message, Does.Contain("x3.onnx").And.Contain("x3"));
    }
}
