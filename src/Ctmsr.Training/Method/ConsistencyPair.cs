using static TorchSharp.torch;

namespace Ctmsr.Training.Method;

/// <summary>A drawn consistency pair: the two neighbouring grid times per sample and the shared noise.</summary>
public sealed record ConsistencyPair(double[] TLow, double[] THigh, Tensor XLow, Tensor XHigh);
