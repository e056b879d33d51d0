using System;

namespace Ctmsr.Runtime.Onnx;

/// <summary>The axes along which the frame graph resamples the model's output; the others are exact copies.</summary>
[Flags]
internal enum ResampledAxes
{
    /// <summary>The display is exactly scale x render: no resample node runs.</summary>
    None = 0,

    /// <summary>The display width differs from scale x render width.</summary>
    X = 1,

    /// <summary>The display height differs from scale x render height.</summary>
    Y = 2,
}
