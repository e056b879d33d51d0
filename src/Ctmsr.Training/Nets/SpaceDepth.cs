using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Nets;

/// <summary>
/// Rearrangements between HR and LR grids with the channel order of ONNX <c>SpaceToDepth</c> and
/// <c>DepthToSpace(mode=DCR)</c>: channel index = (dy * s + dx) * C + c. We use ONNX's order (not PyTorch's
/// pixel_unshuffle order) so that the exported graph is the plain ONNX op and the Vulkan kernels index the same way.
/// </summary>
public static class SpaceDepth
{
    /// <summary>[B, C, s H, s W] -> [B, s^2 C, H, W].</summary>
    public static Tensor SpaceToDepth(Tensor x, int s)
    {
        long b = x.shape[0], c = x.shape[1], hh = x.shape[2], ww = x.shape[3];
        if (hh % s != 0 || ww % s != 0)
            throw new ArgumentException($"space_to_depth by {s} needs sides divisible by {s}; got {hh}x{ww}");
        long h = hh / s, w = ww / s;
        return x.reshape(b, c, h, s, w, s).permute(0, 3, 5, 1, 2, 4).reshape(b, s * s * c, h, w);
    }

    /// <summary>[B, s^2 C, H, W] -> [B, C, s H, s W] (inverse of <see cref="SpaceToDepth"/>).</summary>
    public static Tensor DepthToSpace(Tensor x, int s)
    {
        long b = x.shape[0], cc = x.shape[1], h = x.shape[2], w = x.shape[3];
        if (cc % (s * s) != 0)
            throw new ArgumentException($"depth_to_space by {s} needs channels divisible by {s * s}; got {cc}");
        long c = cc / (s * s);
        return x.reshape(b, s, s, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(b, c, h * s, w * s);
    }
}
