using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Method;

/// <summary>
/// Weight-free per-sample distances. The CTMSR paper uses LPIPS (VGG weights) plus Charbonnier; VGG weights cannot be
/// fetched here, so the perceptual part is replaced by a structural term: the L1 distance between horizontal and
/// vertical finite differences (a gradient-domain L1), which keeps edges and texture sharp without a learned net.
/// Every method returns a [B] tensor (mean over C, H, W).
/// </summary>
public static class Distances
{
    public static Tensor Charbonnier(Tensor a, Tensor b, double eps = 1e-3)
    {
        var d = a - b;
        return (d * d + eps * eps).sqrt().mean(new long[] { 1, 2, 3 });
    }

    public static Tensor GradientL1(Tensor a, Tensor b)
    {
        var d = a - b;
        long h = d.shape[2], w = d.shape[3];
        var dx = d.narrow(3, 1, w - 1) - d.narrow(3, 0, w - 1);
        var dy = d.narrow(2, 1, h - 1) - d.narrow(2, 0, h - 1);
        return dx.abs().mean(new long[] { 1, 2, 3 }) + dy.abs().mean(new long[] { 1, 2, 3 });
    }

    public static Tensor SquaredL2(Tensor a, Tensor b)
    {
        var d = a - b;
        return (d * d).mean(new long[] { 1, 2, 3 });
    }

    public static Tensor L1(Tensor a, Tensor b) => (a - b).abs().mean(new long[] { 1, 2, 3 });

    /// <summary>The training distance of this project: Charbonnier + structuralWeight * gradient-domain L1.</summary>
    public static Tensor Training(Tensor a, Tensor b, double structuralWeight, double eps = 1e-3) =>
        structuralWeight == 0 ? Charbonnier(a, b, eps) : Charbonnier(a, b, eps) + structuralWeight * GradientL1(a, b);
}
