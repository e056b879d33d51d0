using Ctmsr.Training.Data;
using Ctmsr.Training.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Degradation;

/// <summary>
/// Draws training batches of (HR patch, degraded LR patch). Batch k is a pure function of (seed, k, options, dataset):
/// every random choice comes from a <see cref="SplitMix64"/> stream keyed by (seed, k, sample), so a resumed run
/// reproduces its batches exactly with no generator state to save. Safe to call from one thread at a time per instance.
/// </summary>
public sealed class PatchSampler
{
    private static readonly float[] ByteToUnit = BuildByteToUnit();

    private readonly ImageDataset _data;
    private readonly DegradationOptions _opts;
    private readonly int _patch;
    private readonly ulong _seed;

    public PatchSampler(ImageDataset data, DegradationOptions opts, int hrPatch, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(opts);
        opts.Validate();
        if (hrPatch < opts.Scale * 8 || hrPatch % opts.Scale != 0)
            throw new ArgumentException($"the HR patch must be a multiple of the scale {opts.Scale} and at least {opts.Scale * 8} px; got {hrPatch}");
        for (int i = 0; i < data.Count; i++)
            if (data.Images[i].Width < hrPatch || data.Images[i].Height < hrPatch)
                throw new ArgumentException($"image '{data.Paths[i]}' ({data.Images[i].Width}x{data.Images[i].Height}) is smaller than the {hrPatch} px HR patch");
        _data = data;
        _opts = opts;
        _patch = hrPatch;
        _seed = seed;
    }

    public int HrPatch => _patch;
    public int Scale => _opts.Scale;
    public DegradationOptions Options => _opts;

    /// <summary>
    /// hr: [B, 3, P, P] float32 in [0, 1] (exact k/255 values); lq: [B, 3, P/s, P/s] float32 in [0, 1], quantised
    /// to k/255. Both on the CPU; the caller owns (disposes) them.
    /// </summary>
    public (Tensor Hr, Tensor Lq) Batch(long batchIndex, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size must be positive; got {batchSize}");
        int p = _patch, plane = p * p, s = _opts.Scale;
        var plans = new SamplePlan[batchSize];
        using var scope = torch.NewDisposeScope();
        // Crops are written straight into the tensor's memory: no staging array, no extra copy.
        var hr = torch.empty(new long[] { batchSize, 3, p, p }, dtype: ScalarType.Float32);
        for (int i = 0; i < batchSize; i++)
        {
            var rng = SplitMix64.For(_seed, (ulong)batchIndex, (ulong)i);
            plans[i] = Plan(ref rng);
            CopyCrop(plans[i], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(hr.bytes).Slice(i * 3 * plane, 3 * plane));
        }
        var lqs = new Tensor[batchSize];
        for (int i = 0; i < batchSize; i++)
            lqs[i] = Degrade(hr[i].unsqueeze(0), plans[i]);
        var lq = batchSize == 1 ? lqs[0] : torch.cat(lqs, 0);
        return (hr.MoveToOuterDisposeScope(), lq.contiguous().MoveToOuterDisposeScope());
    }

    private SamplePlan Plan(ref SplitMix64 rng)
    {
        var plan = new SamplePlan { Image = rng.NextInt(_data.Count) };
        var img = _data.Images[plan.Image];
        plan.X = rng.NextInt(img.Width - _patch + 1);
        plan.Y = rng.NextInt(img.Height - _patch + 1);
        plan.FlipX = (rng.Next() & 1) != 0;
        plan.FlipY = (rng.Next() & 1) != 0;
        plan.Kernel = _opts.PickKernel(rng.NextDouble());
        // Every draw happens whether or not it is used, so turning one option on does not shift the others' streams.
        double blurU = rng.NextDouble(), blurSigma = rng.Uniform(_opts.BlurSigmaMin, _opts.BlurSigmaMax);
        double noiseU = rng.NextDouble(), noiseSigma = rng.Uniform(_opts.NoiseSigmaMin, _opts.NoiseSigmaMax);
        double jpegU = rng.NextDouble();
        int quality = _opts.JpegQualityMin + rng.NextInt(_opts.JpegQualityMax - _opts.JpegQualityMin + 1);
        plan.BlurSigma = blurU < _opts.BlurProbability ? blurSigma : 0;
        plan.NoiseSigma = noiseU < _opts.NoiseProbability ? noiseSigma : 0;
        plan.JpegQuality = jpegU < _opts.JpegProbability ? quality : 0;
        plan.NoiseSeed = rng.Next();
        return plan;
    }

    /// <summary>Crop + flips straight from the interleaved bytes into one planar float sample (CHW).</summary>
    private void CopyCrop(in SamplePlan plan, Span<float> dst)
    {
        var img = _data.Images[plan.Image];
        byte[] src = img.Pixels;
        int p = _patch, plane = p * p, stride = img.Width * 3;
        var lut = ByteToUnit;
        for (int y = 0; y < p; y++)
        {
            int sy = plan.Y + (plan.FlipY ? p - 1 - y : y);
            int rowBase = sy * stride + plan.X * 3;
            int o = y * p;
            if (!plan.FlipX)
            {
                for (int x = 0, si = rowBase; x < p; x++, si += 3)
                {
                    dst[o + x] = lut[src[si]];
                    dst[plane + o + x] = lut[src[si + 1]];
                    dst[2 * plane + o + x] = lut[src[si + 2]];
                }
            }
            else
            {
                for (int x = 0, si = rowBase + (p - 1) * 3; x < p; x++, si -= 3)
                {
                    dst[o + x] = lut[src[si]];
                    dst[plane + o + x] = lut[src[si + 1]];
                    dst[2 * plane + o + x] = lut[src[si + 2]];
                }
            }
        }
    }

    private Tensor Degrade(Tensor hr1, in SamplePlan plan)
    {
        var x = plan.BlurSigma > 0 ? Downscaler.GaussianBlur(hr1, plan.BlurSigma) : hr1;
        x = Downscaler.Downscale(x, _opts.Scale, plan.Kernel);
        if (plan.NoiseSigma > 0)
        {
            // Own generator (not torch's) so the noise is defined by this code alone.
            int n = (int)x.numel();
            var noise = new float[n];
            var rng = new SplitMix64(plan.NoiseSeed);
            float scale = (float)(plan.NoiseSigma / 255.0);
            for (int i = 0; i < n; i++) noise[i] = (float)rng.NextGaussian() * scale;
            x = x.add(torch.tensor(noise, x.shape));
        }
        x = Downscaler.Quantize8(x);
        if (plan.JpegQuality > 0)
        {
            var jpeg = ImageFile.JpegRoundTrip(ImageTensor.FromTensor(x), plan.JpegQuality);
            x = ImageTensor.ToTensor(jpeg);
        }
        return x;
    }

    private static float[] BuildByteToUnit()
    {
        var t = new float[256];
        for (int i = 0; i < 256; i++) t[i] = i / 255f;
        return t;
    }

    private struct SamplePlan
    {
        public int Image, X, Y, JpegQuality;
        public bool FlipX, FlipY;
        public DownscaleKernel Kernel;
        public double BlurSigma, NoiseSigma;
        public ulong NoiseSeed;
    }
}
