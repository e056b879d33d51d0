using Google.Protobuf;
using Onnx;

namespace Ctmsr.Runtime.Tests;

/// <summary>What a tiny test model looks like; every field defaults to the contract.</summary>
public sealed class TestModelSpec
{
    public string LowResName { get; set; } = "lr";
    public string NoiseName { get; set; } = "noise";
    public string OutputName { get; set; } = "sr";
    public int LowResChannels { get; set; } = 3;
    public TensorProto.Types.DataType LowResType { get; set; } = TensorProto.Types.DataType.Float;
    public int Scale { get; set; } = 2;

    /// <summary>sr = gain * Resize_nearest(lr) + bias + noiseGain * noise.</summary>
    public float Gain { get; set; } = 1f;
    public float Bias { get; set; }
    public float NoiseGain { get; set; }

    public Dictionary<string, string> Metadata { get; } = new()
    {
        ["ctmsr.format"] = "1",
        ["ctmsr.scale"] = "2",
        ["ctmsr.sigma_max"] = "1",
        ["ctmsr.preset"] = "tiny",
        ["ctmsr.mac_per_px"] = "3",
        ["ctmsr.training"] = "{\"data\":\"none\",\"iterations\":0}",
    };
}

/// <summary>Builds tiny ONNX models (opset 17, IR 8) with OnnxSharp's protobuf classes.</summary>
public static class TestModels
{
    public static byte[] Build(TestModelSpec spec)
    {
        var graph = new GraphProto { Name = "ctmsr_test" };
        graph.Input.Add(ImageValue(spec.LowResName, spec.LowResChannels, (int)spec.LowResType, "h", "w"));
        graph.Input.Add(ImageValue(spec.NoiseName, 3, (int)TensorProto.Types.DataType.Float, "H", "W"));
        graph.Output.Add(ImageValue(spec.OutputName, 3, (int)TensorProto.Types.DataType.Float, "H", "W"));

        bool lrUsable = spec.LowResChannels == 3 && spec.LowResType == TensorProto.Types.DataType.Float;
        if (lrUsable)
        {
            graph.Initializer.Add(FloatTensor("scales", new long[] { 4 }, 1f, 1f, spec.Scale, spec.Scale));
            graph.Initializer.Add(FloatTensor("gain", Array.Empty<long>(), spec.Gain));
            graph.Initializer.Add(FloatTensor("bias", Array.Empty<long>(), spec.Bias));
            graph.Initializer.Add(FloatTensor("noise_gain", Array.Empty<long>(), spec.NoiseGain));
            var resize = Node("Resize", new[] { spec.LowResName, "", "scales" }, "up");
            resize.Attribute.Add(new AttributeProto
            {
                Name = "mode", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("nearest"),
            });
            graph.Node.Add(resize);
            graph.Node.Add(Node("Mul", new[] { "up", "gain" }, "scaled"));
            graph.Node.Add(Node("Add", new[] { "scaled", "bias" }, "shifted"));
            graph.Node.Add(Node("Mul", new[] { spec.NoiseName, "noise_gain" }, "noise_term"));
            graph.Node.Add(Node("Add", new[] { "shifted", "noise_term" }, spec.OutputName));
        }
        else
        {
            // The low-resolution input cannot feed a float graph; the contract check must refuse before it matters.
            graph.Node.Add(Node("Identity", new[] { spec.NoiseName }, spec.OutputName));
        }

        var model = new ModelProto { IrVersion = 8, ProducerName = "ctmsr-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        foreach (var kv in spec.Metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = kv.Key, Value = kv.Value });
        return model.ToByteArray();
    }

    public static byte[] Valid() => Build(new TestModelSpec());

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output + "_" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto FloatTensor(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    private static ValueInfoProto ImageValue(string name, int channels, int elemType, string h, string w)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = channels });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = h });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = w });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } },
        };
    }
}
