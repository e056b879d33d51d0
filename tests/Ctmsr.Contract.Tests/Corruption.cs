namespace Ctmsr.Contract.Tests;

/// <summary>A mistake <see cref="ModelCorruption"/> can put into an exported model.</summary>
public enum Corruption
{
    /// <summary>Wrong layer order: the second and third convs trade weights and biases.</summary>
    SwappedBodyConvs,

    /// <summary>Wrong activation: the last LeakyRelu (slope 0.1) becomes a Relu.</summary>
    ReluForLastLeakyRelu,

    /// <summary>A transposed kernel: the third conv's 3x3 taps are mirrored across the diagonal (x and y swapped).</summary>
    SpatiallyTransposedKernel,

    /// <summary>A transposed weight matrix: the third conv's output and input channels are swapped.</summary>
    InOutTransposedWeights,

    /// <summary>A wrong scale: the graph's sigma_max gain on the noise is halved.</summary>
    HalvedNoiseGain,
}
