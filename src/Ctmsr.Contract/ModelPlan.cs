using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>
/// A contract model's one-step graph at t = 1 read back into its parts (scale, sigma_max, c_skip, c_out, the chain of
/// 3x3 convolutions): what a backend that runs the convolutions itself (the runtime's Vulkan kernels) executes. It
/// reads exactly the graph the trainer's exporter writes, so the two live in one place: the exporter runs this reader
/// on what it wrote (<see cref="ContractStage.Export"/>). Any other op, attribute or structure is refused with a
/// <see cref="ModelPlanException"/> that names it.
/// </summary>
public sealed class ModelPlan
{
    /// <summary>The ops a plan can contain.</summary>
    internal static readonly string[] SupportedOps =
        { "Mul", "Sub", "Add", "Resize", "SpaceToDepth", "Concat", "Conv", "LeakyRelu", "Relu", "DepthToSpace", "Clip", "Constant" };

    /// <summary>The most input or output channels a Conv of a plan may have.</summary>
    private const int MaxChannels = 4096;

    private readonly string _source;
    private readonly Dictionary<string, TensorProto> _constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);

    private ModelPlan(string source) => _source = source;

    /// <summary>The integer scale s, from the Resize scales [1, 1, s, s].</summary>
    public int Scale { get; private set; }

    /// <summary>sigma_max: x_T = y + sigma_max noise.</summary>
    public float SigmaMax { get; private set; }

    /// <summary>The exported c_skip: D = c_skip x_T + c_out F.</summary>
    public float CSkip { get; private set; }

    /// <summary>The exported c_out: D = c_skip x_T + c_out F.</summary>
    public float COut { get; private set; }

    /// <summary>The conv chain from the first layer (input space_to_depth(x_T) ++ lq) to the last (before depth_to_space).</summary>
    public IReadOnlyList<PlanConv> Convs { get; private set; } = Array.Empty<PlanConv>();

    /// <summary>Multiply-accumulates per output pixel, from the layer shapes.</summary>
    public double MacPerPixel => Convs.Sum(c => 9.0 * c.InChannels * c.OutChannels) / (Scale * Scale);

    /// <summary>Reads the plan from a contract model's bytes.</summary>
    /// <param name="modelBytes">The serialized ONNX model.</param>
    /// <param name="source">The model's file path or description, for messages.</param>
    /// <exception cref="ModelPlanException">The bytes do not parse, or an op, attribute or structure is not the exporter's.</exception>
    public static ModelPlan Read(byte[] modelBytes, string source)
    {
        if (modelBytes is null) throw new ArgumentNullException(nameof(modelBytes));
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(modelBytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelPlanException(source, ex.Message, ex);
        }
        return Read(model, source);
    }

    /// <summary>Reads the plan from a parsed contract model.</summary>
    /// <param name="model">The model; not changed.</param>
    /// <param name="source">The model's file path or description, for messages.</param>
    /// <exception cref="ModelPlanException">An op, attribute or structure is not the exporter's.</exception>
    public static ModelPlan Read(ModelProto model, string source)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        if (model.Graph is null) throw new ModelPlanException(source, "it holds no graph");
        var plan = new ModelPlan(source);
        plan.Parse(model.Graph);
        return plan;
    }

    private void Parse(GraphProto g)
    {
        foreach (NodeProto n in g.Node)
        {
            if (Array.IndexOf(SupportedOps, n.OpType) < 0 || (n.Domain.Length > 0 && n.Domain != "ai.onnx"))
                throw Refuse($"op '{(n.Domain.Length > 0 ? n.Domain + "." : "")}{n.OpType}' (node '{n.Name}') is not supported; " +
                             $"the Vulkan kernels implement {string.Join(", ", SupportedOps)}");
            CheckArity(n);
            foreach (string o in n.Output) _producers[o] = n;
            if (n.OpType == "Constant")
            {
                AttributeProto? value = n.Attribute.FirstOrDefault(a => a.Name == "value");
                if (value?.T == null) throw Refuse($"Constant node '{n.Name}' has no tensor 'value' attribute");
                _constants[n.Output[0]] = value.T;
            }
        }
        foreach (TensorProto t in g.Initializer) _constants[t.Name] = t;

        // sr = Clip(0.5 D + 0.5, 0, 1)
        NodeProto clip = Expect(ModelContract.Output, "Clip");
        ExpectScalar(clip, 1, 0f, "min");
        ExpectScalar(clip, 2, 1f, "max");
        string d = AffineInput(clip.Input[0], 0.5f, 0.5f);

        // D = c_skip x_T + c_out F
        NodeProto dAdd = Expect(d, "Add");
        (string a0, float k0) = ScaledTerm(dAdd.Input[0]);
        (string a1, float k1) = ScaledTerm(dAdd.Input[1]);
        bool firstIsXt = IsXt(a0);
        string xT = firstIsXt ? a0 : a1, f = firstIsXt ? a1 : a0;
        if (!IsXt(xT)) throw Refuse($"node '{dAdd.Name}' (Add) does not combine x_T = y + sigma_max noise with F");
        CSkip = firstIsXt ? k0 : k1;
        COut = firstIsXt ? k1 : k0;

        // x_T = y + sigma_max noise
        NodeProto xtAdd = Expect(xT, "Add");
        string yName = xtAdd.Input[0], noiseTerm = xtAdd.Input[1];
        if (!IsNoiseTerm(noiseTerm)) (yName, noiseTerm) = (noiseTerm, yName);
        (string noise, float sigma) = ScaledTerm(noiseTerm);
        if (noise != ModelContract.NoiseInput) throw Refuse($"node '{xtAdd.Name}' does not add sigma_max x noise to y");
        SigmaMax = sigma;

        // y = Resize_cubic(lq, scales [1, 1, s, s]); lq = 2 lr - 1
        NodeProto resize = Expect(yName, "Resize");
        CheckResize(resize);
        string lq = resize.Input[0];
        string lr = AffineInput(lq, 2f, -1f, allowSub: true);
        if (lr != ModelContract.LowResInput) throw Refuse($"the bicubic input '{lq}' is not 2 lr - 1");

        // F = DepthToSpace(conv chain) + y
        NodeProto fAdd = Expect(f, "Add");
        string d2sName = fAdd.Input[0] == yName ? fAdd.Input[1] : fAdd.Input[0];
        if (fAdd.Input[0] != yName && fAdd.Input[1] != yName) throw Refuse($"node '{fAdd.Name}' (Add) is not the global residual to y");
        NodeProto d2s = Expect(d2sName, "DepthToSpace");
        if (Int(d2s, "blocksize", 0) != Scale) throw Refuse($"DepthToSpace '{d2s.Name}': blocksize {Int(d2s, "blocksize", 0)} differs from the resize scale {Scale}");
        string mode = Str(d2s, "mode", "DCR");
        if (mode != "DCR") throw Refuse($"DepthToSpace '{d2s.Name}': mode '{mode}' is not supported (only DCR)");

        // Conv chain, walked backwards to the Concat(SpaceToDepth(x_T), lq) that feeds it.
        var convs = new List<PlanConv>();
        string h = d2s.Input[0];
        float? slope = null;
        while (true)
        {
            NodeProto n = Producer(h, "a Conv or activation");
            if (n.OpType == "LeakyRelu" || n.OpType == "Relu")
            {
                if (slope != null) throw Refuse($"node '{n.Name}': two activations in a row");
                slope = n.OpType == "Relu" ? 0f : Float(n, "alpha", 0.01f);
                if (!(slope >= 0f && slope <= 1f)) throw Refuse($"LeakyRelu '{n.Name}': alpha {slope} is outside [0, 1]");
                h = n.Input[0];
                continue;
            }
            if (n.OpType == "Conv")
            {
                if (convs.Count > 0 && slope == null) throw Refuse($"Conv '{n.Name}' is followed directly by another Conv");
                if (convs.Count == 0 && slope != null) throw Refuse("the last Conv is followed by an activation before DepthToSpace");
                convs.Insert(0, ReadConv(n, slope));
                slope = null;
                h = n.Input[0];
                continue;
            }
            if (n.OpType == "Concat")
            {
                if (slope != null) throw Refuse($"an activation directly after Concat '{n.Name}'");
                CheckInputConcat(n, xT, lq);
                break;
            }
            throw Refuse($"node '{n.Name}' ({n.OpType}) does not fit the conv chain");
        }
        if (convs.Count < 2) throw Refuse($"the conv chain has {convs.Count} layer(s); the kernels need at least a first and a last layer");
        int inputChannels = 3 * Scale * Scale + 3;
        if (convs[0].InChannels != inputChannels)
            throw Refuse($"the first Conv takes {convs[0].InChannels} channels; space_to_depth(x_T) ++ lq has {inputChannels}");
        if (convs[convs.Count - 1].OutChannels != 3 * Scale * Scale)
            throw Refuse($"the last Conv gives {convs[convs.Count - 1].OutChannels} channels; depth_to_space needs {3 * Scale * Scale}");
        for (int i = 1; i < convs.Count; i++)
            if (convs[i].InChannels != convs[i - 1].OutChannels)
                throw Refuse($"Conv {i} takes {convs[i].InChannels} channels but layer {i - 1} gives {convs[i - 1].OutChannels}");
        Convs = convs;
    }

    private PlanConv ReadConv(NodeProto n, float? slope)
    {
        if (n.Input.Count < 2) throw Refuse($"Conv '{n.Name}' has no weight input");
        float[] w = Floats(n.Input[1], out long[] wDims);
        if (wDims.Length != 4 || wDims[2] != 3 || wDims[3] != 3)
            throw Refuse($"Conv '{n.Name}': weights of shape [{string.Join(", ", wDims)}] are not supported (only 3x3 kernels)");
        if (wDims[0] < 1 || wDims[0] > MaxChannels || wDims[1] < 1 || wDims[1] > MaxChannels)
            throw Refuse($"Conv '{n.Name}': weights of shape [{string.Join(", ", wDims)}] need 1 to {MaxChannels} output and input channels");
        if (w.Length != wDims[0] * wDims[1] * 9)
            throw Refuse($"Conv '{n.Name}': {w.Length} weight values for shape [{string.Join(", ", wDims)}], which needs {wDims[0] * wDims[1] * 9}");
        CheckInts(n, "kernel_shape", new long[] { 3, 3 }, allowMissing: true);
        CheckInts(n, "pads", new long[] { 1, 1, 1, 1 }, allowMissing: false);
        CheckInts(n, "strides", new long[] { 1, 1 }, allowMissing: true);
        CheckInts(n, "dilations", new long[] { 1, 1 }, allowMissing: true);
        if (Int(n, "group", 1) != 1) throw Refuse($"Conv '{n.Name}': attribute group={Int(n, "group", 1)} is not supported (only 1)");
        string autoPad = Str(n, "auto_pad", "NOTSET");
        if (autoPad != "NOTSET") throw Refuse($"Conv '{n.Name}': attribute auto_pad={autoPad} is not supported (only explicit pads)");
        int cout = (int)wDims[0], cin = (int)wDims[1];
        float[] b = n.Input.Count > 2 && n.Input[2].Length > 0 ? Floats(n.Input[2], out _) : new float[cout];
        if (b.Length != cout) throw Refuse($"Conv '{n.Name}': {b.Length} biases for {cout} outputs");
        return new PlanConv(cin, cout, w, b, slope);
    }

    /// <summary>
    /// Refuses a node whose input or output count is not what its op takes (ONNX's arity), so that the walk below reads
    /// only inputs that exist: a damaged model gets the reason, not an index error.
    /// </summary>
    private void CheckArity(NodeProto n)
    {
        (int min, int max) = n.OpType switch
        {
            "Mul" or "Sub" or "Add" => (2, 2),
            "SpaceToDepth" or "DepthToSpace" or "LeakyRelu" or "Relu" => (1, 1),
            "Conv" => (2, 3),
            "Clip" => (1, 3),
            "Resize" => (1, 4),
            "Concat" => (1, int.MaxValue),
            _ => (0, 0), // Constant
        };
        if (n.Input.Count < min || n.Input.Count > max)
            throw Refuse($"{n.OpType} '{n.Name}' has {n.Input.Count} input(s); {n.OpType} takes " +
                         (min == max ? $"{min}" : max == int.MaxValue ? $"{min} or more" : $"{min} to {max}"));
        if (n.Output.Count != 1) throw Refuse($"{n.OpType} '{n.Name}' has {n.Output.Count} outputs; the one-step graph's nodes have 1");
    }

    private void CheckInputConcat(NodeProto concat, string xT, string lq)
    {
        if (Int(concat, "axis", 0) != 1) throw Refuse($"Concat '{concat.Name}': axis {Int(concat, "axis", 0)} (only the channel axis 1)");
        if (concat.Input.Count != 2) throw Refuse($"Concat '{concat.Name}' has {concat.Input.Count} inputs; expected space_to_depth(x_T) and lq");
        NodeProto s2d = Expect(concat.Input[0], "SpaceToDepth");
        if (s2d.Input[0] != xT) throw Refuse($"SpaceToDepth '{s2d.Name}' does not read x_T");
        if (Int(s2d, "blocksize", 0) != Scale) throw Refuse($"SpaceToDepth '{s2d.Name}': blocksize {Int(s2d, "blocksize", 0)} differs from the scale {Scale}");
        if (concat.Input[1] != lq) throw Refuse($"Concat '{concat.Name}' does not take lq as its second input");
    }

    private void CheckResize(NodeProto resize)
    {
        string mode = Str(resize, "mode", "nearest");
        if (mode != "cubic") throw Refuse($"Resize '{resize.Name}': mode '{mode}' is not supported (only cubic)");
        float a = Float(resize, "cubic_coeff_a", -0.75f);
        if (a != -0.75f) throw Refuse($"Resize '{resize.Name}': cubic_coeff_a {a.ToString(CultureInfo.InvariantCulture)} is not supported (only -0.75)");
        string ct = Str(resize, "coordinate_transformation_mode", "half_pixel");
        if (ct != "half_pixel" && ct != "pytorch_half_pixel")
            throw Refuse($"Resize '{resize.Name}': coordinate_transformation_mode '{ct}' is not supported (only half_pixel)");
        if (Int(resize, "exclude_outside", 0) != 0) throw Refuse($"Resize '{resize.Name}': exclude_outside=1 is not supported");
        if (resize.Input.Count < 3 || resize.Input[2].Length == 0) throw Refuse($"Resize '{resize.Name}' has no constant scales input");
        float[] scales = Floats(resize.Input[2], out _);
        if (scales.Length != 4 || scales[0] != 1f || scales[1] != 1f || scales[2] != scales[3] || scales[2] != Math.Floor(scales[2]) || scales[2] < ModelContract.MinScale || scales[2] > ModelContract.MaxScale)
            throw Refuse($"Resize '{resize.Name}': scales [{string.Join(", ", scales.Select(v => v.ToString(CultureInfo.InvariantCulture)))}] are not [1, 1, s, s] with s in 2..4");
        Scale = (int)scales[2];
    }

    private bool IsXt(string name) =>
        _producers.TryGetValue(name, out NodeProto? n) && n.OpType == "Add" && (IsNoiseTerm(n.Input[0]) || IsNoiseTerm(n.Input[1]));

    private bool IsNoiseTerm(string name) =>
        _producers.TryGetValue(name, out NodeProto? n) && n.OpType == "Mul" && n.Input.Contains(ModelContract.NoiseInput);

    /// <summary>name = k * x (Mul with one scalar constant): returns (x, k).</summary>
    private (string, float) ScaledTerm(string name)
    {
        NodeProto mul = Expect(name, "Mul");
        if (TryScalar(mul.Input[1], out float k)) return (mul.Input[0], k);
        if (TryScalar(mul.Input[0], out k)) return (mul.Input[1], k);
        throw Refuse($"Mul '{mul.Name}' has no scalar constant operand");
    }

    /// <summary>name = gain * x + offset (as Add(Mul) or Sub(Mul)): returns x after checking both constants.</summary>
    private string AffineInput(string name, float gain, float offset, bool allowSub = false)
    {
        NodeProto n = Producer(name, "an affine map");
        float off;
        string inner;
        if (n.OpType == "Add")
        {
            if (TryScalar(n.Input[1], out off)) inner = n.Input[0];
            else if (TryScalar(n.Input[0], out off)) inner = n.Input[1];
            else throw Refuse($"Add '{n.Name}' has no scalar constant operand");
        }
        else if (n.OpType == "Sub" && allowSub && TryScalar(n.Input[1], out float sub))
        {
            off = -sub;
            inner = n.Input[0];
        }
        else throw Refuse($"node '{n.Name}' ({n.OpType}) is not the expected affine map {gain.ToString(CultureInfo.InvariantCulture)} x + {offset.ToString(CultureInfo.InvariantCulture)}");
        (string x, float k) = ScaledTerm(inner);
        if (k != gain || off != offset)
            throw Refuse($"node '{n.Name}' computes {k.ToString(CultureInfo.InvariantCulture)} x + {off.ToString(CultureInfo.InvariantCulture)}; the contract needs {gain.ToString(CultureInfo.InvariantCulture)} x + {offset.ToString(CultureInfo.InvariantCulture)}");
        return x;
    }

    private void ExpectScalar(NodeProto n, int input, float value, string what)
    {
        if (n.Input.Count <= input || !TryScalar(n.Input[input], out float v) || v != value)
            throw Refuse($"{n.OpType} '{n.Name}': {what} must be the constant {value.ToString(CultureInfo.InvariantCulture)}");
    }

    private NodeProto Expect(string output, string op)
    {
        NodeProto n = Producer(output, op);
        if (n.OpType != op) throw Refuse($"'{output}' is produced by {n.OpType} '{n.Name}'; the one-step graph has {op} there");
        return n;
    }

    private NodeProto Producer(string output, string expected)
    {
        if (!_producers.TryGetValue(output, out NodeProto? n))
            throw Refuse($"'{output}' is not produced by any node (expected {expected})");
        return n;
    }

    private bool TryScalar(string name, out float value)
    {
        value = 0;
        if (!_constants.ContainsKey(name)) return false;
        float[] v = Floats(name, out _);
        if (v.Length != 1) return false;
        value = v[0];
        return true;
    }

    private float[] Floats(string name, out long[] dims)
    {
        if (!_constants.TryGetValue(name, out TensorProto? t)) throw Refuse($"'{name}' is not a constant");
        dims = t.Dims.ToArray();
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw Refuse($"constant '{name}' has element type {t.DataType}; only float32 is supported");
        if (t.FloatData.Count > 0) return t.FloatData.ToArray();
        byte[] raw = t.RawData.ToByteArray();
        if (raw.Length % 4 != 0) throw Refuse($"constant '{name}' has {raw.Length} raw bytes, not whole floats");
        var values = new float[raw.Length / 4];
        System.Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
        if (!BitConverter.IsLittleEndian) throw Refuse("big-endian hosts are not supported");
        return values;
    }

    private void CheckInts(NodeProto n, string name, long[] expected, bool allowMissing)
    {
        AttributeProto? a = n.Attribute.FirstOrDefault(x => x.Name == name);
        if (a == null)
        {
            if (allowMissing) return;
            throw Refuse($"{n.OpType} '{n.Name}': attribute {name} is missing (needs [{string.Join(", ", expected)}])");
        }
        if (!a.Ints.SequenceEqual(expected))
            throw Refuse($"{n.OpType} '{n.Name}': attribute {name}=[{string.Join(", ", a.Ints)}] is not supported (only [{string.Join(", ", expected)}])");
    }

    private static long Int(NodeProto n, string name, long fallback) => n.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;
    private static float Float(NodeProto n, string name, float fallback) => n.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? fallback;
    private static string Str(NodeProto n, string name, string fallback) =>
        n.Attribute.FirstOrDefault(a => a.Name == name)?.S.ToStringUtf8() ?? fallback;

    private ModelPlanException Refuse(string what) => new ModelPlanException(_source, what);
}
