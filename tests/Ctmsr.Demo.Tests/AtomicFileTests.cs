using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.IO;
using NUnit.Framework;
using SkiaSharp;

namespace Ctmsr.Demo.Tests;

public class AtomicFileTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ctmsr-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Write_WhileWriting_TheOldFileIsIntactAndThenReplaced()
    {
        string path = Path.Combine(_dir, "f.bin");
        byte[] old = { 1, 2, 3, 4 }, fresh = { 9, 8, 7 };
        File.WriteAllBytes(path, old);
        byte[]? seenDuringWrite = null;

        AtomicFile.Write(path, s =>
        {
            s.Write(fresh, 0, 2);
            seenDuringWrite = File.ReadAllBytes(path);
            s.Write(fresh, 2, 1);
        });

        Assert.That(seenDuringWrite, Is.EqualTo(old));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(fresh));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { path }));
    }

    [Test]
    public void Write_EncoderFailsHalfway_LeavesTheOldFileAndNoPartialFile()
    {
        string path = Path.Combine(_dir, "f.png");
        byte[] old = { 1, 2, 3, 4 };
        File.WriteAllBytes(path, old);

        var ex = Assert.Throws<ImageFileException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000], 0, 1000);
            throw new ImageFileException($"cannot encode '{path}' as a 2x2 PNG");
        }));

        Assert.That(ex!.Message, Does.Contain("cannot encode"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(old));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { path }), "the temporary file is deleted");
    }

    [Test]
    public void Write_FailsWithoutAnOldFile_LeavesNoFileAtAll()
    {
        string path = Path.Combine(_dir, "new.png");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("encoder bug");
        }));

        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }

    [Test]
    public void Write_FailingWithAnIoError_IsAWriteFailureNamingTheFile()
    {
        string path = Path.Combine(_dir, "full.txt");

        var ex = Assert.Throws<OutputFileException>(() => AtomicFile.Write(path, s => throw new IOException("No space left on device")));

        Assert.That(ex!.IsWriteFailure, Is.True, "the environment failed: the I/O exit code");
        Assert.That(ex.Message, Does.Contain($"cannot write '{path}'").And.Contain("No space left on device"));
        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }

    [Test]
    public void Write_IntoMissingFolder_NamesTheFolder()
    {
        string path = Path.Combine(_dir, "no-such", "f.txt");

        var ex = Assert.Throws<OutputFileException>(() => AtomicFile.WriteAllText(path, "x"));

        Assert.That(ex!.Message, Does.Contain($"output folder '{Path.Combine(_dir, "no-such")}' does not exist"));
        Assert.That(ex.IsWriteFailure, Is.False, "a refused target: the usage exit code");
    }

    [Test]
    public void SavePng_OverAnExistingFile_WritesADecodablePngAndNoTempFile()
    {
        string path = Path.Combine(_dir, "img.png");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        var pixels = new byte[4 * 3 * 2];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 10);

        new RgbaImage(3, 2, pixels).SavePng(path);

        RgbaImage back = RgbaImage.Load(path);
        Assert.That(back.Pixels, Is.EqualTo(pixels));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { path }));
    }

    [Test]
    public void SavePng_SizeOverTheLimit_RefusedBeforeTouchingTheFile()
    {
        string path = Path.Combine(_dir, "img.png");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });

        var ex = Assert.Throws<ImageFileException>(() => new RgbaImage(RgbaImage.MaxSide + 1, 1, new byte[4 * (RgbaImage.MaxSide + 1)]).SavePng(path));

        Assert.That(ex!.Message, Does.Contain($"'{path}'").And.Contain($"{RgbaImage.MaxSide + 1}x1"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
