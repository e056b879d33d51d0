using Ctmsr.Runtime.Noise;

namespace Ctmsr.Contract.Tests;

/// <summary>
/// One preset and scale of the round trip: the trainer's net and its export, a random RGBA8 frame, the contract's
/// deterministic noise for it and the TorchSharp forward on exactly those inputs.
/// </summary>
internal sealed class RoundTripCase
{
    /// <summary>Render size: small, so each case runs in a fraction of a second on lavapipe; not a multiple of 8 or 16 in both sides.</summary>
    public const int Width = 24, Height = 15;

    /// <summary>A non-default noise seed, so a backend that ignores the seed fails.</summary>
    public const uint NoiseSeed = 7;

    private RoundTripCase(TrainerNet net, byte[] onnx, byte[] frame, float[] lr, float[] noise, float[] expected)
    {
        Net = net;
        Onnx = onnx;
        Frame = frame;
        Lr = lr;
        Noise = noise;
        Expected = expected;
    }

    public TrainerNet Net { get; }

    /// <summary>The exporter's bytes.</summary>
    public byte[] Onnx { get; }

    /// <summary>RGBA8, tight stride, <see cref="Width"/> x <see cref="Height"/>.</summary>
    public byte[] Frame { get; }

    /// <summary>The frame's RGB as the contract's lr: planar [3, h, w], byte / 255.</summary>
    public float[] Lr { get; }

    /// <summary>DeterministicNoise at the HR size with <see cref="NoiseSeed"/>: planar [3, s h, s w].</summary>
    public float[] Noise { get; }

    /// <summary>The TorchSharp forward: planar [3, s h, s w] in [0, 1].</summary>
    public float[] Expected { get; }

    public int Scale => Net.Scale;

    /// <summary>Builds the case; the seeds depend only on the preset and scale, so every run compares the same numbers.</summary>
    public static RoundTripCase Create(string preset, int scale)
    {
        int presetIndex = TrainerNet.PresetNames.ToList().IndexOf(preset);
        if (presetIndex < 0) throw new ArgumentException($"'{preset}' is not one of the trainer's presets", nameof(preset));
        // Two sigma_max values, so the noise gain travels from the metadata and graph, not from a default.
        double sigmaMax = scale == 2 ? 1.0 : 0.8;
        var net = TrainerNet.Create(preset, scale, seed: 100 * scale + presetIndex, sigmaMax);

        var rng = new Random(1000 * scale + presetIndex);
        var frame = new byte[4 * Width * Height];
        rng.NextBytes(frame);
        var lr = new float[3 * Width * Height];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < Width * Height; i++) lr[c * Width * Height + i] = frame[4 * i + c] / 255f;

        int sw = scale * Width, sh = scale * Height;
        var noise = new float[3 * sw * sh];
        DeterministicNoise.Fill(noise, sw, sh, NoiseSeed);
        return new RoundTripCase(net, net.Export(), frame, lr, noise, net.Forward(lr, noise, Width, Height));
    }
}
