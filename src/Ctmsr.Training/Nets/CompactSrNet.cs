using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ctmsr.Training.Nets;

/// <summary>
/// F(x_t, c_noise, lq) of DESIGN.md, working at LR resolution:
/// concat(space_to_depth_s(x_t), lq) -> 3x3 conv + leaky ReLU (x L-1) -> 3x3 conv -> depth_to_space_s -> + y, where
/// y = bicubic-up(lq) is the global residual. Time enters by FiLM: a small MLP on Fourier features of c_noise gives
/// every hidden layer a per-channel scale (1 + gamma) and shift beta after its conv. (A bias alone could not switch
/// units off through a leaky ReLU, and the net must learn to ignore x_t's noise near t = 1 but use x_t near t = 0.)
/// At export t = 1 is fixed, so gamma folds into the conv weights and beta into the biases: a plain conv net. Images are in [-1, 1].
/// </summary>
public sealed class CompactSrNet : Module<Tensor, Tensor, Tensor, Tensor>
{
    public const int FourierFeatures = 8;
    public const int EmbeddingWidth = 64;

    /// <summary>
    /// Slope of the leaky ReLU between convs. A plain ReLU lets a few large early Adam steps kill every unit of a
    /// net this narrow; a leaky one always passes gradient.
    /// </summary>
    public const double NegativeSlope = 0.1;

    /// <summary>
    /// Fixed gain on the time MLP's output. Adam moves each weight by about the learning rate per step whatever the
    /// gradient's size, so without it one step of the 64-wide last layer can shift every bias by 64 x lr.
    /// </summary>
    public const double TimeBiasScale = 0.1;

    private readonly ModuleList<Conv2d> convs;
    private readonly Linear time1;
    private readonly Linear time2;
    private static readonly float[] Frequencies =
        Enumerable.Range(0, FourierFeatures).Select(k => (float)(Math.Pow(2, k) * Math.PI)).ToArray();

    /// <param name="cancelSkipNoise">
    /// True (new runs): F's residual is y - c_skip(t) (x - y) instead of y, applied by <see cref="Method.Denoiser"/>, which
    /// knows c_skip; see <see cref="CancelsSkipNoise"/>.
    /// </param>
    public CompactSrNet(NetPreset preset, int scale, bool cancelSkipNoise = true) : base("CompactSrNet")
    {
        if (scale < 2 || scale > 4) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be 2, 3 or 4");
        Preset = preset;
        Scale = scale;
        CancelsSkipNoise = cancelSkipNoise;
        var shapes = preset.ConvShapes(scale);
        convs = new ModuleList<Conv2d>();
        foreach (var (i, o) in shapes) convs.Add(Conv2d(i, o, 3, padding: 1));
        HiddenWidth = preset.Channels * (shapes.Count - 1);
        time1 = Linear(2 * FourierFeatures, EmbeddingWidth);
        time2 = Linear(EmbeddingWidth, 2 * HiddenWidth);
        RegisterComponents();
        using (torch.no_grad())
        {
            // Start the time bias at zero and the last conv near zero, so F starts as y (bicubic).
            time2.weight!.mul_(0.1);
            time2.bias!.zero_();
            // Zero the first conv's weights on the x_t channels: F starts as a function of lq alone, so every time level
            // is consistent at initialisation and the t_1 -> x0 pairs teach it regression at once; the x_t weights then
            // grow where x_t carries detail (small t). With random x_t weights the noise of x_t (std sigma_max at
            // t = 1) drowns the lq path and consistency training stalls at bicubic.
            convs[0].weight!.narrow(1, 0, 3 * scale * scale).zero_();
            var last = convs[shapes.Count - 1];
            last.weight!.mul_(0.1);
            last.bias!.zero_();
        }
    }

    public NetPreset Preset { get; }

    /// <summary>
    /// Whether F's residual also carries -c_skip(t) (x - y). Then D = c_skip x + c_out F keeps only c_skip (1 - c_out) of
    /// x_t's noise in its skip (3e-6 of eps at t = 1 instead of c_skip = 0.0025), while the coefficient of y stays
    /// c_skip + c_out; D(x, 0) = x still holds because c_out(0) = 0. Without it the one-step output carries
    /// c_skip sigma_max eps of pure noise, which costs up to 3 dB on flat images (skies) and that consistency training does
    /// not remove: each grid level's target passes its own skip noise up the chain.
    /// </summary>
    public bool CancelsSkipNoise { get; }
    public int Scale { get; }
    /// <summary>Channels of all hidden (modulated) layers together.</summary>
    public int HiddenWidth { get; }

    public IReadOnlyList<Conv2d> Convs => convs.ToList();

    /// <summary>
    /// FiLM parameters for c_noise [B]: [B, 2 HiddenWidth], the per-channel scales gamma (first half; the layer
    /// multiplies by 1 + gamma) then the shifts beta of every hidden layer, in layer order.
    /// </summary>
    public Tensor TimeModulation(Tensor cNoise)
    {
        using var freqs = torch.tensor(Frequencies, device: cNoise.device);
        var arg = cNoise.reshape(-1, 1) * freqs.reshape(1, -1);
        var feat = torch.cat(new[] { arg.sin(), arg.cos() }, 1);
        return TimeBiasScale * time2.forward(functional.silu(time1.forward(feat)));
    }

    /// <summary>Bicubic up-sampling by the scale (a = -0.75, half-pixel centres), the y of DESIGN.md.</summary>
    public static Tensor Upsample(Tensor lq, int scale) =>
        functional.interpolate(lq, scale_factor: new double[] { scale, scale }, mode: InterpolationMode.Bicubic,
            align_corners: false);

    /// <summary>F(x, c_noise, lq) with y computed here.</summary>
    public override Tensor forward(Tensor x, Tensor cNoise, Tensor lq) => Forward(x, cNoise, lq, Upsample(lq, Scale));

    /// <summary>F(x, c_noise, lq) with a precomputed y = bicubic-up(lq).</summary>
    public Tensor Forward(Tensor x, Tensor cNoise, Tensor lq, Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        var film = TimeModulation(cNoise);
        var h = torch.cat(new[] { SpaceDepth.SpaceToDepth(x, Scale), lq }, 1);
        int c = Preset.Channels;
        for (int i = 0; i < convs.Count - 1; i++)
        {
            var gamma = film.narrow(1, i * c, c).reshape(-1, c, 1, 1);
            var beta = film.narrow(1, HiddenWidth + i * c, c).reshape(-1, c, 1, 1);
            h = convs[i].forward(h) * (1 + gamma) + beta;
            h = functional.leaky_relu(h, NegativeSlope);
        }
        h = convs[convs.Count - 1].forward(h);
        return (SpaceDepth.DepthToSpace(h, Scale) + y).MoveToOuterDisposeScope();
    }
}
