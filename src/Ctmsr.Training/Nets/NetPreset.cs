namespace Ctmsr.Training.Nets;

/// <summary>
/// A named size of <see cref="CompactSrNet"/>: channel width and number of 3x3 conv layers (first and last included).
/// All layers run at LR resolution, so cost per output pixel is the LR-pixel cost divided by s^2.
/// </summary>
public sealed record NetPreset(string Name, int Channels, int Layers)
{
    public static readonly NetPreset Tiny = new("tiny", 16, 5);
    public static readonly NetPreset Default = new("default", 32, 6);
    public static readonly NetPreset Large = new("large", 64, 8);

    public static IReadOnlyList<NetPreset> All { get; } = new[] { Tiny, Default, Large };

    public static NetPreset Parse(string name)
    {
        foreach (var p in All)
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p;
        throw new ArgumentException(
            $"--preset '{name}' is not a preset; choose one of: {string.Join(", ", All.Select(p => p.Name))}");
    }

    /// <summary>Input channels of the first conv: space_to_depth(x_t) (3 s^2) concatenated with lq (3).</summary>
    public static int InputChannels(int scale) => 3 * scale * scale + 3;

    /// <summary>Output channels of the last conv, before depth_to_space.</summary>
    public static int OutputChannels(int scale) => 3 * scale * scale;

    /// <summary>(in, out) channel counts of every 3x3 conv, in order.</summary>
    public IReadOnlyList<(int In, int Out)> ConvShapes(int scale)
    {
        if (Layers < 2) throw new ArgumentException($"preset '{Name}' needs at least 2 layers; has {Layers}");
        var shapes = new List<(int, int)> { (InputChannels(scale), Channels) };
        for (int i = 0; i < Layers - 2; i++) shapes.Add((Channels, Channels));
        shapes.Add((Channels, OutputChannels(scale)));
        return shapes;
    }

    /// <summary>
    /// Multiply-accumulates per output (HR) pixel of the exported graph's convolutions: every conv runs once per LR
    /// pixel with 9 * in * out MACs, and one LR pixel makes s^2 output pixels. Bias, activation and the bicubic
    /// resample (16 taps per channel) are listed apart by <see cref="ResampleMacPerPixel"/>.
    /// </summary>
    public double MacPerPixel(int scale)
    {
        long perLr = 0;
        foreach (var (i, o) in ConvShapes(scale)) perLr += 9L * i * o;
        return perLr / (double)(scale * scale);
    }

    /// <summary>MACs per output pixel of the separable bicubic resample of y (4 + 4 taps, 3 channels).</summary>
    public const double ResampleMacPerPixel = 3 * 8;
}
