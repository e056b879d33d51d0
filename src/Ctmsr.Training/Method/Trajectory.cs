using static TorchSharp.torch;

namespace Ctmsr.Training.Method;

/// <summary>The PF-ODE path from LR + noise (t = 1) to HR (t = 0): x_t = (1 - t) x0 + t y + sigma_max t eps.</summary>
public static class Trajectory
{
    public static Tensor Point(Tensor x0, Tensor y, Tensor eps, double t, double sigmaMax) =>
        (1 - t) * x0 + t * y + (sigmaMax * t) * eps;

    /// <summary>x_t with per-sample t [B] (a tensor of shape [B,1,1,1]).</summary>
    public static Tensor Point(Tensor x0, Tensor y, Tensor eps, Tensor t, double sigmaMax) =>
        (1 - t) * x0 + t * y + sigmaMax * t * eps;
}
