using Google.Protobuf;
using Onnx;

namespace Ctmsr.Contract.Tests;

/// <summary>
/// The mistakes an exporter or a plan reader can make, applied to an exported model so that it still loads and runs:
/// each keeps every shape the contract checks and changes only what the numbers mean. Convs are found by walking the
/// graph, not by initializer names.
/// </summary>
internal static class ModelCorruption
{
    /// <summary>Applies <paramref name="corruption"/> to the serialized model and returns the new bytes.</summary>
    public static byte[] Apply(byte[] onnx, Corruption corruption)
    {
        var model = ModelProto.Parser.ParseFrom(onnx);
        GraphProto g = model.Graph;
        var convs = g.Node.Where(n => n.OpType == "Conv").ToList();
        if (convs.Count < 4) throw new ArgumentException($"the model has {convs.Count} convs; the corruptions need at least 4");
        switch (corruption)
        {
            case Corruption.SwappedBodyConvs:
                // Layer order: the second and third convs (both hidden-to-hidden) trade weights and biases.
                for (int k = 1; k <= 2; k++) (convs[1].Input[k], convs[2].Input[k]) = (convs[2].Input[k], convs[1].Input[k]);
                break;
            case Corruption.ReluForLastLeakyRelu:
                NodeProto act = g.Node.Last(n => n.OpType == "LeakyRelu");
                act.OpType = "Relu";
                act.Attribute.Clear();
                break;
            case Corruption.SpatiallyTransposedKernel:
                Rewrite(g, convs[2].Input[1], (w, d) => Permute(w, d, (o, i, y, x) => (o, i, x, y)));
                break;
            case Corruption.InOutTransposedWeights:
                Rewrite(g, convs[2].Input[1], (w, d) =>
                {
                    if (d[0] != d[1]) throw new ArgumentException($"conv 2 is not square: [{string.Join(", ", d)}]");
                    return Permute(w, d, (o, i, y, x) => (i, o, y, x));
                });
                break;
            case Corruption.HalvedNoiseGain:
                NodeProto mul = g.Node.Single(n => n.OpType == "Mul" && n.Input.Contains("noise"));
                string gain = mul.Input.Single(i => i != "noise");
                Rewrite(g, gain, (w, _) => w.Select(v => v / 2).ToArray());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "unknown corruption");
        }
        return model.ToByteArray();
    }

    private static void Rewrite(GraphProto g, string initializer, Func<float[], long[], float[]> change)
    {
        TensorProto t = g.Initializer.SingleOrDefault(i => i.Name == initializer)
            ?? throw new ArgumentException($"no initializer '{initializer}' (a Constant node is not handled here)");
        if (t.DataType != (int)TensorProto.Types.DataType.Float) throw new ArgumentException($"initializer '{initializer}' is not float");
        float[] values;
        if (t.RawData.Length > 0)
        {
            values = new float[t.RawData.Length / 4];
            Buffer.BlockCopy(t.RawData.ToByteArray(), 0, values, 0, t.RawData.Length);
        }
        else values = t.FloatData.ToArray();
        float[] changed = change(values, t.Dims.ToArray());
        var bytes = new byte[changed.Length * 4];
        Buffer.BlockCopy(changed, 0, bytes, 0, bytes.Length);
        t.FloatData.Clear();
        t.RawData = ByteString.CopyFrom(bytes);
    }

    /// <summary>An OIHW 3x3 weight with element [o, i, y, x] moved to map(o, i, y, x).</summary>
    private static float[] Permute(float[] w, long[] dims, Func<int, int, int, int, (int O, int I, int Y, int X)> map)
    {
        int outs = (int)dims[0], ins = (int)dims[1];
        if (dims[2] != 3 || dims[3] != 3) throw new ArgumentException($"weights [{string.Join(", ", dims)}] are not 3x3");
        var result = new float[w.Length];
        for (int o = 0; o < outs; o++)
            for (int i = 0; i < ins; i++)
                for (int y = 0; y < 3; y++)
                    for (int x = 0; x < 3; x++)
                    {
                        var to = map(o, i, y, x);
                        result[((to.O * ins + to.I) * 3 + to.Y) * 3 + to.X] = w[((o * ins + i) * 3 + y) * 3 + x];
                    }
        return result;
    }
}
