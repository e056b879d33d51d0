using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace Ctmsr.Runtime.Tests;

/// <summary>What a random CTMSR-structured test model looks like (the graph the trainer's exporter writes at t = 1).</summary>
public sealed class CtmsrGraphSpec
{
    public int Scale { get; set; } = 2;
    public int Channels { get; set; } = 8;
    public int Convs { get; set; } = 3;
    public float SigmaMax { get; set; } = 1f;
    public float CSkip { get; set; } = 0.0099f;
    public float COut { get; set; } = 0.995f;
    public float Slope { get; set; } = 0.1f;
    public int Seed { get; set; } = 1;

    /// <summary>Replaces the activation op of the first layer (e.g. "Sigmoid") to test refusal.</summary>
    public string Activation { get; set; } = "LeakyRelu";

    /// <summary>Overrides the pads of the second conv (e.g. [2, 2, 2, 2]) to test refusal.</summary>
    public long[]? SecondConvPads { get; set; }
}

/// <summary>Builds random models with the exporter's exact one-step graph structure, for the Vulkan backend tests.</summary>
public static class CtmsrGraphModels
{
    public static byte[] Build(CtmsrGraphSpec spec)
    {
        var g = new GraphProto { Name = "ctmsr_vulkan_test" };
        g.Input.Add(Image("lr", "h", "w"));
        g.Input.Add(Image("noise", "H", "W"));
        g.Output.Add(Image("sr", "H", "W"));
        int s = spec.Scale;
        var rng = new Random(spec.Seed);
        Scalar(g, "two", 2f);
        Scalar(g, "one", 1f);
        Scalar(g, "half", 0.5f);
        Scalar(g, "zero", 0f);
        Scalar(g, "sigma", spec.SigmaMax);
        Scalar(g, "c_skip", spec.CSkip);
        Scalar(g, "c_out", spec.COut);
        g.Initializer.Add(Floats("scales", new long[] { 4 }, new float[] { 1, 1, s, s }));

        g.Node.Add(Node("Mul", "lr2", "lr", "two"));
        g.Node.Add(Node("Sub", "lq", "lr2", "one"));
        g.Node.Add(Node("Resize", "y", "lq", "", "scales")
            .With("mode", "cubic").With("cubic_coeff_a", -0.75f).With("coordinate_transformation_mode", "half_pixel").With("exclude_outside", 0));
        g.Node.Add(Node("Mul", "noise_term", "noise", "sigma"));
        g.Node.Add(Node("Add", "x_T", "y", "noise_term"));
        g.Node.Add(Node("SpaceToDepth", "s2d", "x_T").With("blocksize", s));
        g.Node.Add(Node("Concat", "h0", "s2d", "lq").With("axis", 1));
        string h = "h0";
        int cin = 3 * s * s + 3;
        for (int i = 0; i < spec.Convs; i++)
        {
            int cout = i == spec.Convs - 1 ? 3 * s * s : spec.Channels;
            float std = (float)(1.0 / Math.Sqrt(9.0 * cin)) * (i == spec.Convs - 1 ? 0.5f : 1.5f);
            var w = new float[cout * cin * 9];
            for (int k = 0; k < w.Length; k++) w[k] = (float)((rng.NextDouble() * 2 - 1) * std * 1.7);
            var b = new float[cout];
            for (int k = 0; k < b.Length; k++) b[k] = (float)((rng.NextDouble() * 2 - 1) * 0.1);
            g.Initializer.Add(Floats($"conv{i}.weight", new long[] { cout, cin, 3, 3 }, w));
            g.Initializer.Add(Floats($"conv{i}.bias", new long[] { cout }, b));
            long[] pads = i == 1 && spec.SecondConvPads != null ? spec.SecondConvPads : new long[] { 1, 1, 1, 1 };
            g.Node.Add(Node("Conv", $"conv{i}", h, $"conv{i}.weight", $"conv{i}.bias")
                .With("kernel_shape", 3L, 3L).With("pads", pads).With("strides", 1L, 1L).With("dilations", 1L, 1L).With("group", 1));
            h = $"conv{i}";
            if (i < spec.Convs - 1)
            {
                NodeProto act = Node(i == 0 ? spec.Activation : "LeakyRelu", $"act{i}", h);
                if (act.OpType == "LeakyRelu") act.With("alpha", spec.Slope);
                g.Node.Add(act);
                h = $"act{i}";
            }
            cin = cout;
        }
        g.Node.Add(Node("DepthToSpace", "d2s", h).With("blocksize", s).With("mode", "DCR"));
        g.Node.Add(Node("Add", "F", "d2s", "y"));
        g.Node.Add(Node("Mul", "skip_term", "x_T", "c_skip"));
        g.Node.Add(Node("Mul", "out_term", "F", "c_out"));
        g.Node.Add(Node("Add", "D", "skip_term", "out_term"));
        g.Node.Add(Node("Mul", "D_half", "D", "half"));
        g.Node.Add(Node("Add", "rgb", "D_half", "half"));
        g.Node.Add(Node("Clip", "sr", "rgb", "zero", "one"));

        var model = new ModelProto { IrVersion = 8, ProducerName = "ctmsr-tests", Graph = g };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        void Meta(string k, string v) => model.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        Meta("ctmsr.format", "1");
        Meta("ctmsr.scale", s.ToString(CultureInfo.InvariantCulture));
        Meta("ctmsr.sigma_max", spec.SigmaMax.ToString("R", CultureInfo.InvariantCulture));
        Meta("ctmsr.preset", "test");
        Meta("ctmsr.mac_per_px", "1");
        Meta("ctmsr.training", "{\"data\":\"random\",\"iterations\":0}");
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string output, params string[] inputs)
    {
        var n = new NodeProto { OpType = op, Name = output + "_node" };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        return n;
    }

    private static NodeProto With(this NodeProto n, string name, string value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });
        return n;
    }

    private static NodeProto With(this NodeProto n, string name, float value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
        return n;
    }

    private static NodeProto With(this NodeProto n, string name, int value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return n;
    }

    private static NodeProto With(this NodeProto n, string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        n.Attribute.Add(a);
        return n;
    }

    private static void Scalar(GraphProto g, string name, float v) => g.Initializer.Add(Floats(name, Array.Empty<long>(), new[] { v }));

    private static TensorProto Floats(string name, long[] dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
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
