using System.Buffers.Binary;
using Ctmsr.Runtime.Models;
using Google.Protobuf;
using NUnit.Framework;
using Onnx;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// The load-time checks that compare a model's metadata with its graph (scale, DepthToSpace block size and channels,
/// the size of 'noise') and refuse non-finite weights, on crafted models and on the shipped one.
/// </summary>
public class ModelGraphCheckTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ctmsr-graphcheck-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static ModelProto Parse(byte[] bytes) => ModelProto.Parser.ParseFrom(bytes);

    private static void SetMetadata(ModelProto model, string key, string value)
    {
        foreach (StringStringEntryProto e in model.MetadataProps)
            if (e.Key == key) { e.Value = value; return; }
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
    }

    private CtmsrModelException LoadFails(ModelProto model, string name)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, model.ToByteArray());
        var ex = Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(path))!;
        Assert.That(ex.Message, Does.StartWith($"model '{path}': "));
        return ex;
    }

    private static NodeProto NodeNamed(ModelProto model, string name) => model.Graph.Node.Single(n => n.Name == name);

    private static TensorProto Initializer(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    private static byte[] EmbeddedDefault()
    {
        if (!CtmsrModel.HasEmbeddedDefault) Assert.Ignore("this build embeds no default model");
        using Stream stream = typeof(CtmsrModel).Assembly.GetManifestResourceStream(CtmsrModel.EmbeddedResourceName(CtmsrModel.EmbeddedScales[0]))!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // ---- metadata scale against the graph ----

    [TestCase(2, 3)]
    [TestCase(2, 4)]
    [TestCase(3, 2)]
    [TestCase(4, 2)]
    public void Load_ScaleMetadataDisagreesWithExportedGraph_NamesTheKeyAndBothScales(int graphScale, int metadataScale)
    {
        ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = graphScale }));
        SetMetadata(model, "ctmsr.scale", metadataScale.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var ex = LoadFails(model, "wrong-scale.onnx");

        Assert.That(ex.Problem, Does.StartWith(
            $"metadata 'ctmsr.scale' is {metadataScale}, but the graph makes output 'sr' {graphScale} x the size of input 'lr'"));
        Assert.That(ex.Problem, Does.Contain($"DepthToSpace 'd2s_node' blocksize {graphScale}"));
    }

    [Test]
    public void Load_ShippedModelWithScaleMetadataChanged_IsRefused()
    {
        ModelProto model = Parse(EmbeddedDefault());
        int scale = CtmsrModel.EmbeddedScales[0];
        SetMetadata(model, "ctmsr.scale", (scale == 3 ? 2 : 3).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var ex = LoadFails(model, "shipped-rescaled.onnx");

        Assert.That(ex.Problem, Does.Contain($"but the graph makes output 'sr' {scale} x the size of input 'lr'"));
    }

    [Test]
    public void Load_ScaleMetadataDisagreesWithResizeOnlyGraph_NamesTheResize()
    {
        // The graph upscales by 2 with one nearest Resize; its metadata says 3.
        ModelProto model = Parse(TestModels.Build(new TestModelSpec { Scale = 2, Metadata = { ["ctmsr.scale"] = "3" } }));

        var ex = LoadFails(model, "resize.onnx");

        Assert.That(ex.Problem, Does.StartWith("metadata 'ctmsr.scale' is 3, but the graph makes output 'sr' 2 x the size of input 'lr'")
            .And.Contain("Resize 'up_Resize' scales 2"));
    }

    [Test]
    public void Load_ResizeWithDifferentHeightAndWidthScales_NamesBoth()
    {
        ModelProto model = Parse(TestModels.Valid());
        TensorProto scales = Initializer(model, "scales");
        scales.FloatData[3] = 3f;

        var ex = LoadFails(model, "anisotropic.onnx");

        Assert.That(ex.Problem, Does.StartWith(
            "metadata 'ctmsr.scale' is 2, but the graph makes output 'sr' 2 (height) by 3 (width) x the size of input 'lr'"));
    }

    [Test]
    public void Load_StaticSizesThatDisagreeWithTheScale_NameBothSizes()
    {
        ModelProto model = Parse(TestModels.Build(new TestModelSpec { Metadata = { ["ctmsr.scale"] = "3" }, Scale = 3 }));
        SetStatic(model.Graph.Input.Single(v => v.Name == "lr"), 64, 64);
        SetStatic(model.Graph.Input.Single(v => v.Name == "noise"), 128, 128);
        SetStatic(model.Graph.Output.Single(v => v.Name == "sr"), 128, 128);

        var ex = LoadFails(model, "static.onnx");

        Assert.That(ex.Problem, Is.EqualTo("input 'noise' height 128 is not scale 3 x input 'lr' height 64 = 192"));
    }

    [Test]
    public void Load_OutputSharesTheSymbolicSizeOfTheInput_SaysTheGraphDoesNotUpscale()
    {
        ModelProto model = Parse(TestModels.Valid());
        var shape = model.Graph.Output.Single(v => v.Name == "sr").Type.TensorType.Shape;
        shape.Dim[2].DimParam = "h";

        var ex = LoadFails(model, "same-size.onnx");

        Assert.That(ex.Problem, Is.EqualTo("output 'sr' height is 'h', the same symbolic size as input 'lr' height, so the graph " +
                                           "does not upscale; metadata 'ctmsr.scale' is 2"));
    }

    [Test]
    public void Load_DepthToSpaceBlockSizeThatDoesNotDivideTheChannels_NamesBoth()
    {
        // Scale 2: the last conv gives 3 * 2^2 = 12 channels; a blocksize of 3 needs multiples of 9.
        ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = 2 }));
        NodeNamed(model, "d2s_node").Attribute.Single(a => a.Name == "blocksize").I = 3;

        var ex = LoadFails(model, "d2s.onnx");

        Assert.That(ex.Problem, Is.EqualTo(
            "DepthToSpace 'd2s_node' has blocksize 3, which needs input channels in multiples of 9; its input 'conv2' has 12"));
    }

    [Test]
    public void Load_DepthToSpaceThatGivesTheWrongChannelCount_NamesTheCount()
    {
        // The last conv gives 24 channels: DepthToSpace 2 then makes 6, not the contract's 3.
        var spec = new CtmsrGraphSpec { Scale = 2, Channels = 8, Convs = 3 };
        ModelProto model = Parse(CtmsrGraphModels.Build(spec));
        TensorProto w = Initializer(model, "conv2.weight"), b = Initializer(model, "conv2.bias");
        w.Dims[0] = 24;
        w.FloatData.Clear();
        w.FloatData.AddRange(new float[24 * 8 * 9]);
        b.Dims[0] = 24;
        b.FloatData.Clear();
        b.FloatData.AddRange(new float[24]);

        var ex = LoadFails(model, "channels.onnx");

        Assert.That(ex.Problem, Does.StartWith("Add 'F_node' combines 'd2s' of 6 channels with 'y' of 3 channels (via ")
            .And.Contain("DepthToSpace 'd2s_node' blocksize 2)"));
    }

    [Test]
    public void Load_NoiseUsedAtTheInputSize_SaysWhatSizeTheGraphNeeds()
    {
        // sr = Resize_x2(lr + noise): the graph needs noise at the size of lr, the runtime feeds it at 2x.
        var g = new GraphProto { Name = "noise_at_lr" };
        g.Input.Add(Image("lr", "h", "w"));
        g.Input.Add(Image("noise", "H", "W"));
        g.Output.Add(Image("sr", "H", "W"));
        var scales = new TensorProto { Name = "scales", DataType = (int)TensorProto.Types.DataType.Float };
        scales.Dims.Add(4);
        scales.FloatData.AddRange(new[] { 1f, 1f, 2f, 2f });
        g.Initializer.Add(scales);
        g.Node.Add(new NodeProto { OpType = "Add", Name = "mix", Input = { "lr", "noise" }, Output = { "mixed" } });
        g.Node.Add(new NodeProto { OpType = "Resize", Name = "up", Input = { "mixed", "", "scales" }, Output = { "sr" } });
        var model = new ModelProto { IrVersion = 8, Graph = g };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        foreach (var kv in new TestModelSpec().Metadata) SetMetadata(model, kv.Key, kv.Value);

        var ex = LoadFails(model, "noise.onnx");

        Assert.That(ex.Problem, Does.StartWith("metadata 'ctmsr.scale' is 2, but the graph needs input 'noise' 1 x the size of input 'lr'")
            .And.Contain("Add 'mix'"));
    }

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void Load_ExportedGraphThatAgreesWithItsMetadata_Loads(int scale)
    {
        CtmsrModel model = CtmsrModel.Load(CtmsrGraphModels.Build(new CtmsrGraphSpec { Scale = scale }), "ok");

        Assert.That(model.Scale, Is.EqualTo(scale));
    }

    // ---- non-finite weights ----

    [Test]
    public void Load_NaNInFloatData_NamesTheTensorAndTheFirstIndex()
    {
        ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec { Channels = 8 }));
        TensorProto w = Initializer(model, "conv1.weight");
        w.FloatData[17] = float.NaN;
        w.FloatData[40] = float.PositiveInfinity;

        var ex = LoadFails(model, "nan.onnx");

        Assert.That(ex.Problem, Is.EqualTo("initializer 'conv1.weight' (float32 [8, 8, 3, 3]) holds NaN at index 17 (2 non-finite of " +
                                           "576 values); a model with non-finite weights gives NaN (black) frames"));
    }

    [TestCase(float.PositiveInfinity, "+Inf")]
    [TestCase(float.NegativeInfinity, "-Inf")]
    [TestCase(float.NaN, "NaN")]
    public void Load_NonFiniteInRawData_NamesTheTensorAndTheFirstIndex(float bad, string text)
    {
        ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec()));
        TensorProto w = Initializer(model, "conv0.bias");
        var raw = new byte[w.FloatData.Count * 4];
        for (int i = 0; i < w.FloatData.Count; i++)
            BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4 * i), BitConverter.SingleToInt32Bits(i == 5 ? bad : w.FloatData[i]));
        w.FloatData.Clear();
        w.RawData = ByteString.CopyFrom(raw);

        var ex = LoadFails(model, "raw.onnx");

        Assert.That(ex.Problem, Does.StartWith($"initializer 'conv0.bias' (float32 [8]) holds {text} at index 5 (1 non-finite of 8 values)"));
    }

    [Test]
    public void Load_ShippedModelWithOneNaNWeight_IsRefused()
    {
        ModelProto model = Parse(EmbeddedDefault());
        TensorProto w = model.Graph.Initializer.First(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) && t.RawData.Length > 400);
        byte[] raw = w.RawData.ToByteArray();
        BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4 * 99), BitConverter.SingleToInt32Bits(float.NaN));
        w.RawData = ByteString.CopyFrom(raw);

        var ex = LoadFails(model, "shipped-nan.onnx");

        Assert.That(ex.Problem, Does.StartWith($"initializer '{w.Name}' (float32 [").And.Contain("holds NaN at index 99 (1 non-finite of"));
    }

    [TestCase(false, 0x7C00, "+Inf")]
    [TestCase(false, 0xFE00, "NaN")]
    [TestCase(true, 0xFF80, "-Inf")]
    [TestCase(true, 0x7FC1, "NaN")]
    public void Load_NonFiniteHalfPrecisionWeights_AreRefusedInBothEncodings(bool bfloat, int bits, string text)
    {
        foreach (bool raw in new[] { false, true })
        {
            ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec()));
            var t = new TensorProto
            {
                Name = "half.weight",
                DataType = (int)(bfloat ? TensorProto.Types.DataType.Bfloat16 : TensorProto.Types.DataType.Float16),
            };
            t.Dims.Add(4);
            ushort[] values = { 0x3C00, 0x0000, (ushort)bits, 0x3C00 };
            if (raw)
            {
                var bytes = new byte[8];
                for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
                t.RawData = ByteString.CopyFrom(bytes);
            }
            else
            {
                foreach (ushort v in values) t.Int32Data.Add(v);
            }
            model.Graph.Initializer.Add(t);

            var ex = LoadFails(model, raw ? "half-raw.onnx" : "half-int32.onnx");

            Assert.That(ex.Problem, Does.StartWith($"initializer 'half.weight' ({(bfloat ? "bfloat16" : "float16")} [4]) holds {text} at index 2"),
                raw ? "raw_data" : "int32_data");
        }
    }

    [Test]
    public void Load_DoubleWeightWithInfinity_IsRefused()
    {
        ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec()));
        var t = new TensorProto { Name = "d", DataType = (int)TensorProto.Types.DataType.Double };
        t.Dims.Add(3);
        t.DoubleData.AddRange(new[] { 1.0, double.NegativeInfinity, 2.0 });
        model.Graph.Initializer.Add(t);

        var ex = LoadFails(model, "double.onnx");

        Assert.That(ex.Problem, Does.StartWith("initializer 'd' (float64 [3]) holds -Inf at index 1"));
    }

    [Test]
    public void Load_ConstantNodeWithNaN_NamesTheConstant()
    {
        ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec()));
        var value = new TensorProto { Name = "", DataType = (int)TensorProto.Types.DataType.Float };
        value.FloatData.Add(float.NaN);
        var constant = new NodeProto { OpType = "Constant", Name = "k_node", Output = { "k" } };
        constant.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = value });
        model.Graph.Node.Insert(0, constant);

        var ex = LoadFails(model, "constant.onnx");

        Assert.That(ex.Problem, Does.StartWith("constant 'k' (float32 []) holds NaN at index 0"));
    }

    [Test]
    public void Load_InfiniteClipBound_IsAnOpenBoundAndLoads_ButNaNIsNot()
    {
        ModelProto model = Parse(CtmsrGraphModels.Build(new CtmsrGraphSpec()));
        var hi = new TensorProto { Name = "hi", DataType = (int)TensorProto.Types.DataType.Float };
        hi.FloatData.Add(float.PositiveInfinity);
        model.Graph.Initializer.Add(hi);
        NodeNamed(model, "sr_node").Input[2] = "hi";

        Assert.That(CtmsrModel.Load(model.ToByteArray(), "open-bound").Scale, Is.EqualTo(2));

        hi.FloatData[0] = float.NaN;
        var ex = LoadFails(model, "nan-bound.onnx");
        Assert.That(ex.Problem, Does.StartWith("initializer 'hi' (float32 []) holds NaN at index 0"));
    }

    private static void SetStatic(ValueInfoProto v, int h, int w)
    {
        var dims = v.Type.TensorType.Shape.Dim;
        dims[2].DimValue = h;
        dims[3].DimValue = w;
    }

    private static ValueInfoProto Image(string name, string h, string w)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 3 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = h });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = w });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
