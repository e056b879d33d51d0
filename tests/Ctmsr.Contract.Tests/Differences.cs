namespace Ctmsr.Contract.Tests;

/// <summary>How far a backend's output is from the TorchSharp forward (see <see cref="Tolerance"/> for how far it may be).</summary>
internal static class Differences
{
    public static double MaxAbs(float[] actual, float[] expected)
    {
        if (actual.Length != expected.Length)
            throw new ArgumentException($"{actual.Length} values to compare with {expected.Length}");
        double max = 0;
        for (int i = 0; i < actual.Length; i++) max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
        return max;
    }

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
