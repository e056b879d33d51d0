namespace Ctmsr.Training.Method;

/// <summary>Distance used inside the DTM loss.</summary>
public enum DtmDistance
{
    /// <summary>Mean squared error: the gradient with respect to x_hat is exactly proportional to w g.</summary>
    L2,
    /// <summary>The CT training distance (Charbonnier + structural).</summary>
    Training,
}
