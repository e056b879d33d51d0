using Ctmsr.Contract;
using Ctmsr.Training.Export;
using Ctmsr.Training.Nets;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

public class ExportParityTests
{
    [TestCase("tiny", 2, 1.0, 37, 53, true)]
    [TestCase("tiny", 3, 0.8, 37, 53, true)]
    [TestCase("tiny", 2, 0.3, 37, 53, false)]
    [TestCase("default", 2, 1.0, 29, 41, true)]
    [TestCase("default", 2, 1.0, 29, 41, false)]
    [TestCase("default", 3, 1.0, 23, 31, true)]
    public void OnnxRuntime_MatchesTorchForward_WithinOneInTenThousand(string preset, int scale, double sigmaMax, int w, int h,
        bool cancelSkipNoise)
    {
        var net = ExportTestModels.PerturbedNet(NetPreset.Parse(preset), scale, seed: 7 + scale, cancelSkipNoise);
        byte[] model = OnnxExporter.ExportBytes(net, sigmaMax, ExportTestModels.Meta);
        var lr = ExportTestModels.RandomLr(w, h, seed: 11);
        var noise = ExportTestModels.Noise(w * scale, h * scale);

        var expected = ExportTestModels.TorchReference(net, sigmaMax, lr, noise, w, h);
        var actual = RunOnnx(model, lr, noise, w, h, scale);

        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        double maxDiff = 0;
        int clampedLow = 0, clampedHigh = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            if (expected[i] == 0f) clampedLow++;
            if (expected[i] == 1f) clampedHigh++;
        }
        TestContext.Out.WriteLine($"{preset} x{scale} {w}x{h}: max |onnx - torch| = {maxDiff:E3}");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1e-4));
        // The perturbation must make the output more than a copy of the clamp bounds.
        Assert.That(clampedLow + clampedHigh, Is.LessThan(expected.Length / 2));
        Assert.That(MeanAbsFromBicubic(expected, lr, w, h, scale), Is.GreaterThan(0.02), "output must not be plain bicubic");
    }

    [Test]
    public void Resize_MatchesTorchBicubic_AtBordersAndInterior()
    {
        // F's residual path only: a net whose convs are all zero gives F = y exactly, so sr isolates the Resize.
        var net = ExportTestModels.PerturbedNet(NetPreset.Tiny, 3, seed: 1);
        using (TorchSharp.torch.no_grad())
            foreach (var p in net.parameters()) p.zero_();
        const double sigma = 1e-3;
        byte[] model = OnnxExporter.ExportBytes(net, sigma, ExportTestModels.Meta);
        int w = 9, h = 7;
        var lr = ExportTestModels.RandomLr(w, h, seed: 3);
        var noise = new float[3 * w * h * 9];
        var expected = ExportTestModels.TorchReference(net, sigma, lr, noise, w, h);
        var actual = RunOnnx(model, lr, noise, w, h, 3);
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-5), $"element {i}");
    }

    private static double MeanAbsFromBicubic(float[] sr, float[] lr, int w, int h, int scale)
    {
        using var lq = TorchSharp.torch.tensor(lr, new long[] { 1, 3, h, w });
        using var up = CompactSrNet.Upsample(lq, scale).clamp(0, 1).contiguous();
        var bic = up.data<float>().ToArray();
        double sum = 0;
        for (int i = 0; i < sr.Length; i++) sum += Math.Abs(sr[i] - bic[i]);
        return sum / sr.Length;
    }

    internal static float[] RunOnnx(byte[] model, float[] lr, float[] noise, int w, int h, int scale)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor(ModelContract.LowResInput, new DenseTensor<float>(lr, new[] { 1, 3, h, w })),
            NamedOnnxValue.CreateFromTensor(ModelContract.NoiseInput,
                new DenseTensor<float>(noise, new[] { 1, 3, h * scale, w * scale })),
        };
        using var results = session.Run(inputs);
        var sr = results.Single(r => r.Name == ModelContract.Output).AsTensor<float>();
        Assert.That(sr.Dimensions.ToArray(), Is.EqualTo(new[] { 1, 3, h * scale, w * scale }));
        return sr.ToArray();
    }
}
