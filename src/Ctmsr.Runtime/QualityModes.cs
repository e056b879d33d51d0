using System;

namespace Ctmsr.Runtime;

/// <summary>The numbers behind <see cref="QualityMode"/>: ratios, render sizes and texture mip bias.</summary>
public static class QualityModes
{
    /// <summary>The ratio display / render of <paramref name="mode"/>: 1.3, 1.5, 1.7, 2.0 or 3.0.</summary>
    public static double Ratio(QualityMode mode)
    {
        switch (mode)
        {
            case QualityMode.UltraQuality: return 1.3;
            case QualityMode.Quality: return 1.5;
            case QualityMode.Balanced: return 1.7;
            case QualityMode.Performance: return 2.0;
            case QualityMode.UltraPerformance: return 3.0;
            default: throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown quality mode");
        }
    }

    /// <summary>The render size for a display size and mode: each side divided by the ratio, rounded down, at least 1.</summary>
    public static FrameSize RenderSize(int displayWidth, int displayHeight, QualityMode mode) =>
        RenderSize(displayWidth, displayHeight, Ratio(mode));

    /// <summary>The render size for a display size and any ratio >= 1: each side divided by the ratio, rounded down, at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the ratio is below 1 or not finite.</exception>
    public static FrameSize RenderSize(int displayWidth, int displayHeight, double ratio)
    {
        if (displayWidth <= 0 || displayHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(displayWidth), $"the display size must be positive; got {displayWidth}x{displayHeight}");
        if (!(ratio >= 1.0) || double.IsInfinity(ratio))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the ratio must be a finite number >= 1");
        return new FrameSize(Divide(displayWidth, ratio), Divide(displayHeight, ratio));
    }

    /// <summary>
    /// The texture mip bias the engine should use while rendering at <paramref name="renderWidth"/> for a display
    /// <paramref name="displayWidth"/> wide: log2(render / display), e.g. -1 at a ratio of 2.
    /// </summary>
    public static float MipBias(int renderWidth, int displayWidth)
    {
        if (renderWidth <= 0 || displayWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(renderWidth), $"widths must be positive; got {renderWidth} and {displayWidth}");
        return (float)(Math.Log((double)renderWidth / displayWidth) / Math.Log(2.0));
    }

    /// <summary>The mip bias of <paramref name="mode"/>: log2(1 / ratio).</summary>
    public static float MipBias(QualityMode mode) => (float)(-Math.Log(Ratio(mode)) / Math.Log(2.0));

    // A tiny epsilon so that exact quotients (1920 / 1.5) are not lost to binary rounding.
    private static int Divide(int display, double ratio) => Math.Max(1, (int)Math.Floor(display / ratio + 1e-9));
}
