using System;
using System.Collections.Generic;
using System.Globalization;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>
/// Compares the metadata's scale with what the graph does. It follows the spatial size of the inputs through the
/// graph, as a factor of the size of 'lr' (and of 'noise', until an element-wise op ties the two together): Resize
/// by constant scales, SpaceToDepth and DepthToSpace by their block sizes, strided Conv, ConvTranspose and pooling,
/// and the ops that keep the size (element-wise ops, activations, channel Concat). Where weights say so it also
/// follows the channel count, so a DepthToSpace whose input channels its block size does not divide is named.
/// Anything it cannot follow (a Resize to computed sizes, Reshape, an op it does not know) ends that trail: a
/// refusal is never based on a guess. Without this, a model whose <c>ctmsr.scale</c> disagrees with its graph
/// passed the contract check, then ONNX Runtime failed on the first frame and the Vulkan backend used the graph's
/// scale.
/// </summary>
internal static class GraphScaleCheck
{
    private const double Tolerance = 1e-6;

    /// <summary>What is known about one tensor: its size as a factor of a root input's size, its channels, and how.</summary>
    private readonly struct Trace
    {
        public Trace(bool fromNoise, double h, double w, int channels, string via)
        {
            FromNoise = fromNoise;
            H = h;
            W = w;
            Channels = channels;
            Via = via;
        }

        /// <summary>True when the factors are relative to 'noise' rather than 'lr'.</summary>
        public bool FromNoise { get; }
        public double H { get; }
        public double W { get; }

        /// <summary>The channel count, or -1 when not known.</summary>
        public int Channels { get; }

        /// <summary>The ops that changed the size on the way, for messages.</summary>
        public string Via { get; }

        public Trace With(double h, double w, int channels, string step) =>
            new Trace(FromNoise, h, w, channels, step.Length == 0 ? Via : Append(Via, step));

        private static string Append(string via, string step)
        {
            // Keep the last few steps: enough to find them in the graph, short enough for one line.
            string joined = via.Length == 0 ? step : via + ", " + step;
            string[] parts = joined.Split(new[] { ", " }, StringSplitOptions.None);
            return parts.Length <= 4 ? joined : "..., " + string.Join(", ", parts, parts.Length - 3, 3);
        }
    }

    /// <exception cref="ModelContractException">The graph's scale, channels or noise size disagree with the metadata's scale.</exception>
    public static void Require(string source, GraphProto graph, int scale)
    {
        var constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto t in graph.Initializer) constants[t.Name] = t;
        var traces = new Dictionary<string, Trace>(StringComparer.Ordinal)
        {
            [ModelContract.LowResInput] = new Trace(false, 1, 1, ModelContract.Channels, ""),
            [ModelContract.NoiseInput] = new Trace(true, 1, 1, ModelContract.Channels, ""),
        };
        // The size of 'noise' as a factor of the size of 'lr', once an op combines the two; and where.
        double noiseH = double.NaN, noiseW = double.NaN;
        string noiseTie = "";

