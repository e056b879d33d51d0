using System.Globalization;
using Ctmsr.Contract;
using Ctmsr.Training.Method;
using Ctmsr.Training.Nets;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Export;

/// <summary>
/// Writes a <see cref="CompactSrNet"/> as the one-step model of DESIGN.md's contract, evaluated at t = 1:
/// lq = 2 lr - 1; y = Resize cubic(lq); x_T = y + sigma_max noise; F = DepthToSpace(convs(Concat(SpaceToDepth(x_T), lq))) + y;
/// D = c_skip' x_T + c_out' F; sr = Clip((D + 1) / 2, 0, 1). The time MLP is evaluated once at c_noise(t = 1) and
/// its per-layer biases are folded into the conv biases, so the graph is a plain conv net. For a net with the plain
/// residual, c_skip' = c_skip(1) and c_out' = c_out(1); for one that <see cref="CompactSrNet.CancelsSkipNoise"/>, whose F
/// is d2s + y - c_skip (x_T - y), D = c_skip (1 - c_out) x_T + c_out (1 + c_skip) y + c_out d2s, written as
/// c_skip' = c_skip (1 - c_out), c_out' = c_out (1 + c_skip) and the last conv divided by (1 + c_skip).
/// </summary>
public static class OnnxExporter
{
    /// <summary>Writes the model to <paramref name="path"/> atomically (temp file in the same folder + rename).</summary>
    /// <exception cref="InvalidDataException">The built model breaks the contract (for example a non-finite weight); nothing is written.</exception>
    public static void Export(CompactSrNet net, double sigmaMax, ModelMetadata meta, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = ExportBytes(net, sigmaMax, meta);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Writes the serialized model to a stream (which it does not own or close).</summary>
    public static void Export(CompactSrNet net, double sigmaMax, ModelMetadata meta, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        BuildModel(net, sigmaMax, meta).WriteTo(destination);
    }

    /// <summary>The serialized model.</summary>
    public static byte[] ExportBytes(CompactSrNet net, double sigmaMax, ModelMetadata meta) =>
        BuildModel(net, sigmaMax, meta).ToByteArray();

    /// <summary>Builds the ONNX model in memory.</summary>
    public static ModelProto BuildModel(CompactSrNet net, double sigmaMax, ModelMetadata meta)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(meta);
        if (!(sigmaMax > 0) || double.IsInfinity(sigmaMax))
            throw new ArgumentOutOfRangeException(nameof(sigmaMax), sigmaMax, "sigma_max must be a positive finite number");

        int s = net.Scale;
        var pre = Preconditioning.At(1.0, sigmaMax);
        var g = new OnnxGraphBuilder($"ctmsr_{net.Preset.Name}_x{s}");
        g.Graph.Input.Add(OnnxGraphBuilder.FloatTensor(ModelContract.LowResInput, 1, ModelContract.Channels, ModelContract.LowResHeight, ModelContract.LowResWidth));
        g.Graph.Input.Add(OnnxGraphBuilder.FloatTensor(ModelContract.NoiseInput, 1, ModelContract.Channels, ModelContract.HighResHeight, ModelContract.HighResWidth));
        g.Graph.Output.Add(OnnxGraphBuilder.FloatTensor(ModelContract.Output, 1, ModelContract.Channels, ModelContract.HighResHeight, ModelContract.HighResWidth));

        // lq = 2 lr - 1
        string two = g.Scalar("two", 2f), one = g.Scalar("one", 1f);
        string lq = g.Node("Sub", new[] { g.Node("Mul", new[] { ModelContract.LowResInput, two }), one }, "lq");

        // y = bicubic-up(lq): the same sampling as torch interpolate(bicubic, align_corners=false).
        string scales = g.Constant("resize_scales", new[] { 1f, 1f, s, s }, 4);
        string y = g.Node("Resize", new[] { lq, "", scales }, "y",
            OnnxGraphBuilder.String("mode", "cubic"),
            OnnxGraphBuilder.Float("cubic_coeff_a", -0.75f),
            OnnxGraphBuilder.String("coordinate_transformation_mode", "half_pixel"),
            OnnxGraphBuilder.Int("exclude_outside", 0));

        // x_T = y + sigma_max noise
        string sigma = g.Scalar("sigma_max", (float)sigmaMax);
        string xT = g.Node("Add", new[] { y, g.Node("Mul", new[] { ModelContract.NoiseInput, sigma }) }, "x_T");

        string h = g.Node("Concat", new[] { g.Node("SpaceToDepth", new[] { xT }, OnnxGraphBuilder.Int("blocksize", s)), lq },
            OnnxGraphBuilder.Int("axis", 1));

        double cSkipExport = pre.CSkip, cOutExport = pre.COut, lastConvGain = 1;
        if (net.CancelsSkipNoise)
        {
            cSkipExport = pre.CSkip * (1 - pre.COut);
            cOutExport = pre.COut * (1 + pre.CSkip);
            lastConvGain = 1 / (1 + pre.CSkip);
        }
        var (weights, biases) = FoldedConvParameters(net, (float)pre.CNoise, lastConvGain);
        for (int i = 0; i < weights.Count; i++)
        {
            var (w, wShape) = weights[i];
            string wName = g.Constant($"conv{i}.weight", w, wShape);
            string bName = g.Constant($"conv{i}.bias", biases[i], wShape[0]);
            h = g.Node("Conv", new[] { h, wName, bName },
                OnnxGraphBuilder.Ints("kernel_shape", 3, 3),
                OnnxGraphBuilder.Ints("pads", 1, 1, 1, 1),
                OnnxGraphBuilder.Ints("strides", 1, 1),
                OnnxGraphBuilder.Ints("dilations", 1, 1),
                OnnxGraphBuilder.Int("group", 1));
            if (i < weights.Count - 1)
                h = g.Node("LeakyRelu", new[] { h }, OnnxGraphBuilder.Float("alpha", (float)CompactSrNet.NegativeSlope));
        }
        string d2s = g.Node("DepthToSpace", new[] { h },
            OnnxGraphBuilder.Int("blocksize", s), OnnxGraphBuilder.String("mode", "DCR"));
        string f = g.Node("Add", new[] { d2s, y }, "F");

        // D = c_skip x_T + c_out F; sr = clip((D + 1) / 2) = clip(0.5 D + 0.5)
        string cSkip = g.Scalar("c_skip", (float)cSkipExport), cOut = g.Scalar("c_out", (float)cOutExport);
        string d = g.Node("Add", new[] { g.Node("Mul", new[] { xT, cSkip }), g.Node("Mul", new[] { f, cOut }) }, "D");
        string half = g.Scalar("half", 0.5f);
        string rgb = g.Node("Add", new[] { g.Node("Mul", new[] { d, half }), half });
        string zero = g.Scalar("zero", 0f);
        g.Node("Clip", new[] { rgb, zero, one }, ModelContract.Output);

        var model = new ModelProto
        {
            IrVersion = ModelContract.MinIrVersion,
            ProducerName = "ctmsr-train",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Domain = "ctmsr",
            ModelVersion = 1,
            DocString = "Ctmsr one-step CTMSR super-resolution model (t = 1).",
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = ModelContract.OpsetVersion });
        AddMeta(model, ModelContract.FormatKey, ModelContract.FormatVersion.ToString(CultureInfo.InvariantCulture));
        AddMeta(model, ModelContract.ScaleKey, s.ToString(CultureInfo.InvariantCulture));
        AddMeta(model, ModelContract.SigmaMaxKey, sigmaMax.ToString("R", CultureInfo.InvariantCulture));
        AddMeta(model, ModelContract.PresetKey, net.Preset.Name);
        AddMeta(model, ModelContract.MacPerPixelKey, net.Preset.MacPerPixel(s).ToString("R", CultureInfo.InvariantCulture));
        AddMeta(model, ModelContract.TrainingKey, meta.ToTrainingJson());
        // What was written is checked by the same checker the runtime loads with (and read by the same plan reader the
        // Vulkan backend runs) before anyone saves it: an exporter change that breaks the contract fails here.
        ModelFile.Check(model, $"{net.Preset.Name} x{s} (being exported)", ContractStage.Export);
        return model;
    }

    /// <summary>
    /// Conv weights (OIHW, float) and biases with the time bias at <paramref name="cNoise"/> added to every conv but
    /// the last (which has no time bias in <see cref="CompactSrNet.Forward"/>); the last conv's weights and bias are
    /// multiplied by <paramref name="lastConvGain"/>.
    /// </summary>
    internal static (List<(float[] Values, long[] Shape)> Weights, List<float[]> Biases) FoldedConvParameters(
        CompactSrNet net, float cNoise, double lastConvGain = 1)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var convs = net.Convs;
        var film = net.TimeModulation(torch.tensor(new[] { cNoise })).reshape(-1).cpu().to_type(ScalarType.Float32);
        int c = net.Preset.Channels;
        var weights = new List<(float[], long[])>();
        var biases = new List<float[]>();
        for (int i = 0; i < convs.Count; i++)
        {
            var conv = convs[i];
            var w = conv.weight!.detach().cpu().to_type(ScalarType.Float32).contiguous();
            long outCh = w.shape[0];
            var b = conv.bias is null ? torch.zeros(outCh) : conv.bias.detach().cpu().to_type(ScalarType.Float32);
            if (i < convs.Count - 1)
            {
                if (outCh != c) throw new InvalidOperationException($"conv {i} has {outCh} outputs; the preset says {c}");
                // FiLM at the export time: conv(h) (1 + gamma) + beta == conv with W (1 + gamma), b (1 + gamma) + beta.
                var scale = 1 + film.narrow(0, i * c, c);
                w = (w * scale.reshape(-1, 1, 1, 1)).contiguous();
                b = b * scale + film.narrow(0, net.HiddenWidth + i * c, c);
            }
            else if (lastConvGain != 1)
            {
                w = (w * lastConvGain).contiguous();
                b = b * lastConvGain;
            }
            weights.Add((w.data<float>().ToArray(), w.shape.ToArray()));
            biases.Add(b.contiguous().data<float>().ToArray());
        }
        return (weights, biases);
    }

    private static void AddMeta(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
