using Ctmsr.Training.Imaging;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ctmsr.Training.Eval;

/// <summary>The evaluation's LR making and interpolation baselines, all through TorchSharp and quantised to 8 bits.</summary>
public static class Resampling
{
    /// <summary>HR (sides divisible by <paramref name="scale"/>) -> LR by the given kind, rounded to 8-bit.</summary>
    public static RgbImage Downscale(RgbImage hr, int scale, LowResKind kind)
    {
        if (hr.Width % scale != 0 || hr.Height % scale != 0)
            throw new ArgumentException($"downscaling by {scale} needs sides divisible by {scale}; got {hr.Width}x{hr.Height}");
        using var scope = torch.NewDisposeScope();
        var x = ImageTensor.ToTensor(hr);
        var lr = kind switch
        {
            LowResKind.Area => functional.avg_pool2d(x, new long[] { scale, scale }, new long[] { scale, scale }),
            LowResKind.Bicubic => functional.interpolate(x, new long[] { hr.Height / scale, hr.Width / scale },
                mode: InterpolationMode.Bicubic, align_corners: false, antialias: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown LR kind"),
        };
        return ImageTensor.FromTensor(lr);
    }

    /// <summary>LR -> HR by torch interpolate (align_corners = false for the linear modes), rounded to 8-bit.</summary>
    public static RgbImage Upscale(RgbImage lr, int scale, InterpolationMode mode)
    {
        using var scope = torch.NewDisposeScope();
        var x = ImageTensor.ToTensor(lr);
        var y = mode == InterpolationMode.Nearest
            ? functional.interpolate(x, scale_factor: new double[] { scale, scale }, mode: mode)
            : functional.interpolate(x, scale_factor: new double[] { scale, scale }, mode: mode, align_corners: false);
        return ImageTensor.FromTensor(y);
    }
}
