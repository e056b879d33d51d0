namespace Ctmsr.Training.Trainer;

/// <summary>The loss became NaN or infinite; the step was not applied, so the weights in memory are the last good ones.</summary>
public sealed class NonFiniteLossException(long iteration, double loss)
    : Exception($"the loss became {loss} at iteration {iteration}")
{
    public long Iteration { get; } = iteration;
    public double Loss { get; } = loss;
}
