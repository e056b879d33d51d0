using System.Text;
using Ctmsr.Training.Trainer;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

/// <summary>
/// Checkpoints carry a SHA-256 of their contents: a changed byte anywhere is refused, naming the file, on resume and on
/// export; a file that is not a checkpoint gets one clear error; format 1 files (no checksum) still load, with a warning.
/// </summary>
public class CheckpointIntegrityTests
{
    private string _dir = "";
    private TextWriter? _savedWarnings;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("ctmsr-ckpt-").FullName;
        _savedWarnings = Checkpoint.Warnings;
    }

    [TearDown]
    public void TearDown()
    {
        Checkpoint.Warnings = _savedWarnings;
        Directory.Delete(_dir, recursive: true);
    }

    private static TrainOptions Small() => new()
    {
        Preset = "tiny", Iterations = 8, DtmIterations = 3, BatchSize = 2, PatchSize = 32, WarmupIterations = 0,
        CheckpointEvery = 4, DtmRefreshInterval = 2, LearningRate = 1e-3, GradNormEvery = 0,
        Data = new TrainDataSpec(null, "train", null, Synthetic: true, int.MaxValue, null),
        DataDescription = "generated images",
    };

    /// <summary>A checkpoint in the DTM stage (frozen net and optimizer state present), iteration 6 of 8.</summary>
    private string WriteCheckpoint(string name = "checkpoint.ckpt")
    {
        string path = Path.Combine(_dir, name);
        var o = Small();
        using var t = new CtmsrTrainer(o, new SyntheticBatchSource(o.PatchSize, o.Scale, seed: 3));
        for (int i = 0; i < 6; i++) t.Step();
        t.SaveCheckpoint(path, 0.1, 1);
        return path;
    }

    private static void Flip(string path, long offset)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x40;
        File.WriteAllBytes(path, bytes);
    }

    [Test]
    public void Checkpoint_SavedAndLoaded_ResumesAtItsIteration()
    {
        string path = WriteCheckpoint();

        var (trainer, info) = CtmsrTrainer.Resume(path, new SyntheticBatchSource(32, 2, seed: 3));
        using (trainer)
        {
            Assert.That(info.Iteration, Is.EqualTo(6));
            Assert.That(trainer.Iteration, Is.EqualTo(6));
        }
        Assert.That(File.ReadAllBytes(path).AsSpan(0, 8).ToArray(), Is.EqualTo("CTMSRCK2"u8.ToArray()));
    }

    [Test]
    public void Checkpoint_OneFlippedByteAnywhere_IsRefusedOnResumeAndExport_NamingTheFile()
    {
        string clean = WriteCheckpoint("clean.ckpt");
        long length = new FileInfo(clean).Length;
        // The length field, the checksum, the info JSON (its iteration among it), the weights and the optimizer state.
        var offsets = new List<long> { 8, 20, Checkpoint.HeaderSize + 30, Checkpoint.HeaderSize + 300, length / 3, length / 2, length - 3000, length - 1 };
        for (long o = Checkpoint.HeaderSize; o < length; o += length / 40) offsets.Add(o);
        string bad = Path.Combine(_dir, "bad.ckpt");
        foreach (long offset in offsets)
        {
            File.Copy(clean, bad, overwrite: true);
            Flip(bad, offset);

            Assert.That(() => Checkpoint.LoadEma(bad), Throws.TypeOf<InvalidDataException>()
                .With.Message.Contains($"checkpoint '{bad}' is"), $"export, byte {offset} of {length}");
            Assert.That(() => CtmsrTrainer.Resume(bad, new SyntheticBatchSource(32, 2)), Throws.TypeOf<InvalidDataException>()
                .With.Message.Contains($"checkpoint '{bad}' is"), $"resume, byte {offset} of {length}");
        }
    }

    [Test]
    public void Checkpoint_FlippedTensorByte_SaysTheChecksumDoesNotMatch()
    {
        string path = WriteCheckpoint();
        Flip(path, new FileInfo(path).Length / 2);

        var ex = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadEma(path))!;

        Assert.That(ex.Message, Does.StartWith($"checkpoint '{path}' is corrupt: the SHA-256 of its ")
            .And.Contain("refusing to resume or export from it"));
    }

    [Test]
    public void Export_OfACorruptCheckpoint_ExitsWithOneLineAndWritesNothing()
    {
        string path = WriteCheckpoint();
        Flip(path, new FileInfo(path).Length - 100);
        string onnx = Path.Combine(_dir, "model.onnx");
        var err = new StringWriter();
        TextWriter saved = Console.Error;
        int rc;
        try
        {
            Console.SetError(err);
            rc = Program.Main(new[] { "export", "--checkpoint", path, "--out", onnx });
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err.ToString(), Does.StartWith($"error: checkpoint '{path}' is corrupt: the SHA-256").And.Not.Contain("   at "));
        Assert.That(File.Exists(onnx), Is.False);
    }

    [Test]
    public void Checkpoint_TruncatedOrExtended_NamesBothLengths()
    {
        string path = WriteCheckpoint();
        byte[] bytes = File.ReadAllBytes(path);
        long payload = bytes.Length - Checkpoint.HeaderSize;
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 10).ToArray());

        Assert.That(() => Checkpoint.ReadInfo(path), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
            $"checkpoint '{path}' is truncated or corrupt: its header gives a payload of {payload} bytes, the file holds {payload - 10}"));
    }

    [TestCase("CTMSRCK1")]
    [TestCase("CTMSRCK2")]
    public void Checkpoint_RandomBytesAfterTheMagic_GiveOneClearError(string magic)
    {
        Checkpoint.Warnings = null;
        string path = Path.Combine(_dir, "random.ckpt");
        for (int seed = 0; seed < 40; seed++)
        {
            var bytes = new byte[5000];
            new Random(seed).NextBytes(bytes);
            Encoding.ASCII.GetBytes(magic).CopyTo(bytes, 0);
            File.WriteAllBytes(path, bytes);

            Assert.That(() => Checkpoint.LoadEma(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path), $"seed {seed}");
        }
    }

    [Test]
    public void Checkpoint_Format1WithValidHeaderAndRandomTensors_GivesOneClearError()
    {
        Checkpoint.Warnings = null;
        string path = WriteCheckpoint();
        byte[] v2 = File.ReadAllBytes(path);
        using var r = new BinaryReader(new MemoryStream(v2, Checkpoint.HeaderSize, v2.Length - Checkpoint.HeaderSize));
        r.ReadString();
        int jsonEnd = Checkpoint.HeaderSize + (int)r.BaseStream.Position;
        string legacy = Path.Combine(_dir, "legacy.ckpt");
        for (int seed = 0; seed < 20; seed++)
        {
            var bytes = new byte[v2.Length - Checkpoint.HeaderSize + 8];
            "CTMSRCK1"u8.CopyTo(bytes);
            v2.AsSpan(Checkpoint.HeaderSize, jsonEnd - Checkpoint.HeaderSize).CopyTo(bytes.AsSpan(8));
            new Random(seed).NextBytes(bytes.AsSpan(8 + jsonEnd - Checkpoint.HeaderSize));
            File.WriteAllBytes(legacy, bytes);

            Assert.That(() => Checkpoint.LoadEma(legacy), Throws.TypeOf<InvalidDataException>().With.Message.Contains(legacy), $"seed {seed}");
        }
    }

    [Test]
    public void Checkpoint_Format1_LoadsWithAWarningThatItCannotBeVerified()
    {
        string path = WriteCheckpoint();
        byte[] v2 = File.ReadAllBytes(path);
        string legacy = Path.Combine(_dir, "legacy.ckpt");
        File.WriteAllBytes(legacy, "CTMSRCK1"u8.ToArray().Concat(v2.Skip(Checkpoint.HeaderSize)).ToArray());
        var warnings = new StringWriter();
        Checkpoint.Warnings = warnings;

        var (net, info) = Checkpoint.LoadEma(legacy);
        var (reference, _) = Checkpoint.LoadEma(path);
        using (net)
        using (reference)
        {
            Assert.That(info.Iteration, Is.EqualTo(6));
            Assert.That(net.parameters().Zip(reference.parameters()).All(p => p.First.equal(p.Second).all().item<bool>()), Is.True);
        }
        Assert.That(warnings.ToString(), Does.Contain($"checkpoint '{legacy}' is format 1, which carries no checksum"));
    }

    [Test]
    public void Checkpoint_UnknownFormat_NamesIt()
    {
        string path = WriteCheckpoint();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[7] = (byte)'7';
        File.WriteAllBytes(path, bytes);

        Assert.That(() => Checkpoint.ReadInfo(path), Throws.TypeOf<InvalidDataException>()
            .With.Message.EqualTo($"checkpoint '{path}' is format '7'; this trainer reads formats 1 and 2"));
    }
}
