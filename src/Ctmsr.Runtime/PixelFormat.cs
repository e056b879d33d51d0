namespace Ctmsr.Runtime;

/// <summary>The byte order of an 8-bit, four-channel, sRGB-encoded frame.</summary>
public enum PixelFormat
{
    /// <summary>Red, green, blue, alpha: one byte each, in that order.</summary>
    Rgba8 = 0,

    /// <summary>Blue, green, red, alpha: one byte each, in that order.</summary>
    Bgra8 = 1,
}
