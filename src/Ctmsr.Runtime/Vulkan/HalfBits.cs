namespace Ctmsr.Runtime.Vulkan;

/// <summary>float -> IEEE 754 binary16 bits, rounding to nearest even (System.Half is not in netstandard2.1).</summary>
internal static class HalfBits
{
    public static unsafe ushort FromFloat(float value)
    {
        uint f = *(uint*)&value;
        uint sign = (f >> 16) & 0x8000u;
        uint exp = (f >> 23) & 0xFFu;
        uint mant = f & 0x7FFFFFu;
        if (exp == 0xFF) return (ushort)(sign | 0x7C00u | (mant != 0 ? 0x200u : 0u)); // inf, NaN
        int e = (int)exp - 127 + 15;
        if (e >= 31) return (ushort)(sign | 0x7C00u); // overflow -> inf
        if (e <= 0)
        {
            if (e < -10) return (ushort)sign; // underflow -> signed zero
            mant |= 0x800000u;
            int shift = 14 - e;
            uint half = mant >> shift;
            uint rest = mant & ((1u << shift) - 1u);
            uint mid = 1u << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1u) != 0)) half++;
            return (ushort)(sign | half);
        }
        uint h = ((uint)e << 10) | (mant >> 13);
        uint r = mant & 0x1FFFu;
        if (r > 0x1000u || (r == 0x1000u && (h & 1u) != 0)) h++; // may carry into the exponent: still correct
        return (ushort)(sign | h);
    }

    /// <summary>binary16 bits -> float (exact).</summary>
    public static unsafe float ToFloat(ushort h)
    {
        uint sign = (uint)(h & 0x8000) << 16;
        uint exp = (uint)(h >> 10) & 0x1Fu;
        uint mant = (uint)h & 0x3FFu;
        uint f;
        if (exp == 0)
        {
            if (mant == 0) f = sign;
            else
            {
                int e = -1;
                do { mant <<= 1; e++; } while ((mant & 0x400u) == 0);
                f = sign | (uint)(127 - 15 - e) << 23 | ((mant & 0x3FFu) << 13);
            }
        }
        else if (exp == 31) f = sign | 0x7F800000u | (mant << 13);
        else f = sign | ((exp - 15 + 127) << 23) | (mant << 13);
        return *(float*)&f;
    }
}
