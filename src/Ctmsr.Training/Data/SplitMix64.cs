namespace Ctmsr.Training.Data;

/// <summary>
/// A tiny, fully specified RNG (Steele et al., SplitMix64). Used wherever a value must be a pure function of a seed,
/// so batches are reproducible without saving any generator state.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A generator for stream (a, b, c): distinct tuples give independent-looking streams.</summary>
    public static SplitMix64 For(ulong a, ulong b, ulong c = 0) =>
        new(Mix(Mix(Mix(a) ^ (b + 0x632BE59BD9B4E019UL)) ^ (c + 0x8CB92BA72F3D8DD7UL)));

    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"n must be positive; got {n}");
        return (int)((Next() >> 32) * (ulong)n >> 32);
    }

    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Standard normal (Box-Muller; one value per call, the partner is dropped for simplicity).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
