using Ctmsr.Training.Imaging;

namespace Ctmsr.Training.Eval;

/// <summary>One method under evaluation: 8-bit LR in, 8-bit HR (scale times larger) out.</summary>
public interface IUpscaleMethod : IDisposable
{
    /// <summary>The name used in tables, CSV and the crop sheet.</summary>
    string Name { get; }

    RgbImage Upscale(RgbImage lr);
}
