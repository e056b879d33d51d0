using Ctmsr.Training.Trainer;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

public class TrainCommandTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ctmsr-traincmd-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Resume_WithoutOut_ContinuesInTheCheckpointsFolder_AndLeavesRunsCtmsrAlone()
    {
        string runDir = Path.Combine(_dir, "run-a"), elsewhere = Path.Combine(_dir, "cwd");
        Directory.CreateDirectory(elsewhere);
        // An unrelated run in ./runs/ctmsr of the working directory, which the resume must not touch.
        string other = Path.Combine(elsewhere, "runs", "ctmsr");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "options.json"), "{\"other\":true}");
        var o = new TrainOptions
        {
            Preset = "tiny", Iterations = 4, DtmIterations = 1, BatchSize = 2, PatchSize = 32, WarmupIterations = 0,
            CheckpointEvery = 2, DtmRefreshInterval = 2, GradNormEvery = 0,
            Data = new TrainDataSpec(null, "train", null, Synthetic: true, int.MaxValue, null), DataDescription = "generated images",
        };
        string ckpt = Path.Combine(runDir, TrainingRun.CheckpointFile);
        using (var t = new CtmsrTrainer(o, new SyntheticBatchSource(o.PatchSize, o.Scale, o.Seed)))
        {
            t.Step();
            t.Step();
            t.SaveCheckpoint(ckpt, 0, 0);
        }

        string saved = Environment.CurrentDirectory;
        TextWriter savedErr = Console.Error;
        int rc;
        try
        {
            Environment.CurrentDirectory = elsewhere;
            Console.SetError(TextWriter.Null);
            rc = Program.Main(new[] { "train", "--resume", ckpt, "--threads", "1" });
        }
        finally
        {
            Environment.CurrentDirectory = saved;
            Console.SetError(savedErr);
        }

        Assert.That(rc, Is.EqualTo(0));
        Assert.That(Checkpoint.ReadInfo(ckpt).Iteration, Is.EqualTo(4));
        Assert.That(File.Exists(Path.Combine(runDir, "metrics.csv")) && File.Exists(Path.Combine(runDir, "model.onnx")), Is.True);
        Assert.That(Directory.GetFileSystemEntries(other), Is.EquivalentTo(new[] { Path.Combine(other, "options.json") }));
        Assert.That(File.ReadAllText(Path.Combine(other, "options.json")), Is.EqualTo("{\"other\":true}"));
    }
}
