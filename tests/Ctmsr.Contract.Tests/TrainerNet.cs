extern alias training;

using training::Ctmsr.Training.Export;
using training::Ctmsr.Training.Method;
using training::Ctmsr.Training.Nets;
using TorchSharp;

namespace Ctmsr.Contract.Tests;

/// <summary>
/// The trainer's half of the round trip: a freshly initialised <c>CompactSrNet</c> of one preset and scale, its export
/// through the trainer's <c>OnnxExporter</c>, and its TorchSharp forward at t = 1 (the one-step inference of DESIGN.md).
/// The only file that names the trainer's types; everything it hands out is plain arrays.
/// </summary>
internal sealed class TrainerNet
{
    /// <summary>The exporter's training summary; the values only need to be valid.</summary>
    private static readonly ModelMetadata Meta =
        new("round-trip test", 0, "ct+dtm", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private readonly CompactSrNet _net;

    private TrainerNet(CompactSrNet net, double sigmaMax)
    {
        _net = net;
        SigmaMax = sigmaMax;
    }

    /// <summary>The names of every preset the trainer offers (<c>NetPreset.All</c>), in its order.</summary>
    public static IReadOnlyList<string> PresetNames => NetPreset.All.Select(p => p.Name).ToArray();

    public string Preset => _net.Preset.Name;

    public int Scale => _net.Scale;

    public double SigmaMax { get; }

    /// <summary>Number of 3x3 convolutions of the net (first and last included).</summary>
    public int ConvCount => _net.Convs.Count;

    /// <summary>
    /// A net of <paramref name="preset"/> at <paramref name="scale"/>, built with a fixed seed and then moved away from
    /// the trainer's initialisation, which makes paths trivial on purpose (the first conv's x_t weights and the time
    /// bias are zero, the last conv is scaled by 0.1 with a zero bias: F starts as bicubic). Every conv gets He-scaled
    /// Gaussian weights and non-zero biases, the last one a smaller gain so the output stays mostly inside [0, 1], and
    /// the time MLP a non-trivial output, so each layer, the noise path and the FiLM folding change the output.
    /// </summary>
    public static TrainerNet Create(string preset, int scale, long seed, double sigmaMax)
    {
        torch.manual_seed(seed);
        var net = new CompactSrNet(NetPreset.Parse(preset), scale);
        net.eval();
        using (torch.no_grad())
        {
            var convs = net.Convs;
            for (int i = 0; i < convs.Count; i++)
            {
                var w = convs[i].weight!;
                double fanIn = w.shape[1] * w.shape[2] * w.shape[3];
                double gain = i == convs.Count - 1 ? 0.5 : Math.Sqrt(2.0);
                w.copy_(torch.randn_like(w) * (gain / Math.Sqrt(fanIn)));
                convs[i].bias!.copy_(torch.randn_like(convs[i].bias!) * 0.1);
            }
            foreach (var (name, p) in net.named_parameters())
                if (name.StartsWith("time2.", StringComparison.Ordinal)) p.copy_(torch.randn_like(p) * 0.5);
        }
        return new TrainerNet(net, sigmaMax);
    }

    /// <summary>The ONNX model as the trainer's exporter writes it.</summary>
    public byte[] Export() => OnnxExporter.ExportBytes(_net, SigmaMax, Meta);

    /// <summary>
    /// sr = clamp((D(y + sigma_max noise, 1, lq) + 1) / 2, 0, 1) with lq = 2 lr - 1 and y = bicubic-up(lq): the trainer's
    /// own inference. <paramref name="lr"/> is planar [3, h, w] in [0, 1], <paramref name="noise"/> planar
    /// [3, s h, s w]; the result is planar [3, s h, s w].
    /// </summary>
    public float[] Forward(float[] lr, float[] noise, int width, int height)
    {
        int s = Scale;
        if (lr.Length != 3 * width * height)
            throw new ArgumentException($"lr has {lr.Length} values; {width}x{height} needs {3 * width * height}", nameof(lr));
        if (noise.Length != 3 * s * width * s * height)
            throw new ArgumentException($"noise has {noise.Length} values; x{s} of {width}x{height} needs {3 * s * width * s * height}", nameof(noise));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var lq = torch.tensor(lr, new long[] { 1, 3, height, width }) * 2 - 1;
        var y = CompactSrNet.Upsample(lq, s);
        var x = y + (float)SigmaMax * torch.tensor(noise, new long[] { 1, 3, height * s, width * s });
        var d = Denoiser.Apply(_net, x, 1.0, lq, y, SigmaMax);
        return ((d + 1) / 2).clamp(0, 1).contiguous().data<float>().ToArray();
    }
}
