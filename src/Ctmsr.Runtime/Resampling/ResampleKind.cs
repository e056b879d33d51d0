using System;

namespace Ctmsr.Runtime.Resampling;

/// <summary>How one axis of the model's output is resampled to the display size.</summary>
internal enum ResampleKind
{
    /// <summary>The sizes agree: each output sample is its input sample (one tap, weight 1).</summary>
    Copy,

    /// <summary>The display is larger: Keys cubic (a = -0.75, half-pixel centres, edge-clamped taps), four taps.</summary>
    Cubic,

    /// <summary>The display is smaller: the antialiasing kernel stretched by input / output, normalised weights.</summary>
    Antialiased,
}
