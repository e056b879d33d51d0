using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Onnx;
using Google.Protobuf;
using Onnx;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// The frame graph as it was written before the overhead work (issue 12 item 6), kept verbatim as the reference the
/// optimised <see cref="FrameGraph"/> must match byte for byte: uint8 RGBA -> Gather, Cast, Div, Transpose -> model ->
/// Gather/Mul/ReduceSum taps along x then y -> Clip, Mul, Gather, Concat with the bilinear alpha, Transpose, Add, Floor,
/// Cast. Its inputs and output carry the same names, so the same bindings drive both.
/// </summary>
internal static class ReferenceFrameGraph
{
    private const string FrameInput = "frame", NoiseInput = "noise", ColumnIndexInput = "cols_index",
        ColumnWeightInput = "cols_weight", RowIndexInput = "rows_index", RowWeightInput = "rows_weight",
        AlphaSizeInput = "alpha_size", FrameOutput = "display", ModelPrefix = "model/";

    /// <summary>Builds the serialized frame graph around the model in <paramref name="modelBytes"/>.</summary>
    public static byte[] Build(byte[] modelBytes, string modelSource, PixelFormat format)
    {
        ModelProto inner;
        try
        {
            inner = ModelProto.Parser.ParseFrom(modelBytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new CtmsrModelException(modelSource, "the model cannot be parsed to build the frame graph: " + ex.Message, ex);
        }

        var g = new GraphProto { Name = "ctmsr_frame" };
        g.Input.Add(OnnxProto.Tensor4(FrameInput, OnnxProto.UInt8, 1, "h", "w", 4));
        g.Input.Add(OnnxProto.Tensor4(NoiseInput, OnnxProto.Float, 1, ModelContract.Channels, "sh", "sw"));
        g.Input.Add(OnnxProto.Tensor(ColumnIndexInput, OnnxProto.Int64, "W", "tx"));
        g.Input.Add(OnnxProto.Tensor(ColumnWeightInput, OnnxProto.Float, "W", "tx"));
        g.Input.Add(OnnxProto.Tensor(RowIndexInput, OnnxProto.Int64, "H", "ty"));
        g.Input.Add(OnnxProto.Tensor(RowWeightInput, OnnxProto.Float, "H", "ty", 1));
        g.Input.Add(OnnxProto.Int64Vector(AlphaSizeInput, 4));
        g.Output.Add(OnnxProto.Tensor4(FrameOutput, OnnxProto.UInt8, 1, "H", "W", 4));

        // BGRA <-> RGB is the permutation [2, 1, 0] both ways, so one index tensor serves input and output.
        long[] rgb = format == PixelFormat.Bgra8 ? new long[] { 2, 1, 0 } : new long[] { 0, 1, 2 };
        g.Initializer.Add(OnnxProto.Int64Constant("rgb_index", rgb));
        g.Initializer.Add(OnnxProto.Int64Constant("alpha_start", 3));
        g.Initializer.Add(OnnxProto.Int64Constant("alpha_end", 4));
        g.Initializer.Add(OnnxProto.Int64Constant("channel_axis", 3));
        g.Initializer.Add(OnnxProto.Int64Constant("tap_axis_x", 4));
        g.Initializer.Add(OnnxProto.Int64Constant("tap_axis_y", 3));
        g.Initializer.Add(OnnxProto.FloatConstant("c255", Array.Empty<long>(), 255f));
        g.Initializer.Add(OnnxProto.FloatConstant("c0", Array.Empty<long>(), 0f));
        g.Initializer.Add(OnnxProto.FloatConstant("c1", Array.Empty<long>(), 1f));
        g.Initializer.Add(OnnxProto.FloatConstant("c_half", Array.Empty<long>(), 0.5f));

        // In: bytes -> [0, 1] planar RGB (value / 255, as the contract says), and alpha as float bytes.
        g.Node.Add(OnnxProto.Node("Gather", "in_rgb_u8", FrameInput, "rgb_index").With("axis", 3L));
        g.Node.Add(OnnxProto.Node("Cast", "in_rgb", "in_rgb_u8").With("to", (long)OnnxProto.Float));
        g.Node.Add(OnnxProto.Node("Div", "in_rgb_unit", "in_rgb", "c255"));
        string lr = ModelPrefix + ModelContract.LowResInput;
        g.Node.Add(OnnxProto.Node("Transpose", lr, "in_rgb_unit").With("perm", 0L, 3L, 1L, 2L));
        g.Node.Add(OnnxProto.Node("Slice", "in_alpha_u8", FrameInput, "alpha_start", "alpha_end", "channel_axis"));
        g.Node.Add(OnnxProto.Node("Cast", "in_alpha", "in_alpha_u8").With("to", (long)OnnxProto.Float));
        g.Node.Add(OnnxProto.Node("Transpose", "alpha_planar", "in_alpha").With("perm", 0L, 3L, 1L, 2L));

        string sr = Inline(inner, g, modelSource);

        // Out: resample colour (the bound taps, x then y) and alpha (linear) to the display size, clamp, quantise,
        // interleave. x: [1, 3, sh, sw] -> gather [1, 3, sh, W, tx] -> weigh, sum the taps -> [1, 3, sh, W].
        g.Node.Add(OnnxProto.Node("Gather", "out_cols_taps", sr, ColumnIndexInput).With("axis", 3L));
        g.Node.Add(OnnxProto.Node("Mul", "out_cols_weighted", "out_cols_taps", ColumnWeightInput));
        g.Node.Add(OnnxProto.Node("ReduceSum", "out_cols", "out_cols_weighted", "tap_axis_x").With("keepdims", 0L));
        // y: [1, 3, sh, W] -> gather [1, 3, H, ty, W] -> weigh, sum the taps -> [1, 3, H, W].
        g.Node.Add(OnnxProto.Node("Gather", "out_rows_taps", "out_cols", RowIndexInput).With("axis", 2L));
        g.Node.Add(OnnxProto.Node("Mul", "out_rows_weighted", "out_rows_taps", RowWeightInput));
        g.Node.Add(OnnxProto.Node("ReduceSum", "out_rgb", "out_rows_weighted", "tap_axis_y").With("keepdims", 0L));
        g.Node.Add(OnnxProto.Node("Clip", "out_rgb_unit", "out_rgb", "c0", "c1"));
        g.Node.Add(OnnxProto.Node("Mul", "out_rgb_255", "out_rgb_unit", "c255"));
        g.Node.Add(OnnxProto.Node("Gather", "out_colour", "out_rgb_255", "rgb_index").With("axis", 1L));
        g.Node.Add(OnnxProto.Node("Resize", "out_alpha", "alpha_planar", "", "", AlphaSizeInput)
            .With("mode", "linear").With("coordinate_transformation_mode", "half_pixel"));
        g.Node.Add(OnnxProto.Node("Concat", "out_planar", "out_colour", "out_alpha").With("axis", 1L));
        g.Node.Add(OnnxProto.Node("Transpose", "out_interleaved", "out_planar").With("perm", 0L, 2L, 3L, 1L));
        // Round half up, as the host conversion does: floor(v + 0.5) of a value already in [0, 255].
        g.Node.Add(OnnxProto.Node("Add", "out_shifted", "out_interleaved", "c_half"));
        g.Node.Add(OnnxProto.Node("Floor", "out_rounded", "out_shifted"));
        g.Node.Add(OnnxProto.Node("Cast", FrameOutput, "out_rounded").With("to", (long)OnnxProto.UInt8));

        ModelProto frame = OnnxProto.Model(g, "ctmsr-runtime frame graph");
        frame.MetadataProps.AddRange(inner.MetadataProps);
        foreach (OperatorSetIdProto opset in inner.OpsetImport)
        {
            if (opset.Domain.Length == 0) frame.OpsetImport[0].Version = Math.Max(opset.Version, OnnxProto.Opset);
            else frame.OpsetImport.Add(opset);
        }
        if (inner.IrVersion > frame.IrVersion) frame.IrVersion = inner.IrVersion;
        return frame.ToByteArray();
    }

    /// <summary>
    /// Copies the model's nodes and initializers into <paramref name="g"/> under a prefix, reading <c>lr</c> from
    /// the converted frame and <c>noise</c> from the frame graph's input. Returns the name of the model's output.
    /// </summary>
    private static string Inline(ModelProto inner, GraphProto g, string modelSource)
    {
        GraphProto m = inner.Graph;
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [string.Empty] = string.Empty, // optional inputs stay omitted
            [ModelContract.LowResInput] = ModelPrefix + ModelContract.LowResInput,
            [ModelContract.NoiseInput] = NoiseInput,
        };
        string Rename(string name)
        {
            if (!renamed.TryGetValue(name, out string? r))
            {
                r = ModelPrefix + name;
                renamed[name] = r;
            }
            return r;
        }

        foreach (TensorProto init in m.Initializer)
        {
            TensorProto copy = init.Clone();
            copy.Name = Rename(init.Name);
            g.Initializer.Add(copy);
        }
        foreach (NodeProto node in m.Node)
        {
            foreach (AttributeProto a in node.Attribute)
            {
                if (a.G != null || a.Graphs.Count > 0)
                    throw new CtmsrModelException(modelSource,
                        $"node '{node.Name}' ({node.OpType}) has a subgraph; the frame graph supports plain graphs only");
            }
            NodeProto copy = node.Clone();
            copy.Name = ModelPrefix + node.Name;
            copy.Input.Clear();
            foreach (string i in node.Input) copy.Input.Add(Rename(i));
            copy.Output.Clear();
            foreach (string o in node.Output) copy.Output.Add(Rename(o));
            g.Node.Add(copy);
        }
        return Rename(ModelContract.Output);
    }
}