        foreach (NodeProto node in graph.Node)
        {
            if (node.OpType == "Constant" && node.Output.Count == 1)
            {
                foreach (AttributeProto a in node.Attribute)
                    if (a.Name == "value" && a.T != null) constants[node.Output[0]] = a.T;
                continue;
            }
            if (node.Input.Count == 0 || node.Output.Count == 0 || node.Domain.Length > 0 && node.Domain != "ai.onnx") continue;
            string op = node.OpType;
            string label = op + " '" + node.Name + "'";
            switch (op)
            {
                case "Resize":
                case "Upsample":
                {
                    if (!traces.TryGetValue(node.Input[0], out Trace x)) break;
                    // Resize (opset 11+): X, roi, scales, sizes; Resize 10 and Upsample: X, scales.
                    string scalesName = node.Input.Count == 2 ? node.Input[1] : node.Input.Count > 2 ? node.Input[2] : "";
                    if (scalesName.Length == 0 || !constants.TryGetValue(scalesName, out TensorProto? st) ||
                        !TensorProtoData.TryReadFloats(st, out float[] s) || s.Length != 4 || !(s[2] > 0) || !(s[3] > 0))
                        break;
                    int channels = s[1] == 1f ? x.Channels : -1;
                    traces[node.Output[0]] = x.With(x.H * s[2], x.W * s[3], channels, $"{label} scales {Factor(s[2], s[3])}");
                    break;
                }
                case "SpaceToDepth":
                case "DepthToSpace":
                {
                    if (!traces.TryGetValue(node.Input[0], out Trace x)) break;
                    long b = Int(node, "blocksize", 0);
                    if (b < 1) break;
                    long bb = b * b;
                    string step = $"{label} blocksize {b}";
                    if (op == "SpaceToDepth")
                    {
                        traces[node.Output[0]] = x.With(x.H / b, x.W / b, x.Channels < 0 ? -1 : (int)Math.Min(int.MaxValue, x.Channels * bb), step);
                        break;
                    }
                    if (x.Channels >= 0 && x.Channels % bb != 0)
                        throw Fail(source, $"{label} has blocksize {b}, which needs input channels in multiples of {bb}; " +
                                           $"its input '{node.Input[0]}' has {x.Channels}");
                    traces[node.Output[0]] = x.With(x.H * b, x.W * b, x.Channels < 0 ? -1 : (int)(x.Channels / bb), step);
                    break;
                }
                case "Conv":
                case "ConvTranspose":
                case "MaxPool":
                case "AveragePool":
                case "LpPool":
                {
                    if (!traces.TryGetValue(node.Input[0], out Trace x)) break;
                    long[] strides = Ints(node, "strides");
                    long sh = strides.Length == 2 ? strides[0] : 1, sw = strides.Length == 2 ? strides[1] : 1;
                    if (strides.Length != 0 && strides.Length != 2 || sh < 1 || sw < 1) break;
                    if (op == "ConvTranspose" && Ints(node, "output_shape").Length > 0) break;
                    int channels = x.Channels;
                    if (op == "Conv" || op == "ConvTranspose")
                    {
                        channels = -1;
                        if (node.Input.Count > 1 && constants.TryGetValue(node.Input[1], out TensorProto? weight) && weight.Dims.Count == 4)
                        {
                            long group = Int(node, "group", 1);
                            long c = op == "Conv" ? weight.Dims[0] : weight.Dims[1] * group;
                            if (c > 0 && c <= int.MaxValue) channels = (int)c;
                        }
                    }
                    bool up = op == "ConvTranspose";
                    string step = sh == 1 && sw == 1 ? "" : $"{label} strides {sh}x{sw}";
                    traces[node.Output[0]] = up
                        ? x.With(x.H * sh, x.W * sw, channels, step)
                        : x.With(x.H / sh, x.W / sw, channels, step);
                    break;
                }
                case "Concat":
                {
                    long axis = Int(node, "axis", 1);
                    if (axis < 0) axis += 4;
                    if (axis != 1 && axis != 0) break;
                    if (!Combine(source, node, axis == 0, traces, ref noiseH, ref noiseW, ref noiseTie, out Trace first)) break;
                    int channels = first.Channels;
                    if (axis == 1)
                    {
                        long sum = 0;
                        foreach (string input in node.Input)
                        {
                            if (!traces.TryGetValue(input, out Trace t) || t.Channels < 0) { sum = -1; break; }
                            sum += t.Channels;
                        }
                        channels = sum < 0 || sum > int.MaxValue ? -1 : (int)sum;
                    }
                    traces[node.Output[0]] = first.With(first.H, first.W, channels, "");
                    break;
                }
                default:
                {
                    if (!SizePreserving.Contains(op)) break;
                    if (Combine(source, node, true, traces, ref noiseH, ref noiseW, ref noiseTie, out Trace first))
                        traces[node.Output[0]] = first;
                    break;
                }
            }
        }

