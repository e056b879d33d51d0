using System.Text.Json;
using Ctmsr.Contract;
using Ctmsr.Training.Export;
using Ctmsr.Training.Nets;
using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;
using ModelMetadata = Ctmsr.Training.Export.ModelMetadata;

namespace Ctmsr.Training.Tests;

public class ExportContractTests
{
    [Test]
    public void Export_WritesContractMetadata_AndReaderReadsItBack()
    {
        var net = ExportTestModels.PerturbedNet(NetPreset.Tiny, 3, seed: 5);
        string dir = Directory.CreateTempSubdirectory("ctmsr-export-").FullName;
        try
        {
            string path = Path.Combine(dir, "sub", "m.onnx");
            OnnxExporter.Export(net, 0.75, ExportTestModels.Meta, path);
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }), "no temp file left behind");

            var info = ModelFile.Read(path);
            Assert.Multiple(() =>
            {
                Assert.That(info.Scale, Is.EqualTo(3));
                Assert.That(info.SigmaMax, Is.EqualTo(0.75));
                Assert.That(info.Preset, Is.EqualTo("tiny"));
                Assert.That(info.MacPerPixel, Is.EqualTo(NetPreset.Tiny.MacPerPixel(3)));
                Assert.That(info.OpsetVersion, Is.EqualTo(17));
                Assert.That(info.IrVersion, Is.EqualTo(8));
                Assert.That(info.Metadata["ctmsr.format"], Is.EqualTo("1"));
                Assert.That(info.Metadata["ctmsr.scale"], Is.EqualTo("3"));
            });
            using var doc = JsonDocument.Parse(info.TrainingSummary!);
            Assert.That(doc.RootElement.GetProperty("data").GetString(), Is.EqualTo("unit-test"));
            Assert.That(doc.RootElement.GetProperty("iterations").GetInt64(), Is.EqualTo(123));
            Assert.That(doc.RootElement.GetProperty("objective").GetString(), Is.EqualTo("ct+dtm"));
            Assert.That(doc.RootElement.GetProperty("date").GetString(), Is.EqualTo("2026-01-02T03:04:05Z"));

            // ONNX Runtime sees the same metadata, names and symbolic shapes.
            using var session = new InferenceSession(path);
            Assert.That(session.ModelMetadata.CustomMetadataMap["ctmsr.preset"], Is.EqualTo("tiny"));
            Assert.That(session.InputMetadata.Keys, Is.EquivalentTo(new[] { "lr", "noise" }));
            Assert.That(session.OutputMetadata.Keys, Is.EquivalentTo(new[] { "sr" }));
            Assert.That(session.InputMetadata["lr"].Dimensions, Is.EqualTo(new[] { 1, 3, -1, -1 }));
            Assert.That(session.InputMetadata["lr"].SymbolicDimensions[2..], Is.EqualTo(new[] { "h", "w" }));
            Assert.That(session.InputMetadata["noise"].SymbolicDimensions[2..], Is.EqualTo(new[] { "H", "W" }));
            Assert.That(session.OutputMetadata["sr"].SymbolicDimensions[2..], Is.EqualTo(new[] { "H", "W" }));
            Assert.That(session.InputMetadata["lr"].ElementType, Is.EqualTo(typeof(float)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Export_FoldsTimeMlp_GraphHasOnlyPlainOps()
    {
        var model = OnnxExporter.BuildModel(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1), 1.0, ExportTestModels.Meta);
        var ops = model.Graph.Node.Select(n => n.OpType).Distinct().ToArray();
        Assert.That(ops, Is.SubsetOf(new[] { "Mul", "Sub", "Add", "Resize", "SpaceToDepth", "Concat", "Conv", "LeakyRelu", "DepthToSpace", "Clip" }));
        Assert.That(model.Graph.Node.Count(n => n.OpType == "Conv"), Is.EqualTo(NetPreset.Tiny.Layers));
        Assert.That(model.Graph.Node.Single(n => n.OpType == "DepthToSpace").Attribute.Single(a => a.Name == "mode").S.ToStringUtf8(),
            Is.EqualTo("DCR"));
    }

    [Test]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ModelFile.Read("/nonexistent/x.onnx"));
        Assert.That(e!.Message, Does.Contain("/nonexistent/x.onnx"));
    }

    [Test]
    public void Read_GarbageFile_ThrowsInvalidData()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[] { 0xff, 0xff, 0xff, 0x01, 0x02 });
            var e = Assert.Throws<InvalidDataException>(() => ModelFile.Read(path));
            Assert.That(e!.Message, Does.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Check_WithoutScaleMetadata_NamesTheKey()
    {
        var model = OnnxExporter.BuildModel(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1), 1.0, ExportTestModels.Meta);
        var scale = model.MetadataProps.Single(p => p.Key == "ctmsr.scale");
        model.MetadataProps.Remove(scale);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Check(model, "m", ContractStage.Load));
        Assert.That(e!.Message, Does.Contain("ctmsr.scale"));
    }

    [Test]
    public void BuildModel_WithANaNWeight_IsRefusedByTheContractCheckBeforeSaving()
    {
        var net = ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1);
        using (TorchSharp.torch.no_grad()) net.Convs[1].weight!.view(-1)[3] = float.NaN;
        string path = Path.Combine(Path.GetTempPath(), "ctmsr-nan-" + Guid.NewGuid().ToString("N") + ".onnx");

        var e = Assert.Throws<InvalidDataException>(() => OnnxExporter.Export(net, 1.0, ExportTestModels.Meta, path));

        Assert.That(e!.Message, Does.Contain("tiny x2 (being exported)").And.Contain("'conv1.weight'"));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void Check_PresetMissing_IsAllowedAtLoadButNotAtExport()
    {
        var model = OnnxExporter.BuildModel(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1), 1.0, ExportTestModels.Meta);
        model.MetadataProps.Remove(model.MetadataProps.Single(p => p.Key == ModelContract.PresetKey));

        ModelFacts loaded = ModelFile.Check(model, "m", ContractStage.Load);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Check(model, "m", ContractStage.Export));

        Assert.That(loaded.Preset, Is.Null);
        Assert.That(e!.Message, Is.EqualTo("model 'm': metadata 'ctmsr.preset' is missing"));
    }

    [Test]
    public void Check_ExportStage_RefusesAGraphThePlanReaderCannotRead()
    {
        var model = OnnxExporter.BuildModel(ExportTestModels.PerturbedNet(NetPreset.Tiny, 2, 1), 1.0, ExportTestModels.Meta);
        var conv = model.Graph.Node.First(n => n.OpType == "Conv");
        var pads = conv.Attribute.Single(a => a.Name == "pads");
        pads.Ints.Clear();
        pads.Ints.Add(new long[] { 2, 2, 2, 2 });

        Assert.DoesNotThrow(() => ModelFile.Check(model, "m", ContractStage.Load), "the contract itself holds");
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Check(model, "m", ContractStage.Export));

        Assert.That(e!.Message, Does.Contain("model 'm' is not a plan of convolutions").And.Contain("pads=[2, 2, 2, 2]"));
    }

    [Test]
    public void TrainingJson_RoundTrips()
    {
        var back = ModelMetadata.FromTrainingJson(ExportTestModels.Meta.ToTrainingJson());
        Assert.That(back, Is.EqualTo(ExportTestModels.Meta));
        Assert.Throws<InvalidDataException>(() => ModelMetadata.FromTrainingJson("{not json"));
    }
}
