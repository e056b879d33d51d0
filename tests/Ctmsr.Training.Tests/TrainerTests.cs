using Ctmsr.Training.Trainer;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Tests;

public class TrainerTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ctmsr-train-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static TrainOptions Small(Objective objective = Objective.Ctmsr) => new()
    {
        Objective = objective, Preset = "tiny", Iterations = 8, DtmIterations = 3, BatchSize = 4, PatchSize = 32,
        WarmupIterations = 0, CheckpointEvery = 4, DtmRefreshInterval = 2, LearningRate = 1e-3,
    };

    private sealed class FixedBatchSource(IBatchSource inner) : IBatchSource
    {
        public (Tensor Hr, Tensor Lq) Batch(long batchIndex, int batchSize) => inner.Batch(0, batchSize);
    }

    /// <summary>
    /// The CT loss on a fixed batch with one fixed eps, averaged over the grid pairs whose target is the network's own
    /// output (n >= 1): the part consistency training must drive down (the n = 0 pair's is mostly irreducible noise).
    /// </summary>
    private static double GridLoss(CtmsrTrainer t, Tensor hr, Tensor lq)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var x0 = hr * 2 - 1;
        var lqm = lq * 2 - 1;
        var y = Nets.CompactSrNet.Upsample(lqm, 2);
        var eps = torch.randn(x0.shape, generator: new Generator(77));
        var s = new Method.ObjectiveSettings();
        double total = 0;
        for (int n = 1; n < 4; n++)
        {
            double lo = n / 4.0, hi = (n + 1) / 4.0;
            int b = (int)x0.shape[0];
            var pair = new Method.ConsistencyPair(Enumerable.Repeat(lo, b).ToArray(), Enumerable.Repeat(hi, b).ToArray(),
                Method.Trajectory.Point(x0, y, eps, lo, 1.0), Method.Trajectory.Point(x0, y, eps, hi, 1.0));
            total += Method.CtmsrObjective.ConsistencyLoss(t.Online, pair, lqm, y, s).Loss.item<float>();
        }
        return total / 3;
    }

    [Test]
    public void ShortCtmsrRun_OnGeneratedImages_LossFalls()
    {
        // A fresh net ignores x_t (its x_t weights start at zero), so it is already consistent and its CT loss is mostly
        // irreducible noise. Give it random x_t weights instead: its output then follows the noise and differs between
        // neighbouring trajectory points, which a short run must learn to undo.
        var o = Small() with { Iterations = 300, DtmIterations = 0, BatchSize = 8, LearningRate = 2e-3 };
        var source = new SyntheticBatchSource(o.PatchSize, o.Scale, seed: 5);
        using var trainer = new CtmsrTrainer(o, new FixedBatchSource(source));
        using (torch.no_grad())
            trainer.Online.Convs[0].weight!.narrow(1, 0, 12).copy_(torch.randn(16, 12, 3, 3, generator: new Generator(4)) * 0.3);
        var (hr, lq) = source.Batch(0, o.BatchSize);
        double before = GridLoss(trainer, hr, lq);
        while (!trainer.Finished) trainer.Step();
        double after = GridLoss(trainer, hr, lq);
        Assert.That(after, Is.LessThan(before * 0.85), $"grid loss {before:F5} -> {after:F5}");
    }

    [Test]
    public void Run_GoesThroughDtmStage_AndWritesCheckpointMetricsAndPlot()
    {
        var o = Small();
        using var trainer = new CtmsrTrainer(o, new SyntheticBatchSource(o.PatchSize, o.Scale));
        var outcome = new TrainingRun(trainer, _dir, TextWriter.Null) { Interactive = false }.Run();
        Assert.That(outcome, Is.EqualTo(RunOutcome.Completed));
        var info = Checkpoint.ReadInfo(Path.Combine(_dir, TrainingRun.CheckpointFile));
        Assert.That(info.Iteration, Is.EqualTo(8));
        Assert.That(info.HasFrozen, Is.True);
        var rows = File.ReadAllLines(Path.Combine(_dir, "metrics.csv"));
        Assert.That(rows, Has.Length.EqualTo(9));
        Assert.That(rows[^1], Does.StartWith("7,dtm,"));
        Assert.That(rows[1], Does.StartWith("0,ct,"));
        Assert.That(new FileInfo(Path.Combine(_dir, "loss.png")).Length, Is.GreaterThan(1000));
    }

    [Test]
    public void InitFrom_StartsFromTheCheckpointWeights_WithAFreshSchedule()
    {
        var o = Small();
        var data = new SyntheticBatchSource(o.PatchSize, o.Scale, seed: 3);
        string path = Path.Combine(_dir, "source.ckpt");
        using (var first = new CtmsrTrainer(o, data))
        {
            for (int i = 0; i < 4; i++) first.Step();
            first.SaveCheckpoint(path, 0, 0);
        }
        var (sourceEma, _) = Checkpoint.LoadEma(path);
        using (sourceEma)
        using (var fresh = new CtmsrTrainer(o with { Seed = 99 }, data))
        using (var continued = new CtmsrTrainer(o with { Seed = 99, InitFrom = path, Iterations = 5, DtmIterations = 0 }, data))
        {
            Assert.That(continued.Iteration, Is.Zero);
            float MaxDiff(Nets.CompactSrNet a, Nets.CompactSrNet b) =>
                a.parameters().Zip(b.parameters()).Max(p => (p.First - p.Second).abs().max().item<float>());
            Assert.That(MaxDiff(continued.Ema, sourceEma), Is.Zero, "EMA weights come from the checkpoint");
            Assert.That(MaxDiff(fresh.Ema, sourceEma), Is.GreaterThan(0), "a fresh trainer starts elsewhere");
            Assert.That(continued.PriorIterations, Is.EqualTo(4));
            while (!continued.Finished) continued.Step();
            Assert.That(continued.Iteration, Is.EqualTo(5));
            continued.SaveCheckpoint(Path.Combine(_dir, "continued.ckpt"), 0, 0);
        }
        // The count carries through a chain of continuations and into the exported metadata.
        var info = Checkpoint.ReadInfo(Path.Combine(_dir, "continued.ckpt"));
        Assert.That((info.Iteration, info.PriorIterations, info.TotalIterations), Is.EqualTo((5L, 4L, 9L)));
        using (var again = new CtmsrTrainer(o with { InitFrom = Path.Combine(_dir, "continued.ckpt") }, data))
            Assert.That(again.PriorIterations, Is.EqualTo(9));
        string onnx = Path.Combine(_dir, "continued.onnx");
        Cli.ExportCommand.Run(new TrainerCheckpointSource(), Path.Combine(_dir, "continued.ckpt"), onnx);
        var meta = System.Text.Json.JsonDocument.Parse(Export.ModelFile.Read(onnx).TrainingSummary!).RootElement;
        Assert.That(meta.GetProperty("iterations").GetInt64(), Is.EqualTo(9));
        Assert.That(meta.GetProperty("prior_iterations").GetInt64(), Is.EqualTo(4));

        var ex = Assert.Throws<ArgumentException>(() => new CtmsrTrainer(o with { Preset = "default", InitFrom = path }, data));
        Assert.That(ex!.Message, Does.Contain("preset tiny x2").And.Contain("preset default x2"));
    }

    [Test]
    public void Checkpoint_WrittenBeforeSkipNoise_ReadsAsKeep()
    {
        var o = Small();
        string path = Path.Combine(_dir, "new.ckpt"), old = Path.Combine(_dir, "old.ckpt");
        using (var t = new CtmsrTrainer(o, new SyntheticBatchSource(32, 2))) t.SaveCheckpoint(path, 0, 0);
        var (net, info) = Checkpoint.LoadEma(path);
        using (net)
        {
            Assert.That(info.Options.SkipNoise, Is.EqualTo("cancel"));
            Assert.That(net.CancelsSkipNoise, Is.True);
        }

        // The same file as an older writer wrote it: format 1 (no checksum), no SkipNoise in the stored options.
        using (var r = new BinaryReader(File.OpenRead(path)))
        using (var w = new BinaryWriter(File.Create(old)))
        {
            r.ReadBytes(Checkpoint.HeaderSize);
            w.Write("CTMSRCK1"u8.ToArray());
            var header = System.Text.Json.Nodes.JsonNode.Parse(r.ReadString())!.AsObject();
            Assert.That(header["Options"]!.AsObject().Remove("SkipNoise"), Is.True);
            w.Write(header.ToJsonString());
            r.BaseStream.CopyTo(w.BaseStream);
        }
        var (oldNet, oldInfo) = Checkpoint.LoadEma(old);
        using (oldNet)
        {
            Assert.That(oldInfo.Options.SkipNoise, Is.EqualTo("keep"));
            Assert.That(oldNet.CancelsSkipNoise, Is.False);
        }
    }

    [Test]
    public void Resume_ReproducesTheNextSteps()
    {
        var o = Small();
        var data = new SyntheticBatchSource(o.PatchSize, o.Scale, seed: 9);
        using var straight = new CtmsrTrainer(o, data);
        var expected = new List<double>();
        for (int i = 0; i < 8; i++) expected.Add(straight.Step().Loss);

        using (var first = new CtmsrTrainer(o, data))
        {
            for (int i = 0; i < 6; i++) first.Step(); // into the DTM stage (CT = 5 iterations)
            first.SaveCheckpoint(Path.Combine(_dir, "c.ckpt"), 0, 0);
        }
        var (resumed, info) = CtmsrTrainer.Resume(Path.Combine(_dir, "c.ckpt"), data);
        using (resumed)
        {
            Assert.That(info.Iteration, Is.EqualTo(6));
            Assert.That(resumed.Step().Loss, Is.EqualTo(expected[6]).Within(1e-6));
            Assert.That(resumed.Step().Loss, Is.EqualTo(expected[7]).Within(1e-6));
            var a = straight.Ema.parameters().First();
            var b = resumed.Ema.parameters().First();
            Assert.That((a - b).abs().max().item<float>(), Is.LessThan(1e-6f));
        }
    }

    private sealed class PoisonedSource(int poisonAt) : IBatchSource
    {
        private readonly SyntheticBatchSource _inner = new(32, 2);

        public (Tensor Hr, Tensor Lq) Batch(long batchIndex, int batchSize)
        {
            var (hr, lq) = _inner.Batch(batchIndex, batchSize);
            return batchIndex == poisonAt ? (hr * float.NaN, lq) : (hr, lq);
        }
    }

    [Test]
    public void NonFiniteLoss_StopsTheRun_AndKeepsTheLastGoodCheckpoint()
    {
        var o = Small() with { Iterations = 10, CheckpointEvery = 4 };
        using var trainer = new CtmsrTrainer(o, new PoisonedSource(poisonAt: 6));
        var log = new StringWriter();
        var outcome = new TrainingRun(trainer, _dir, log) { Interactive = false }.Run();
        Assert.That(outcome, Is.EqualTo(RunOutcome.StoppedOnNonFiniteLoss));
        Assert.That(log.ToString(), Does.Contain("iteration 6").And.Contain("last good checkpoint"));
        Assert.That(Checkpoint.ReadInfo(Path.Combine(_dir, TrainingRun.CheckpointFile)).Iteration, Is.EqualTo(4));
        Assert.That(trainer.Iteration, Is.EqualTo(6));
        foreach (var p in trainer.Online.parameters())
            Assert.That(torch.isfinite(p).all().item<bool>(), Is.True);
    }

    [Test]
    public void Checkpoint_Corrupt_GivesClearError()
    {
        string path = Path.Combine(_dir, "bad.ckpt");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        Assert.That(() => Checkpoint.LoadEma(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path));
        var o = Small();
        using (var t = new CtmsrTrainer(o, new SyntheticBatchSource(32, 2))) t.SaveCheckpoint(path, 0, 0);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        Assert.That(() => Checkpoint.LoadEma(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated or corrupt"));
    }

    [Test]
    public void L1Objective_TrainsTheSameNetAtTimeOne()
    {
        var o = Small(Objective.L1) with { DtmIterations = 0, Iterations = 3 };
        using var trainer = new CtmsrTrainer(o, new SyntheticBatchSource(32, 2));
        var r = trainer.Step();
        Assert.That(r.Phase, Is.EqualTo("l1"));
        Assert.That(double.IsFinite(r.Loss), Is.True);
    }
}