        string scaleText = scale.ToString(CultureInfo.InvariantCulture);
        if (traces.TryGetValue(ModelContract.Output, out Trace sr))
        {
            double h = sr.H, w = sr.W;
            if (sr.FromNoise) { h *= noiseH; w *= noiseW; }
            if (!double.IsNaN(h) && !double.IsNaN(w) && (Math.Abs(h - scale) > Tolerance || Math.Abs(w - scale) > Tolerance))
                throw Fail(source, $"metadata '{ModelContract.ScaleKey}' is {scaleText}, but the graph makes output " +
                                   $"'{ModelContract.Output}' {Factor(h, w)} x the size of input '{ModelContract.LowResInput}'" +
                                   Via(sr.Via, noiseTie, sr.FromNoise));
            if (sr.Channels >= 0 && sr.Channels != ModelContract.Channels)
                throw Fail(source, $"the graph gives output '{ModelContract.Output}' {sr.Channels} channels; the contract " +
                                   $"needs {ModelContract.Channels}" + Via(sr.Via, "", false));
        }
        if (!double.IsNaN(noiseH) && (Math.Abs(noiseH - scale) > Tolerance || Math.Abs(noiseW - scale) > Tolerance))
            throw Fail(source, $"metadata '{ModelContract.ScaleKey}' is {scaleText}, but the graph needs input " +
                               $"'{ModelContract.NoiseInput}' {Factor(noiseH, noiseW)} x the size of input " +
                               $"'{ModelContract.LowResInput}' ({noiseTie})");
    }

    /// <summary>
    /// For an op whose output has the size of its image inputs: the trace of the first input that has one (an 'lr'
    /// trace before a 'noise' one). When it meets an 'lr' and a 'noise' trace, it learns the size of 'noise'. Image
    /// inputs of different sizes, or (when <paramref name="sameChannels"/>) of channel counts that do not broadcast,
    /// are refused: ONNX Runtime would fail on them at the first frame.
    /// </summary>
    private static bool Combine(string source, NodeProto node, bool sameChannels, Dictionary<string, Trace> traces, ref double noiseH, ref double noiseW,
        ref string noiseTie, out Trace first)
    {
        bool haveLr = false, haveNoise = false;
        Trace lr = default, noise = default;
        string lrName = "", noiseName = "";
        int inputs = node.OpType == "Dropout" || node.OpType == "BatchNormalization" || node.OpType == "InstanceNormalization" ||
                     node.OpType == "Clip" || node.OpType == "PRelu" ? 1 : node.Input.Count;
        for (int i = 0; i < inputs; i++)
        {
            if (!traces.TryGetValue(node.Input[i], out Trace t)) continue;
            Trace seen = t.FromNoise ? noise : lr;
            string seenName = t.FromNoise ? noiseName : lrName;
            if (t.FromNoise ? haveNoise : haveLr)
            {
                // Two image tensors of one op must have the same size and broadcastable channels.
                if (Math.Abs(seen.H - t.H) > Tolerance || Math.Abs(seen.W - t.W) > Tolerance)
                    throw Fail(source, $"{node.OpType} '{node.Name}' combines '{seenName}' ({Factor(seen.H, seen.W)} x the size of " +
                                       $"'{Root(t)}') with '{node.Input[i]}' ({Factor(t.H, t.W)} x)");
                if (sameChannels && seen.Channels > 1 && t.Channels > 1 && seen.Channels != t.Channels)
                    throw Fail(source, $"{node.OpType} '{node.Name}' combines '{seenName}' of {seen.Channels} channels with " +
                                       $"'{node.Input[i]}' of {t.Channels} channels" + (t.Via.Length > 0 || seen.Via.Length > 0
                                           ? " (via " + (seen.Via.Length > 0 ? seen.Via : t.Via) + ")" : ""));
                // Keep the most telling of equal inputs: known channels, then the longer trail for messages.
                if (t.Channels > 1 && seen.Channels <= 1 || seen.Channels < 0 && t.Channels >= 0 ||
                    t.Channels == seen.Channels && t.Via.Length > seen.Via.Length)
                {
                    if (t.FromNoise) noise = t; else lr = t;
                }
                continue;
            }
            if (t.FromNoise) { noise = t; noiseName = node.Input[i]; haveNoise = true; }
            else { lr = t; lrName = node.Input[i]; haveLr = true; }
        }
        if (haveLr && haveNoise && double.IsNaN(noiseH))
        {
            noiseH = lr.H / noise.H;
            noiseW = lr.W / noise.W;
            noiseTie = $"{node.OpType} '{node.Name}' combines it with a tensor {Factor(lr.H, lr.W)} x the size of " +
                       $"'{ModelContract.LowResInput}'" + (lr.Via.Length > 0 ? " (via " + lr.Via + ")" : "");
        }
        first = haveLr ? lr : noise;
        return haveLr || haveNoise;
    }

    /// <summary>Ops whose output (the first) has the spatial size of their image input(s).</summary>
    private static readonly HashSet<string> SizePreserving = new HashSet<string>(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Min", "Max", "Mean", "Sum", "Where", "Clip", "Identity", "Cast", "Dropout",
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softplus",
        "Softsign", "Gelu", "Mish", "Erf", "Exp", "Log", "Sqrt", "Abs", "Neg", "Reciprocal", "Floor", "Ceil", "Round",
        "Sign", "BatchNormalization", "InstanceNormalization",
    };

    private static string Root(Trace t) => t.FromNoise ? ModelContract.NoiseInput : ModelContract.LowResInput;

    private static string Via(string lrVia, string noiseTie, bool fromNoise)
    {
        string via = lrVia.Length > 0 ? " (via " + lrVia + ")" : " (no op in it changes the size)";
        return fromNoise && noiseTie.Length > 0 ? via + "; " + noiseTie : via;
    }

    private static string Factor(double h, double w) =>
        Math.Abs(h - w) <= Tolerance ? Number(h) : Number(h) + " (height) by " + Number(w) + " (width)";

    private static string Number(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private static long Int(NodeProto node, string name, long fallback)
    {
        foreach (AttributeProto a in node.Attribute)
            if (a.Name == name && a.Type == AttributeProto.Types.AttributeType.Int) return a.I;
        return fallback;
    }

    private static long[] Ints(NodeProto node, string name)
    {
        foreach (AttributeProto a in node.Attribute)
        {
            if (a.Name != name || a.Type != AttributeProto.Types.AttributeType.Ints) continue;
            var values = new long[a.Ints.Count];
            a.Ints.CopyTo(values, 0);
            return values;
        }
        return Array.Empty<long>();
    }

    private static ModelContractException Fail(string source, string problem) => new ModelContractException(source, problem);
}
