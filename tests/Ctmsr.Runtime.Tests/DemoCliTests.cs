using Ctmsr.Demo;
using NUnit.Framework;
using SkiaSharp;

namespace Ctmsr.Runtime.Tests;

[NonParallelizable] // Redirects Console.
public class DemoCliTests
{
    private string _dir = "";
    private TextWriter _out = Console.Out, _err = Console.Error;
    private StringWriter _stdout = new(), _stderr = new();

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ctmsr-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _out = Console.Out;
        _err = Console.Error;
        _stdout = new StringWriter();
        _stderr = new StringWriter();
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
    }

    [TearDown]
    public void TearDown()
    {
        Console.SetOut(_out);
        Console.SetError(_err);
        _stdout.Dispose();
        _stderr.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Upscale_GeneratedSample_WritesPngOfTwiceTheSizeWithAlpha()
    {
        string sample = Path.Combine(_dir, "sample.png"), model = Path.Combine(_dir, "tiny.onnx"), result = Path.Combine(_dir, "out.png");
        File.WriteAllBytes(model, TestModels.Valid());
        Assert.That(Program.Main(new[] { "make-sample", sample, "--width", "48", "--height", "27" }), Is.EqualTo(0), _stderr.ToString());

        int rc = Program.Main(new[] { "upscale", sample, result, "--model", model, "--backend", "cpu" });

        Assert.That(rc, Is.EqualTo(0), _stderr.ToString());
        using SKBitmap input = SKBitmap.Decode(sample);
        using SKBitmap output = SKBitmap.Decode(result);
        Assert.That((output.Width, output.Height), Is.EqualTo((96, 54)));
        // Nearest model: colour of output (2x, 2y) is the input's (x, y).
        Assert.That(output.GetPixel(40, 30), Is.EqualTo(input.GetPixel(20, 15)));
        Assert.That(_stdout.ToString(), Does.Contain("(96x54)"));
    }

    [Test]
    public void Upscale_TransparentInput_KeepsAlpha()
    {
        string input = Path.Combine(_dir, "alpha.png"), model = Path.Combine(_dir, "tiny.onnx"), result = Path.Combine(_dir, "out.png");
        File.WriteAllBytes(model, TestModels.Valid());
        using (var bmp = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 4; x++) bmp.SetPixel(x, y, new SKColor(200, 100, 50, 128));
            using var file = File.Create(input);
            bmp.Encode(file, SKEncodedImageFormat.Png, 100);
        }

        Assert.That(Program.Main(new[] { "upscale", input, result, "--model", model }), Is.EqualTo(0), _stderr.ToString());

        using var codec = SKCodec.Create(result);
        var info = new SKImageInfo(8, 8, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        unsafe { fixed (byte* p = pixels) Assert.That(codec.GetPixels(info, (IntPtr)p), Is.EqualTo(SKCodecResult.Success)); }
        Assert.That(pixels.AsSpan(4 * 27, 4).ToArray(), Is.EqualTo(new byte[] { 200, 100, 50, 128 }));
    }

    [Test]
    public void Upscale_NotAnImage_ExitsWithCode2NamingTheFile()
    {
        string bad = Path.Combine(_dir, "notes.png");
        File.WriteAllText(bad, "not an image");

        int rc = Program.Main(new[] { "upscale", bad, Path.Combine(_dir, "out.png"), "--model", "whatever.onnx" });

        Assert.That(rc, Is.EqualTo(2));
        Assert.That(_stderr.ToString().Trim(), Does.StartWith("ctmsr-demo: error: ").And.Contain(bad).And.Not.Contain("\n"));
    }

    [Test]
    public void Upscale_MissingModel_ExitsWithCode2NamingThePath()
    {
        string sample = Path.Combine(_dir, "sample.png"), missing = Path.Combine(_dir, "no-model.onnx");
        Program.Main(new[] { "make-sample", sample, "--width", "8", "--height", "8" });

        int rc = Program.Main(new[] { "upscale", sample, Path.Combine(_dir, "out.png"), "--model", missing });

        Assert.That(rc, Is.EqualTo(2));
        Assert.That(_stderr.ToString(), Does.Contain($"model file '{missing}' does not exist"));
    }

    [Test]
    public void Upscale_ModelBreakingContract_ExitsWithCode2AndTheDifference()
    {
        string sample = Path.Combine(_dir, "sample.png"), model = Path.Combine(_dir, "four.onnx");
        File.WriteAllBytes(model, TestModels.Build(new TestModelSpec { LowResChannels = 4 }));
        Program.Main(new[] { "make-sample", sample, "--width", "8", "--height", "8" });

        int rc = Program.Main(new[] { "upscale", sample, Path.Combine(_dir, "out.png"), "--model", model });

        Assert.That(rc, Is.EqualTo(2));
        Assert.That(_stderr.ToString(), Does.Contain("input 'lr' has 4 channels; the contract needs 3").And.Contain(model));
    }

    [Test]
    public void Upscale_WithoutModelOption_FindsModelsFolderUpward()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "models"));
        File.WriteAllBytes(Path.Combine(_dir, "models", "ctmsr-x2.onnx"), TestModels.Valid());
        string nested = Path.Combine(_dir, "a", "b");
        Directory.CreateDirectory(nested);
        string previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(nested);
            Assert.That(Program.Main(new[] { "make-sample", "in.png", "--width", "6", "--height", "4" }), Is.EqualTo(0));

            int rc = Program.Main(new[] { "upscale", "in.png", "out.png" });

            Assert.That(rc, Is.EqualTo(0), _stderr.ToString());
            Assert.That(_stdout.ToString(), Does.Contain(Path.Combine(_dir, "models", "ctmsr-x2.onnx")).And.Contain("(12x8)"));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Test]
    public void Upscale_QualityMode_WritesDisplaySizeOfInputTimesRatio()
    {
        string sample = Path.Combine(_dir, "sample.png"), model = Path.Combine(_dir, "tiny.onnx"), result = Path.Combine(_dir, "out.png");
        File.WriteAllBytes(model, TestModels.Valid());
        Program.Main(new[] { "make-sample", sample, "--width", "48", "--height", "27" });

        int rc = Program.Main(new[] { "upscale", sample, result, "--model", model, "--mode", "Quality", "--backend", "Cpu" });

        Assert.That(rc, Is.EqualTo(0), _stderr.ToString());
        using SKBitmap output = SKBitmap.Decode(result);
        Assert.That((output.Width, output.Height), Is.EqualTo((72, 41)), "48 x 1.5 = 72, 27 x 1.5 = 40.5 rounds to 41");
    }

    [Test]
    public void Upscale_ModeAndRatioTogether_ExitsWithCode2()
    {
        string sample = Path.Combine(_dir, "sample.png"), model = Path.Combine(_dir, "tiny.onnx");
        File.WriteAllBytes(model, TestModels.Valid());
        Program.Main(new[] { "make-sample", sample, "--width", "8", "--height", "8" });

        int rc = Program.Main(new[] { "upscale", sample, Path.Combine(_dir, "o.png"), "--model", model, "--mode", "Quality", "--ratio", "2" });

        Assert.That(rc, Is.EqualTo(2));
        Assert.That(_stderr.ToString(), Does.Contain("give --mode or --ratio, not both"));
    }

    [Test]
    public void Bench_TinyModel_PrintsModelAndBicubicRowsWithZeroManagedBytes()
    {
        string model = Path.Combine(_dir, "tiny.onnx"), csv = Path.Combine(_dir, "csv");
        File.WriteAllBytes(model, TestModels.Valid());

        int rc = Program.Main(new[] { "bench", "--model", model, "--frames", "4", "--warmup", "1", "--small", "--threads", "1",
            "--backend", "Cpu", "--csv", csv });

        Assert.That(rc, Is.EqualTo(0), _stderr.ToString());
        string[] rows = _stdout.ToString().Split('\n').Where(l => l.StartsWith("| 480x270 -> 960x540", StringComparison.Ordinal)).ToArray();
        Assert.That(rows, Has.Length.EqualTo(2));
        Assert.That(rows[0], Does.Contain("| model | Cpu |").And.Contain("| 3 |").And.EndWith("| 0 |"));
        Assert.That(rows[1], Does.Contain("| bicubic | Cpu |").And.Contain("| 24 |").And.EndWith("| 0 |"));
        Assert.That(File.ReadAllLines(Path.Combine(csv, "model-480x270-960x540.csv")), Has.Length.EqualTo(5));
        Assert.That(File.ReadAllText(Path.Combine(csv, "bicubic-480x270-960x540.json")), Does.StartWith("{\"frames\":4,"));
    }

    [Test]
    public void Bench_GraphParts_PrintsEveryPartForBothGraphsAndWritesJson()
    {
        string model = Path.Combine(_dir, "tiny.onnx"), csv = Path.Combine(_dir, "csv");
        File.WriteAllBytes(model, TestModels.Valid());

        int rc = Program.Main(new[] { "bench", "--graph-parts", "--model", model, "--frames", "2", "--warmup", "0", "--small",
            "--threads", "1", "--backend", "Cpu", "--csv", csv });

        Assert.That(rc, Is.EqualTo(0), _stderr.ToString());
        string stdout = _stdout.ToString();
        Assert.That(stdout, Does.Contain("480x270 -> 960x540, ONNX Runtime Cpu").And.Contain("| part | bicubic | model |"));
        Assert.That(stdout, Does.Contain("640x360 -> 960x540, ONNX Runtime Cpu"), "the Quality case, where the taps run");
        Assert.That(File.ReadAllText(Path.Combine(csv, "graph-parts-model-640x360-960x540.json")),
            Does.Contain("\"name\":\"resample/cols_taps/Gather\"").And.Contain("\"name\":\"resample/rows_taps/Gather\""));
        foreach (string part in Enum.GetNames<Ctmsr.Runtime.Profiling.FrameGraphPart>())
            Assert.That(stdout, Does.Contain($"| {part} |"), part);
        Assert.That(stdout, Does.Contain("| managed B/frame | 0 | 0 |"));
        Assert.That(stdout, Does.Not.Contain("| p50 ms |"), "the latency table is not printed");
        Assert.That(File.ReadAllText(Path.Combine(csv, "graph-parts-model-480x270-960x540.json")), Does.Contain("\"parts\":["));
        Assert.That(File.Exists(Path.Combine(csv, "graph-parts-bicubic-480x270-960x540.json")), Is.True);
    }

    [Test]
    public void Bench_GraphPartsOnVulkan_IsAUsageError()
    {
        string model = Path.Combine(_dir, "tiny.onnx");
        File.WriteAllBytes(model, TestModels.Valid());

        int rc = Program.Main(new[] { "bench", "--graph-parts", "--model", model, "--backend", "Vulkan", "--small" });

        Assert.That(rc, Is.EqualTo(2));
        Assert.That(_stderr.ToString(), Does.Contain("--graph-parts measures ONNX Runtime's frame graph"));
    }
}
