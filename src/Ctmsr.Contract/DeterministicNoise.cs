using System;

namespace Ctmsr.Contract;

/// <summary>
/// The screen-space deterministic standard-normal noise of the model contract: fixed per HR pixel, channel and seed,
/// so a still frame gives the same output every frame. The GLSL kernels and the trainer's evaluation implement the
/// same definition; tests pin a few values.
/// </summary>
public static class DeterministicNoise
{
    /// <summary>The PCG-style hash of the contract (uint32, wrapping).</summary>
    public static uint Pcg(uint v)
    {
        unchecked
        {
            uint state = v * 747796405u + 2891336453u;
            uint word = ((state >> (int)((state >> 28) + 4u)) ^ state) * 277803737u;
            return (word >> 22) ^ word;
        }
    }

    /// <summary>h(a) = pcg(x + pcg(y + pcg(a + pcg(seed)))).</summary>
    public static uint Hash(uint x, uint y, uint a, uint seed)
    {
        unchecked
        {
            return Pcg(x + Pcg(y + Pcg(a + Pcg(seed))));
        }
    }

    /// <summary>The noise value for channel <paramref name="channel"/> (0..2) at HR pixel (x, y).</summary>
    public static float Sample(int x, int y, int channel, uint seed = 0)
    {
        if ((uint)channel > 2u) ThrowChannel(channel);
        uint ux = (uint)x, uy = (uint)y, c = (uint)channel;
        float u1 = (float)((Hash(ux, uy, c, seed) + 1.0) / 4294967296.0);
        float u2 = (float)(Hash(ux, uy, c + 3u, seed) / 4294967296.0);
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>
    /// Fills a planar [3, height, width] float buffer (the model's <c>noise</c> input for one image) in place.
    /// </summary>
    public static void Fill(Span<float> destination, int width, int height, uint seed = 0)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"noise size must be positive; got {width}x{height}");
        long needed = 3L * width * height;
        if (destination.Length < needed)
            throw new ArgumentException(
                $"a {width}x{height} noise tensor requires a buffer of at least {needed} floats; got {destination.Length}",
                nameof(destination));
        int plane = width * height;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
            {
                int row = c * plane + y * width;
                for (int x = 0; x < width; x++) destination[row + x] = Sample(x, y, c, seed);
            }
    }

    private static void ThrowChannel(int channel) =>
        throw new ArgumentOutOfRangeException(nameof(channel), channel, "channel must be 0, 1 or 2");
}
