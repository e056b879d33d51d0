// The deterministic noise of the model contract (README, "The model contract"); the C# twin is
// Ctmsr.Contract.DeterministicNoise (src/Ctmsr.Contract) and a test compares the two.
#ifndef CTMSR_NOISE_GLSL
#define CTMSR_NOISE_GLSL

uint ctmsr_pcg(uint v)
{
    uint state = v * 747796405u + 2891336453u;
    uint word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
    return (word >> 22u) ^ word;
}

uint ctmsr_hash(uint x, uint y, uint a, uint seed)
{
    return ctmsr_pcg(x + ctmsr_pcg(y + ctmsr_pcg(a + ctmsr_pcg(seed))));
}

// v * 2^-32 rounded to the nearest float (ties to even), for v = hi * 2^32 + lo with hi in {0, 1}: the same value as
// C#'s (float)(v / 2^32.0), without doubles (shaderFloat64 is optional) or relying on the rounding of uint -> float.
float ctmsr_unit(uint lo, bool hi)
{
    if (hi) return 1.0;
    if (lo < 16777216u) return float(lo) * (1.0 / 4294967296.0); // exact: fewer than 24 significant bits
    int shift = findMSB(lo) - 23;
    uint m = lo >> uint(shift);
    uint rest = lo & ((1u << uint(shift)) - 1u);
    uint half_ = 1u << uint(shift - 1);
    if (rest > half_ || (rest == half_ && (m & 1u) == 1u)) m += 1u;
    return ldexp(float(m), shift - 32);
}

// Standard-normal noise for channel c (0..2) at HR pixel (x, y).
float ctmsr_noise(uint x, uint y, uint c, uint seed)
{
    uint h1 = ctmsr_hash(x, y, c, seed);
    uint h2 = ctmsr_hash(x, y, c + 3u, seed);
    float u1 = ctmsr_unit(h1 + 1u, h1 == 0xFFFFFFFFu);
    float u2 = ctmsr_unit(h2, false);
    // cos(2 pi u2) = -cos(2 pi (u2 - 1/2)): keeps the argument in [-pi, pi), where cos is most accurate.
    return sqrt(-2.0 * log(u1)) * -cos(6.283185307179586 * (u2 - 0.5));
}

#endif
