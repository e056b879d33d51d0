using static TorchSharp.torch;

namespace Ctmsr.Training.Trainer;

/// <summary>
/// Supplies training batches. Batch k must be a pure function of (the source's seed, k), so a resumed run sees
/// exactly the batches it would have seen.
/// </summary>
public interface IBatchSource
{
    /// <summary>HR [B, 3, P, P] and LR [B, 3, P/s, P/s], both in [0, 1].</summary>
    (Tensor Hr, Tensor Lq) Batch(long batchIndex, int batchSize);
}
