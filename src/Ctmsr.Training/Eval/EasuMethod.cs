using Ctmsr.Demo.Upscalers;
using Ctmsr.Training.Imaging;

namespace Ctmsr.Training.Eval;

/// <summary>
/// The demo's edge-adaptive upscaler in the style of FSR 1 EASU (shaders/demo/easu.comp) as an eval baseline, through
/// its host twin <see cref="HostEasu"/> (the same source file the demo compiles; a demo test holds it to the shader).
/// </summary>
public sealed class EasuMethod(int scale) : IUpscaleMethod
{
    public string Name => "easu";

    public RgbImage Upscale(RgbImage lr)
    {
        int w = lr.Width * scale, h = lr.Height * scale;
        var dst = new byte[3 * w * h];
        HostEasu.Upscale(lr.Pixels, lr.Width, lr.Height, 3, dst, w, h);
        return new RgbImage(w, h, dst);
    }

    public void Dispose()
    {
    }
}
