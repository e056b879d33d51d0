using Ctmsr.Runtime.Models;
using NUnit.Framework;
using Onnx;

namespace Ctmsr.Runtime.Tests;

public class ModelContractTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ctmsr-contract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Load_ValidModel_ReadsContractMetadata()
    {
        string path = Path.Combine(_dir, "valid.onnx");
        File.WriteAllBytes(path, TestModels.Valid());

        CtmsrModel model = CtmsrModel.Load(path);

        Assert.Multiple(() =>
        {
            Assert.That(model.Scale, Is.EqualTo(2));
            Assert.That(model.SigmaMax, Is.EqualTo(1f));
            Assert.That(model.Preset, Is.EqualTo("tiny"));
            Assert.That(model.MacPerPixel, Is.EqualTo(3.0));
            Assert.That(model.TrainingSummary, Does.Contain("\"iterations\":0"));
            Assert.That(model.Source, Is.EqualTo(Path.GetFullPath(path)));
            Assert.That(model.Metadata["ctmsr.format"], Is.EqualTo("1"));
        });
    }

    [Test]
    public void Load_FromStreamAndBytes_GiveTheSameModel()
    {
        byte[] bytes = TestModels.Build(new TestModelSpec { Scale = 3, Metadata = { ["ctmsr.scale"] = "3", ["ctmsr.sigma_max"] = "0.5" } });
        using var stream = new MemoryStream(bytes);

        CtmsrModel fromStream = CtmsrModel.Load(stream, "stream-model");
        CtmsrModel fromBytes = CtmsrModel.Load(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(fromStream.Scale, Is.EqualTo(3));
            Assert.That(fromBytes.Scale, Is.EqualTo(3));
            Assert.That(fromStream.SigmaMax, Is.EqualTo(0.5f));
            Assert.That(fromStream.Source, Is.EqualTo("stream-model"));
            Assert.That(fromBytes.SizeInBytes, Is.EqualTo(bytes.Length));
        });
    }

    [Test]
    public void Load_OptionalMetadataAbsent_LeavesNulls()
    {
        var spec = new TestModelSpec();
        spec.Metadata.Remove("ctmsr.preset");
        spec.Metadata.Remove("ctmsr.mac_per_px");
        spec.Metadata.Remove("ctmsr.training");

        CtmsrModel model = CtmsrModel.Load(TestModels.Build(spec));

        Assert.That(new object?[] { model.Preset, model.MacPerPixel, model.TrainingSummary }, Is.All.Null);
    }

    private static IEnumerable<TestCaseData> ContractBreaks()
    {
        yield return new TestCaseData(new TestModelSpec { LowResName = "x" }, "input 'lr' is missing; the model's inputs are")
            .SetName("Load_WrongInputName_NamesTheMissingInput");
        yield return new TestCaseData(new TestModelSpec { OutputName = "out" }, "output 'sr' is missing")
            .SetName("Load_WrongOutputName_NamesTheMissingOutput");
        yield return new TestCaseData(new TestModelSpec { LowResChannels = 4 }, "input 'lr' has 4 channels; the contract needs 3")
            .SetName("Load_FourChannelInput_NamesTheChannelCount");
        yield return new TestCaseData(new TestModelSpec { LowResType = TensorProto.Types.DataType.Float16 },
                "input 'lr' has element type Float16; the contract needs float32")
            .SetName("Load_Float16Input_NamesTheElementType");

        var noScale = new TestModelSpec();
        noScale.Metadata.Remove("ctmsr.scale");
        yield return new TestCaseData(noScale, "metadata 'ctmsr.scale' is missing").SetName("Load_MissingScale_SaysSo");

        var format2 = new TestModelSpec { Metadata = { ["ctmsr.format"] = "2" } };
        yield return new TestCaseData(format2, "metadata 'ctmsr.format' is '2'; this runtime reads format 1")
            .SetName("Load_WrongFormat_NamesTheFormat");

        var scale5 = new TestModelSpec { Metadata = { ["ctmsr.scale"] = "5" } };
        yield return new TestCaseData(scale5, "metadata 'ctmsr.scale' is 5; the contract needs an integer from 2 to 4")
            .SetName("Load_ScaleOutOfRange_NamesTheRange");

        var badSigma = new TestModelSpec { Metadata = { ["ctmsr.sigma_max"] = "loud" } };
        yield return new TestCaseData(badSigma, "metadata 'ctmsr.sigma_max' is 'loud'; the contract needs a finite number")
            .SetName("Load_NonNumericSigma_SaysSo");
    }

    [TestCaseSource(nameof(ContractBreaks))]
    public void Load_ContractBreak_IsRefusedWithItsOwnMessage(TestModelSpec spec, string expected)
    {
        byte[] bytes = TestModels.Build(spec);

        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(bytes, "broken.onnx"));

        Assert.That(ex!.Message, Does.StartWith("model 'broken.onnx': ").And.Contain(expected));
        Assert.That(ex.Problem, Does.Contain(expected));
    }

    [Test]
    public void Load_MissingFile_NamesTheFile()
    {
        string path = Path.Combine(_dir, "nowhere.onnx");

        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(path));

        Assert.That(ex!.Message, Does.Contain(path).And.Contain("does not exist"));
    }

    [Test]
    public void Load_EmptyFile_NamesTheFile()
    {
        string path = Path.Combine(_dir, "empty.onnx");
        File.WriteAllBytes(path, Array.Empty<byte>());

        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(path));

        Assert.That(ex!.Message, Does.Contain(path).And.Contain("empty (0 bytes)"));
    }

    [Test]
    public void Load_TruncatedFile_NamesTheFile()
    {
        byte[] valid = TestModels.Valid();
        string path = Path.Combine(_dir, "truncated.onnx");
        File.WriteAllBytes(path, valid.AsSpan(0, valid.Length / 2).ToArray());

        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(path));

        Assert.That(ex!.Message, Does.Contain(path).And.Contain("cannot load it as an ONNX model"));
    }

    [Test]
    public void Load_RandomBytes_NamesTheFile()
    {
        var bytes = new byte[4096];
        new Random(1234).NextBytes(bytes);
        string path = Path.Combine(_dir, "random.onnx");
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(path));

        Assert.That(ex!.Message, Does.Contain(path).And.Contain("cannot load it as an ONNX model (4096 bytes)"));
    }

    [Test]
    public void Load_ProtobufWithoutGraph_IsNotAnOnnxModel()
    {
        var bare = new ModelProto { IrVersion = 8, ProducerName = "nothing" };
        bare.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });

        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(Google.Protobuf.MessageExtensions.ToByteArray(bare), "bare.onnx"));

        Assert.That(ex!.Problem, Does.StartWith("cannot load it as an ONNX model (").And.EndWith("it holds no graph"));
    }

    [Test]
    public void Load_InitializerAlsoListedAsInput_IsNotCountedAsAnInput()
    {
        // IR 3 files list initializers among the graph inputs; ONNX Runtime treats them as constants, and so does the check.
        ModelProto model = ModelProto.Parser.ParseFrom(TestModels.Valid());
        model.Graph.Input.Add(new ValueInfoProto
        {
            Name = "gain",
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() } },
        });

        CtmsrModel loaded = CtmsrModel.Load(Google.Protobuf.MessageExtensions.ToByteArray(model), "ir3-style.onnx");

        Assert.That(loaded.Scale, Is.EqualTo(2));
    }

    [Test]
    public void Load_SequenceInput_NamesTheValueType()
    {
        ModelProto model = ModelProto.Parser.ParseFrom(TestModels.Valid());
        model.Graph.Input[0].Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = model.Graph.Input[1].Type } };

        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(Google.Protobuf.MessageExtensions.ToByteArray(model), "seq.onnx"));

        Assert.That(ex!.Problem, Is.EqualTo("input 'lr' is a ONNX_TYPE_SEQUENCE; the contract needs a float32 tensor"));
    }

    [Test]
    public void Load_Directory_NamesThePath()
    {
        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(_dir));

        Assert.That(ex!.Message, Does.Contain(_dir).And.Contain("directory"));
    }
}
