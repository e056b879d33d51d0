using System;

namespace Ctmsr.Contract;

/// <summary>One 3x3 convolution of the plan: weights [Cout, Cin, 3, 3], biases [Cout], and the activation after it.</summary>
public sealed class PlanConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">Input channels (Cin).</param>
    /// <param name="outChannels">Output channels (Cout).</param>
    /// <param name="weights">Weights [Cout, Cin, 3, 3], row-major.</param>
    /// <param name="biases">Biases [Cout].</param>
    /// <param name="slope">LeakyReLU's negative slope after the conv (0 for ReLU); null for no activation.</param>
    public PlanConv(int inChannels, int outChannels, float[] weights, float[] biases, float? slope)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        Weights = weights;
        Biases = biases;
        Slope = slope;
    }

    /// <summary>Input channels (Cin).</summary>
    public int InChannels { get; }

    /// <summary>Output channels (Cout).</summary>
    public int OutChannels { get; }

    /// <summary>Weights [Cout, Cin, 3, 3], row-major (ONNX OIHW).</summary>
    public float[] Weights { get; }

    /// <summary>Biases [Cout].</summary>
    public float[] Biases { get; }

    /// <summary>LeakyReLU's negative slope (0 for ReLU); null for the last layer, which has no activation.</summary>
    public float? Slope { get; }
}
