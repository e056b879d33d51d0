using System;

namespace Ctmsr.Runtime.Noise;

/// <summary>
/// The screen-space deterministic standard-normal noise of the model contract, fixed per HR pixel, channel and seed.
/// Kept under this name for existing callers; the one definition is <see cref="Ctmsr.Contract.DeterministicNoise"/>.
/// </summary>
public static class DeterministicNoise
{
    /// <summary>The PCG-style hash of the contract (uint32, wrapping).</summary>
    public static uint Pcg(uint v) => Contract.DeterministicNoise.Pcg(v);

    /// <summary>h(a) = pcg(x + pcg(y + pcg(a + pcg(seed)))).</summary>
    public static uint Hash(uint x, uint y, uint a, uint seed) => Contract.DeterministicNoise.Hash(x, y, a, seed);

    /// <summary>The noise value for channel <paramref name="channel"/> (0..2) at HR pixel (x, y).</summary>
    public static float Sample(int x, int y, int channel, uint seed = 0) => Contract.DeterministicNoise.Sample(x, y, channel, seed);

    /// <summary>Fills a planar [3, height, width] float buffer (the model's <c>noise</c> input for one image) in place.</summary>
    public static void Fill(Span<float> destination, int width, int height, uint seed = 0) =>
        Contract.DeterministicNoise.Fill(destination, width, height, seed);
}
