using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;
using SkiaSharp;

namespace Ctmsr.Runtime.Tests;

/// <summary>
/// What holds between the Vulkan backend's and ONNX Runtime CPU's 8-bit frames on a real image: not identity. Both
/// compute the same float32 model, but MLAS and the shader sum the products in different orders, so the floats differ
/// by about 1e-6; a value that lands that close to a quantisation edge (x 255 + 0.5 an integer) rounds to neighbouring
/// levels. Measured on samples/sample.png with the shipped model: 2 of 518,400 pixels differ, by one level.
/// </summary>
[NonParallelizable]
public class VulkanCpuParityTests
{
    /// <summary>The bound asserted: no value more than one level apart, and at most this many pixels per thousand differ.</summary>
    private const double MaxDifferingPerMille = 0.1;

    [Test]
    public void ShippedModel_SampleImage_VulkanAndCpuFramesDifferByAtMostOneLevelOnFewPixels()
    {
        string dir = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(dir, "Ctmsr.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new FileNotFoundException("Ctmsr.sln above the test directory");
        using SKBitmap bitmap = SKBitmap.Decode(Path.Combine(dir, "samples", "sample.png"));
        int w = bitmap.Width, h = bitmap.Height, dw = 2 * w, dh = 2 * h;
        var input = new byte[4 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                int o = 4 * (y * w + x);
                input[o] = c.Red; input[o + 1] = c.Green; input[o + 2] = c.Blue; input[o + 3] = c.Alpha;
            }
        CtmsrModel model = CtmsrModel.LoadDefault();
        var viaVulkan = new byte[4 * dw * dh];
        var viaCpu = new byte[4 * dw * dh];
        var d = new UpscalerContextDescription { Model = model, RenderWidth = w, RenderHeight = h, DisplayWidth = dw, DisplayHeight = dh };
        using (var vulkan = UpscalerContext.Create(d with { Backend = UpscalerBackend.Vulkan, VulkanPrecision = VulkanPrecision.Fp32 }))
            vulkan.Dispatch(input, 4 * w, viaVulkan, 4 * dw);
        using (var cpu = UpscalerContext.Create(d with { Backend = UpscalerBackend.Cpu, ThreadCount = 1 }))
            cpu.Dispatch(input, 4 * w, viaCpu, 4 * dw);

        int maxDiff = 0, pixels = 0;
        for (int p = 0; p < dw * dh; p++)
        {
            int worst = 0;
            for (int k = 0; k < 4; k++) worst = Math.Max(worst, Math.Abs(viaVulkan[4 * p + k] - viaCpu[4 * p + k]));
            maxDiff = Math.Max(maxDiff, worst);
            if (worst != 0) pixels++;
        }
        TestContext.Out.WriteLine($"sample.png {w}x{h} -> {dw}x{dh}: {pixels} of {dw * dh} pixels differ, max {maxDiff} level(s)");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1), "a value more than one level apart is a real difference, not rounding");
        Assert.That(pixels, Is.LessThanOrEqualTo((int)(dw * dh * MaxDifferingPerMille / 1000)), $"more than {MaxDifferingPerMille} per mille of the pixels differ");
    }
}
