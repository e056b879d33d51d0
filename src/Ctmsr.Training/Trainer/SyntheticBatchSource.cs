using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Trainer;

/// <summary>
/// Generated images (smooth colour gradients, sinusoidal gratings and hard-edged discs) with area-downscaled,
/// 8-bit-quantised LR. Deterministic in (seed, batch index). For tests and the speed benchmark, not for shipped models.
/// </summary>
public sealed class SyntheticBatchSource(int patchSize, int scale, ulong seed = 0) : IBatchSource
{
    public (Tensor Hr, Tensor Lq) Batch(long batchIndex, int batchSize)
    {
        using var scope = torch.NewDisposeScope();
        var gen = new Generator(unchecked((ulong)Seeds.Mix(seed, (ulong)batchIndex)));
        int p = patchSize;
        var coords = torch.linspace(0, 1, p);
        var yy = coords.reshape(1, 1, p, 1).expand(batchSize, 1, p, p);
        var xx = coords.reshape(1, 1, 1, p).expand(batchSize, 1, p, p);
        Tensor R(params long[] shape) => torch.rand(shape, generator: gen);
        // Colour gradient.
        var img = R(batchSize, 3, 1, 1) + (R(batchSize, 3, 1, 1) - 0.5) * xx + (R(batchSize, 3, 1, 1) - 0.5) * yy;
        // Grating with random frequency and orientation.
        var freq = R(batchSize, 1, 1, 1) * 40 + 4;
        var ang = R(batchSize, 1, 1, 1) * Math.PI;
        var phase = (xx * ang.cos() + yy * ang.sin()) * freq;
        img = img + 0.25 * phase.sin() * (R(batchSize, 3, 1, 1) - 0.5);
        // Hard-edged disc.
        var cx = R(batchSize, 1, 1, 1);
        var cy = R(batchSize, 1, 1, 1);
        var rad = R(batchSize, 1, 1, 1) * 0.3 + 0.1;
        var disc = (((xx - cx).square() + (yy - cy).square()) < rad.square()).to_type(ScalarType.Float32);
        img = img * (1 - disc) + disc * R(batchSize, 3, 1, 1);
        var hr = img.clamp(0, 1).mul(255).round().div(255);
        var lq = nn.functional.avg_pool2d(hr, scale).mul(255).round().div(255);
        return (hr.MoveToOuterDisposeScope(), lq.MoveToOuterDisposeScope());
    }
}
