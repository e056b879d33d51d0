using Ctmsr.Training.Imaging;
using static TorchSharp.torch;

namespace Ctmsr.Training.Eval;

/// <summary>A torch interpolate baseline: nearest, bilinear or bicubic.</summary>
public sealed class InterpolationMethod(string name, int scale, InterpolationMode mode) : IUpscaleMethod
{
    public string Name { get; } = name;

    public RgbImage Upscale(RgbImage lr) => Resampling.Upscale(lr, scale, mode);

    public void Dispose()
    {
    }

    public static IReadOnlyList<InterpolationMethod> Baselines(int scale) => new[]
    {
        new InterpolationMethod("nearest", scale, InterpolationMode.Nearest),
        new InterpolationMethod("bilinear", scale, InterpolationMode.Bilinear),
        new InterpolationMethod("bicubic", scale, InterpolationMode.Bicubic),
    };
}
