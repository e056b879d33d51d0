using Ctmsr.Training.Cli;
using Ctmsr.Training.Export;
using Ctmsr.Training.Nets;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

public class ExportCommandTests
{
    private sealed class FakeSource(CompactSrNet net, ExportCheckpointInfo info) : ICheckpointSource
    {
        public (CompactSrNet Net, ExportCheckpointInfo Info) LoadEma(string path) => (net, info);
    }

    [Test]
    public void Run_WritesModelWithCheckpointFacts()
    {
        string dir = Directory.CreateTempSubdirectory("ctmsr-exportcmd-").FullName;
        try
        {
            string ckpt = Path.Combine(dir, "ema.ckpt");
            File.WriteAllText(ckpt, "stand-in");
            var info = new ExportCheckpointInfo(1.0, 2, "tiny", 5000, "ct", "{\"data\":\"div2k\",\"iterations\":1}");
            string onnx = Path.Combine(dir, "m.onnx");
            ExportCommand.Run(new FakeSource(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1), info), ckpt, onnx);
            var read = ModelFile.Read(onnx);
            Assert.That(read.Scale, Is.EqualTo(2));
            Assert.That(read.TrainingSummary, Does.Contain("\"data\":\"div2k\"").And.Contain("\"iterations\":5000").And.Contain("\"objective\":\"ct\""));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Run_ContinuedCheckpoint_CountsThePriorIterations()
    {
        string dir = Directory.CreateTempSubdirectory("ctmsr-exportcmd-").FullName;
        try
        {
            string ckpt = Path.Combine(dir, "ema.ckpt");
            File.WriteAllText(ckpt, "stand-in");
            var info = new ExportCheckpointInfo(1.0, 2, "tiny", 16000, "ct", "{\"data\":\"div2k\"}", PriorIterations: 44000);
            string onnx = Path.Combine(dir, "m.onnx");
            string line = ExportCommand.Run(new FakeSource(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1), info), ckpt, onnx);
            Assert.That(line, Does.Contain("iteration 16000 (+44000 before --init-from)"));
            var json = System.Text.Json.JsonDocument.Parse(ModelFile.Read(onnx).TrainingSummary!).RootElement;
            Assert.That(json.GetProperty("iterations").GetInt64(), Is.EqualTo(60000));
            Assert.That(json.GetProperty("prior_iterations").GetInt64(), Is.EqualTo(44000));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Run_WithScaleMismatch_NamesBoth()
    {
        string ckpt = Path.GetTempFileName();
        try
        {
            var info = new ExportCheckpointInfo(1.0, 3, "tiny", 1, "ct", "");
            var e = Assert.Throws<InvalidDataException>(() =>
                ExportCommand.Run(new FakeSource(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1), info), ckpt, ckpt + ".onnx"));
            Assert.That(e!.Message, Does.Contain("scale 3").And.Contain("scale 2"));
        }
        finally
        {
            File.Delete(ckpt);
        }
    }

    [Test]
    public void Run_NaNInTheEmaWeights_NamesTheTensorAndWritesNothing()
    {
        string dir = Directory.CreateTempSubdirectory("ctmsr-exportcmd-").FullName;
        try
        {
            string ckpt = Path.Combine(dir, "ema.ckpt"), onnx = Path.Combine(dir, "m.onnx");
            File.WriteAllText(ckpt, "stand-in");
            var net = ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1);
            var (name, p) = net.named_parameters().First(np => np.name.EndsWith(".weight", StringComparison.Ordinal));
            using (TorchSharp.torch.no_grad()) p.view(-1)[7] = float.NaN;
            var info = new ExportCheckpointInfo(1.0, 2, "tiny", 10, "ct", "");

            var ex = Assert.Throws<InvalidDataException>(() => ExportCommand.Run(new FakeSource(net, info), ckpt, onnx))!;

            Assert.That(ex.Message, Does.Contain($"EMA tensor '{name}'").And.Contain("holds 1 non-finite values (the first at index 7)"));
            Assert.That(File.Exists(onnx), Is.False);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
