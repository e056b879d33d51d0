using Ctmsr.Runtime;
using NUnit.Framework;
using SkiaSharp;

namespace Ctmsr.Demo.Tests;

/// <summary>Bad inputs to <c>ctmsr-demo upscale</c> found by the fuzz pass: each gets one line naming the file, the size or the option, and no output is touched.</summary>
[NonParallelizable] // Cli.Run redirects Console.
public class UpscaleInputErrorTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ctmsr-upscale-errors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertOneLineError(int rc, string stderr, int expectedRc = 2)
    {
        Assert.That(rc, Is.EqualTo(expectedRc), stderr);
        Assert.That(stderr, Does.StartWith("ctmsr-demo: error: "));
        Assert.That(stderr.TrimEnd('\n', '\r'), Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public void Upscale_PngWhoseHeaderClaims32768Square_RefusesNamingFileSizeAndLimit()
    {
        string input = Write("huge.png", PngFiles.WithHeaderSize(PngFiles.Noisy(8, 8), 32768, 32768));
        string output = Path.Combine(_dir, "out.png");

        var (rc, _, err) = Cli.Run("upscale", input, output, "--backend", "cpu");

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain(input).And.Contain("32768x32768").And.Contain("4294967296 bytes").And.Contain("16384x16384"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Load_WbmpHeaderClaimingMorePixelsThanItsFileHolds_RefusedBeforeDecoding()
    {
        // A 13-byte WBMP (type 0) whose header claims 16000x16000, within the side limit: one bit a pixel needs 32 MB.
        byte[] wbmp = { 0x00, 0x00, 0xFD, 0x00, 0xFD, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF };
        string input = Write("lie.wbmp", wbmp);

        var ex = Assert.Throws<Ctmsr.Demo.Imaging.ImageFileException>(() => Ctmsr.Demo.Imaging.RgbaImage.Load(input))!;

        Assert.That(ex.Message, Does.Contain(input).And.Contain("16000x16000").And.Contain("32000000 bytes").And.Contain("refused before decoding"));
    }

    [Test]
    public void Upscale_TruncatedPng_RefusesAsTruncated()
    {
        byte[] png = PngFiles.Noisy(64, 64);
        string input = Write("cut.png", png.AsSpan(0, png.Length / 2).ToArray());

        var (rc, _, err) = Cli.Run("upscale", input, Path.Combine(_dir, "out.png"), "--backend", "cpu");

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain(input).And.Contain("truncated").And.Contain("64x64"));
    }

    [Test]
    public void Upscale_EmptyInputPath_RefusesInOneLine()
    {
        var (rc, _, err) = Cli.Run("upscale", "", Path.Combine(_dir, "out.png"));

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain("input image path is empty"));
    }

    [Test]
    public void Upscale_EmptyOutputPath_RefusesBeforeReadingTheInput()
    {
        var (rc, _, err) = Cli.Run("upscale", Path.Combine(_dir, "missing.png"), "");

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain("output image path is empty"));
    }

    [Test]
    public void Upscale_DirectoryAsImage_SaysItIsADirectory()
    {
        var (rc, _, err) = Cli.Run("upscale", _dir, Path.Combine(_dir, "out.png"));

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain($"'{_dir}' is a directory").And.Not.Contain("does not exist"));
    }

    [Test]
    public void Upscale_DirectoryAsModel_SaysItIsADirectory()
    {
        string input = Write("in.png", PngFiles.Noisy(8, 8));

        var (rc, _, err) = Cli.Run("upscale", input, Path.Combine(_dir, "out.png"), "--model", _dir);

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain($"model '{_dir}' is a directory").And.Not.Contain("does not exist"));
    }

    [Test]
    public void Upscale_DirectoryAsOutput_SaysItIsADirectory()
    {
        string input = Write("in.png", PngFiles.Noisy(8, 8));

        var (rc, _, err) = Cli.Run("upscale", input, _dir);

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain($"output image '{_dir}' is a directory"));
    }

    [TestCase("-5")]
    [TestCase("257")]
    [TestCase("100000")]
    public void Upscale_ThreadsOutOfRange_RefusesQuotingTheLimit(string threads)
    {
        string input = Write("in.png", PngFiles.Noisy(8, 8));

        var (rc, _, err) = Cli.Run("upscale", input, Path.Combine(_dir, "out.png"), "--threads", threads, "--backend", "cpu");

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain($"--threads must be 0 (ONNX Runtime chooses) or 1..{UpscalerContext.MaxThreadCount}; got {threads}"));
    }

    [Test]
    public void Upscale_ImageWiderThanTheLimit_RefusedAtLoadNamingSize()
    {
        // 1,000,000 x 1: the fuzz pass's image that ran 13.7 s of inference before "cannot encode".
        string input = Write("wide.png", PngFiles.WithHeaderSize(PngFiles.Noisy(8, 1), 1_000_000, 1));
        string output = Path.Combine(_dir, "out.png");

        var (rc, _, err) = Cli.Run("upscale", input, output, "--backend", "cpu");

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain(input).And.Contain("1000000x1").And.Contain("16384x16384"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Upscale_OutputTooLargeToWrite_RefusedBeforeTheContextIsCreated()
    {
        // 10000 x 1 reads fine; x2 it is 20000 x 2, over the PNG limit. Were this checked after the context, the
        // runtime's own 8192-pixel limit would answer instead, naming the display size and not the output file.
        string input = Write("wide.png", PngFiles.Noisy(10000, 1));
        string output = Path.Combine(_dir, "out.png");

        var (rc, _, err) = Cli.Run("upscale", input, output, "--ratio", "2", "--backend", "cpu");

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain($"output image '{output}'").And.Contain("20000x2").And.Contain("16384x16384"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Upscale_OverTheRuntimeFrameLimit_OneLineQuotingIt()
    {
        // 5000 x 2 -> 10000 x 4: encodable, but over UpscalerContext.MaxFrameSide; the runtime's ArgumentException
        // becomes one line with exit code 2.
        string input = Write("wide.png", PngFiles.Noisy(5000, 2));

        var (rc, _, err) = Cli.Run("upscale", input, Path.Combine(_dir, "out.png"), "--ratio", "2", "--backend", "cpu");

        AssertOneLineError(rc, err);
        Assert.That(err, Does.Contain("10000x4").And.Contain($"{UpscalerContext.MaxFrameSide}x{UpscalerContext.MaxFrameSide}"));
    }

    [Test]
    public void Upscale_OutputSameAsInput_ReplacesItWithTheUpscaledImage()
    {
        string path = Write("frame.png", PngFiles.Noisy(12, 8));

        var (rc, _, err) = Cli.Run("upscale", path, path, "--ratio", "2", "--backend", "cpu");

        Assert.That(rc, Is.EqualTo(0), err);
        using SKBitmap result = SKBitmap.Decode(path);
        Assert.That((result.Width, result.Height), Is.EqualTo((24, 16)));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { path }), "no temporary file is left");
    }
}
