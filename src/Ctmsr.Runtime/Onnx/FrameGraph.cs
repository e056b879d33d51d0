using System;
using System.Collections.Generic;
using Google.Protobuf;
using Onnx;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Runtime.Onnx
{
    /// <summary>
    /// Wraps a contract model in the per-frame graph the ONNX Runtime backend runs, so pixel conversion happens where
    /// the tensors live: uint8 frame [1, h, w, 4] -> RGB in [0, 1], planar -> model (noise bound once per resolution) ->
    /// separable resample to the display size -> clamp, quantise -> uint8 frame [1, H, W, 4]; alpha is resized
    /// bilinearly from the input. The resample runs the taps of <see cref="Resampling.ResampleAxis"/> (cubic when the
    /// display is larger than the model's output, the antialiasing filter when it is smaller, a copy when equal) as
    /// Gather, Mul and ReduceSum along x and then y: opset 17's Resize has no antialiasing. The taps and the alpha size
    /// are inputs bound once per size pair, so one session serves every resolution. Node names start with their part
    /// ("in/", "model/", "resample/", "out/") for <see cref="FrameGraphBreakdown"/>.
    /// </summary>
    internal static class FrameGraph
    {
        /// <summary>The uint8 input frame, [1, render height, render width, 4], in the context's pixel format.</summary>
        public const string FrameInput = "frame";

        /// <summary>The model's noise input, passed through under its contract name.</summary>
        public const string NoiseInput = ModelContract.NoiseInput;

        /// <summary>int64 [display width, taps x]: the model-output columns each display column reads.</summary>
        public const string ColumnIndexInput = "cols_index";

        /// <summary>float [display width, taps x]: their weights.</summary>
        public const string ColumnWeightInput = "cols_weight";

        /// <summary>int64 [display height, taps y]: the model-output rows each display row reads.</summary>
        public const string RowIndexInput = "rows_index";

        /// <summary>float [display height, taps y, 1]: their weights.</summary>
        public const string RowWeightInput = "rows_weight";

        /// <summary>int64 [4]: the alpha output size [1, 1, display height, display width].</summary>
        public const string AlphaSizeInput = "alpha_size";

        /// <summary>The uint8 output frame, [1, display height, display width, 4], in the context's pixel format.</summary>
        public const string FrameOutput = "display";

        private const string ModelPrefix = "model/";

        /// <summary>
        /// The part a node of the optimised graph belongs to, from its name: the graph names its nodes "in/...",
        /// "model/...", "resample/..." and "out/..."; anything else was inserted by ONNX Runtime.
        /// </summary>
        public static FrameGraphPart PartOf(string nodeName)
        {
            if (nodeName.StartsWith(ModelPrefix, StringComparison.Ordinal)) return FrameGraphPart.Model;
            if (nodeName.StartsWith("in/", StringComparison.Ordinal)) return FrameGraphPart.InputConversion;
            if (nodeName.StartsWith("resample/", StringComparison.Ordinal)) return FrameGraphPart.Resample;
            if (nodeName.StartsWith("out/", StringComparison.Ordinal)) return FrameGraphPart.OutputConversion;
            return FrameGraphPart.Inserted;
        }

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
            g.Node.Add(OnnxProto.Node("Gather", "in/rgb_u8", FrameInput, "rgb_index").With("axis", 3L));
            g.Node.Add(OnnxProto.Node("Cast", "in/rgb", "in/rgb_u8").With("to", (long)OnnxProto.Float));
            g.Node.Add(OnnxProto.Node("Div", "in/rgb_unit", "in/rgb", "c255"));
            string lr = ModelPrefix + ModelContract.LowResInput;
            NodeProto planar = OnnxProto.Node("Transpose", lr, "in/rgb_unit").With("perm", 0L, 3L, 1L, 2L);
            planar.Name = "in/lr/Transpose";
            g.Node.Add(planar);
            g.Node.Add(OnnxProto.Node("Slice", "in/alpha_u8", FrameInput, "alpha_start", "alpha_end", "channel_axis"));
            g.Node.Add(OnnxProto.Node("Cast", "in/alpha", "in/alpha_u8").With("to", (long)OnnxProto.Float));
            g.Node.Add(OnnxProto.Node("Transpose", "in/alpha_planar", "in/alpha").With("perm", 0L, 3L, 1L, 2L));

            string sr = Inline(inner, g, modelSource);

            // Out: resample colour (the bound taps, x then y) and alpha (linear) to the display size, clamp, quantise,
            // interleave. x: [1, 3, sh, sw] -> gather [1, 3, sh, W, tx] -> weigh, sum the taps -> [1, 3, sh, W].
            g.Node.Add(OnnxProto.Node("Gather", "resample/cols_taps", sr, ColumnIndexInput).With("axis", 3L));
            g.Node.Add(OnnxProto.Node("Mul", "resample/cols_weighted", "resample/cols_taps", ColumnWeightInput));
            g.Node.Add(OnnxProto.Node("ReduceSum", "resample/cols", "resample/cols_weighted", "tap_axis_x").With("keepdims", 0L));
            // y: [1, 3, sh, W] -> gather [1, 3, H, ty, W] -> weigh, sum the taps -> [1, 3, H, W].
            g.Node.Add(OnnxProto.Node("Gather", "resample/rows_taps", "resample/cols", RowIndexInput).With("axis", 2L));
            g.Node.Add(OnnxProto.Node("Mul", "resample/rows_weighted", "resample/rows_taps", RowWeightInput));
            g.Node.Add(OnnxProto.Node("ReduceSum", "resample/rgb", "resample/rows_weighted", "tap_axis_y").With("keepdims", 0L));
            g.Node.Add(OnnxProto.Node("Clip", "out/rgb_unit", "resample/rgb", "c0", "c1"));
            g.Node.Add(OnnxProto.Node("Mul", "out/rgb_255", "out/rgb_unit", "c255"));
            g.Node.Add(OnnxProto.Node("Gather", "out/colour", "out/rgb_255", "rgb_index").With("axis", 1L));
            g.Node.Add(OnnxProto.Node("Resize", "resample/alpha", "in/alpha_planar", "", "", AlphaSizeInput)
                .With("mode", "linear").With("coordinate_transformation_mode", "half_pixel"));
            g.Node.Add(OnnxProto.Node("Concat", "out/planar", "out/colour", "resample/alpha").With("axis", 1L));
            g.Node.Add(OnnxProto.Node("Transpose", "out/interleaved", "out/planar").With("perm", 0L, 2L, 3L, 1L));
            // Round half up, as the host conversion does: floor(v + 0.5) of a value already in [0, 255].
            g.Node.Add(OnnxProto.Node("Add", "out/shifted", "out/interleaved", "c_half"));
            g.Node.Add(OnnxProto.Node("Floor", "out/rounded", "out/shifted"));
            NodeProto quantise = OnnxProto.Node("Cast", FrameOutput, "out/rounded").With("to", (long)OnnxProto.UInt8);
            quantise.Name = "out/" + FrameOutput + "/Cast";
            g.Node.Add(quantise);

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
}
