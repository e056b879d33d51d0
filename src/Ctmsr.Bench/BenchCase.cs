using System.Globalization;
using Ctmsr.Runtime;

namespace Ctmsr.Bench;

/// <summary>One measured size pair: the render-size frame in, the display-size frame out.</summary>
public readonly record struct BenchCase(FrameSize Render, FrameSize Display)
{
    /// <summary>The case whose display is exactly <paramref name="scale"/> x the render size.</summary>
    public static BenchCase Scaled(int width, int height, int scale) => new(new FrameSize(width, height), new FrameSize(scale * width, scale * height));

    /// <summary>Parses "WxH" (a render size; the display is <paramref name="scale"/> x it).</summary>
    /// <exception cref="FormatException">Not two positive integers joined by 'x', or larger than 8192 per side.</exception>
    public static BenchCase Parse(string text, int scale)
    {
        string[] parts = text.Split('x', 'X');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h) || w < 1 || h < 1 || w > 8192 || h > 8192)
            throw new FormatException($"a render size is WIDTHxHEIGHT with 1..8192 pixels per side, e.g. 960x540; got '{text}'");
        return Scaled(w, h, scale);
    }

    /// <summary>Pixels of the model's output (render x scale on each side).</summary>
    public double ModelPixels(int scale) => (double)Render.Width * scale * Render.Height * scale;

    /// <summary>"960x540 -> 1920x1080".</summary>
    public override string ToString() => $"{Render} -> {Display}";
}
