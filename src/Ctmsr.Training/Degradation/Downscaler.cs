using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctmsr.Training.Degradation;

/// <summary>The resampling and quantisation steps, shared by the patch sampler and evaluation.</summary>
public static class Downscaler
{
    /// <summary>[B, 3, H, W] -> [B, 3, H/s, W/s]; H and W must be multiples of s. Output is not clamped or quantised.</summary>
    public static Tensor Downscale(Tensor hr, int s, DownscaleKernel kernel)
    {
        if (hr.dim() != 4) throw new ArgumentException($"Downscale expects [B, C, H, W]; got [{string.Join(", ", hr.shape)}]");
        if (s < 1) throw new ArgumentException($"scale must be >= 1; got {s}");
        long h = hr.shape[2], w = hr.shape[3];
        if (h % s != 0 || w % s != 0) throw new ArgumentException($"Downscale by {s} needs H and W divisible by {s}; got {h}x{w}");
        if (s == 1) return hr.alias();
        var size = new[] { h / s, w / s };
        return kernel switch
        {
            DownscaleKernel.Area => F.avg_pool2d(hr, new long[] { s, s }, new long[] { s, s }),
            DownscaleKernel.Bilinear => F.interpolate(hr, size, mode: InterpolationMode.Bilinear, align_corners: false, antialias: false),
            DownscaleKernel.AntialiasedBicubic => F.interpolate(hr, size, mode: InterpolationMode.Bicubic, align_corners: false, antialias: true),
            DownscaleKernel.Nearest => F.interpolate(hr, size, mode: InterpolationMode.Nearest),
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), $"unknown kernel {kernel}"),
        };
    }

    /// <summary>Clamps to [0, 1] and rounds to the nearest k/255: the 8-bit frame the runtime will see.</summary>
    public static Tensor Quantize8(Tensor x) => x.clamp(0, 1).mul(255f).round_().div_(255f);

    /// <summary>Separable Gaussian blur with reflect padding, per channel; radius ceil(3 sigma).</summary>
    public static Tensor GaussianBlur(Tensor x, double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentException($"blur sigma must be positive; got {sigma}");
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = (float)Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.Length; i++) k[i] = (float)(k[i] / sum);
        long c = x.shape[1];
        using var scope = torch.NewDisposeScope();
        var kx = torch.tensor(k, new long[] { 1, 1, 1, k.Length }).expand(c, 1, 1, k.Length).contiguous();
        var ky = kx.view(c, 1, k.Length, 1);
        var padded = F.pad(x, new long[] { r, r, r, r }, PaddingModes.Reflect);
        var y = F.conv2d(F.conv2d(padded, kx, groups: c), ky, groups: c);
        return y.MoveToOuterDisposeScope();
    }
}
