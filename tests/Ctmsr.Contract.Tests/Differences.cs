namespace Ctmsr.Contract.Tests;

/// <summary>
/// How far a backend's output is from the TorchSharp forward, and the tolerances the round trip holds it to. The
/// bounds are a few times the differences measured on correct exports (summation order: MLAS, the shader and libtorch
/// add the same float32 products in different orders), and far below what a wrong layer order, activation, weight
/// layout or noise scale gives (see <see cref="CorruptedExportTests"/>).
/// </summary>
internal static class Differences
{
    /// <summary>Largest |backend - torch| allowed on the float output sr in [0, 1]. Measured on correct exports: below 2e-6.</summary>
    public const double FloatTolerance = 2e-5;

    /// <summary>Largest 8-bit difference allowed: one level, a float difference near a rounding edge.</summary>
    public const int FrameLevelTolerance = 1;

    /// <summary>
    /// Share of the RGB values allowed to differ by that one level. A float difference d flips a rounding with
    /// probability about 255 d per value, a few in 10^4 at d = 1e-6.
    /// </summary>
    public const double FrameDifferingFractionTolerance = 0.002;

    public static double MaxAbs(float[] actual, float[] expected)
    {
        if (actual.Length != expected.Length)
            throw new ArgumentException($"{actual.Length} values to compare with {expected.Length}");
        double max = 0;
        for (int i = 0; i < actual.Length; i++) max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
        return max;
    }

    public static bool FloatWithinTolerance(double maxAbs) => maxAbs <= FloatTolerance;

    /// <summary>
    /// Compares the RGB of an RGBA8 frame of <paramref name="width"/> x <paramref name="height"/> (tight stride) with
    /// planar [3, h, w] floats in [0, 1] quantised as the runtime does: floor(v 255 + 0.5).
    /// </summary>
    public static FrameDifference Frame(byte[] rgba, float[] expectedPlanar, int width, int height)
    {
        int pixels = width * height;
        if (rgba.Length != 4 * pixels || expectedPlanar.Length != 3 * pixels)
            throw new ArgumentException($"frame of {rgba.Length} bytes and {expectedPlanar.Length} floats for {width}x{height}");
        int maxLevels = 0, differing = 0;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < pixels; i++)
            {
                int expected = Quantize(expectedPlanar[c * pixels + i]);
                int d = Math.Abs(rgba[4 * i + c] - expected);
                if (d == 0) continue;
                differing++;
                maxLevels = Math.Max(maxLevels, d);
            }
        return new FrameDifference(maxLevels, differing, 3 * pixels);
    }

    /// <summary>The runtime's float-to-byte conversion: v in [0, 1] times 255, rounded half up.</summary>
    public static byte Quantize(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);
}
