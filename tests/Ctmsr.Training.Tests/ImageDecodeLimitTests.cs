using System.Buffers.Binary;
using Ctmsr.Training.Cli;
using Ctmsr.Training.Data;
using Ctmsr.Training.Imaging;
using Ctmsr.Training.IO;
using Ctmsr.Training.Trainer;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

/// <summary>
/// Image files that lie about their size or end early: refused by the decoder naming the file, skipped by training with
/// a warning, never decoded into a partly filled or undersized buffer. And every file Training writes is atomic.
/// </summary>
public class ImageDecodeLimitTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = DataTestImages.NewTempDir();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string SaveGood(string name, int w, int h)
    {
        string path = Path.Combine(_dir, name);
        ImageFile.SavePng(DataTestImages.Colourful(w, h), path);
        return path;
    }

    /// <summary>A valid PNG whose IHDR was patched to claim <paramref name="w"/> x <paramref name="h"/> (CRC fixed).</summary>
    private string SaveLiar(string name, uint w, uint h)
    {
        byte[] b = File.ReadAllBytes(SaveGood(name, 8, 8));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), w);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), h);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(29), Crc32(b.AsSpan(12, 17)));
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, b);
        return path;
    }

    private string SaveTruncated(string name)
    {
        byte[] b = File.ReadAllBytes(SaveGood(name, 64, 64));
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, b.AsSpan(0, b.Length / 2).ToArray());
        return path;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte v in data)
        {
            crc ^= v;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    [Test]
    public void Load_PngClaiming32768Square_ThrowsNamingFileSizeAndLimit()
    {
        string path = SaveLiar("huge.png", 32768, 32768);

        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Load(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("32768x32768").And.Contain("4294967296 bytes")
            .And.Contain($"{ImageDecoder.MaxSide}x{ImageDecoder.MaxSide}"));
    }

    [Test]
    public void Load_TruncatedPng_ThrowsAsTruncatedInsteadOfDecodingPartly()
    {
        string path = SaveTruncated("cut.png");

        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Load(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("truncated").And.Contain("64x64"));
    }

    [Test]
    public void Probe_PngClaiming32768Square_ReportsTheSizeProblem()
    {
        string path = SaveLiar("huge.png", 32768, 32768);

        string? problem = ImageProbe.TryReadSize(path, out _, out _);

        Assert.That(problem, Does.Contain("32768x32768"));
    }

    [Test]
    public void TrainData_FolderWithOversizedAndTruncatedPngs_SkipsThemWithWarningsAndTrainsOnTheRest()
    {
        SaveGood("good.png", 64, 64);
        string huge = SaveLiar("huge.png", 32768, 32768);
        string cut = SaveTruncated("cut.png");
        var warnings = new StringWriter();
        var options = new TrainOptions
        {
            PatchSize = 32, BatchSize = 2,
            Data = new TrainDataSpec(null, "train", _dir, false, int.MaxValue, null),
        };

        IBatchSource source = TrainData.Open(options, warnings);

        string w = warnings.ToString();
        Assert.That(w, Does.Contain($"warning: skipping image '{huge}'").And.Contain("32768x32768"));
        Assert.That(w, Does.Contain($"warning: skipping image '{cut}'").And.Contain("truncated"));
        Assert.That(w, Does.Contain("training data: 1 images"));
        var (hr, lq) = source.Batch(0, 2);
        using (hr)
        using (lq)
            Assert.That(hr.shape, Is.EqualTo(new long[] { 2, 3, 32, 32 }));
    }

    [Test]
    public void Index_OversizedPng_SkippedWithAWarningNamingIt()
    {
        SaveGood("good.png", 64, 64);
        string huge = SaveLiar("huge.png", 32768, 32768);
        var warnings = new StringWriter();

        var entries = ImageIndexer.Index(new[] { _dir }, 0.0, warnings);

        Assert.That(entries.Select(e => Path.GetFileName(e.Path)), Is.EqualTo(new[] { "good.png" }));
        Assert.That(warnings.ToString(), Does.Contain($"skipping image '{huge}'").And.Contain("32768x32768"));
    }

    [Test]
    public void AtomicFile_WriterFailsHalfway_LeavesTheOldFileAndNoTempFile()
    {
        string path = Path.Combine(_dir, "summary.csv");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100]);
            Assert.That(File.ReadAllText(path), Is.EqualTo("old"), "the target is untouched while the temp file is written");
            throw new IOException("disk full");
        }));

        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { path }));
    }

    [Test]
    public void SavePng_OverTheSameFile_ReplacesItAndLeavesNoTempFile()
    {
        string path = SaveGood("img.png", 16, 8);

        ImageFile.SavePng(DataTestImages.Colourful(40, 20, seed: 3), path);

        var back = ImageFile.Load(path);
        Assert.That((back.Width, back.Height), Is.EqualTo((40, 20)));
        Assert.That(back.Pixels, Is.EqualTo(DataTestImages.Colourful(40, 20, seed: 3).Pixels));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { path }));
    }

    [Test]
    public void CliErrors_IoFailure_IsOneLineWithExitCode1()
    {
        var err = new StringWriter();
        TextWriter saved = Console.Error;
        Console.SetError(err);
        int rc;
        try
        {
            rc = CliErrors.Run(() => throw new IOException("cannot write '/x/summary.csv': disk full"));
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.That(rc, Is.EqualTo(CliErrors.IoFailure));
        Assert.That(err.ToString(), Is.EqualTo("error: cannot write '/x/summary.csv': disk full" + Environment.NewLine));
    }
}
