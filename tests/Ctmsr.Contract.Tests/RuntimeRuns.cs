using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;

namespace Ctmsr.Contract.Tests;

/// <summary>
/// The runtime's half of the round trip: a model loaded through <see cref="CtmsrModel"/> and run on a backend of an
/// <see cref="UpscalerContext"/>, read back as floats where a seam exists and always as the 8-bit frame the caller gets.
/// Frames are RGBA8 with a tight stride; planar arrays are [3, h, w] like the model's tensors.
/// </summary>
internal static class RuntimeRuns
{
    /// <summary>Writes the exported bytes to a file in <paramref name="folder"/> and loads it as a user would.</summary>
    public static CtmsrModel LoadFromFile(byte[] onnx, string folder, string fileName)
    {
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, onnx);
        return CtmsrModel.Load(path);
    }

    /// <summary>
    /// The loaded model's own graph on ONNX Runtime (CPU, one thread), fed the contract's inputs directly: the float
    /// seam of the ONNX Runtime side (the backend itself wraps this graph in an 8-bit frame graph).
    /// </summary>
    public static float[] OnnxRuntimeFloat(CtmsrModel model, float[] lr, float[] noise, int width, int height)
    {
        int s = model.Scale;
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model.Bytes, options);
        // The contract's names (DESIGN.md: inputs lr and noise, output sr), spelled out so this test pins them.
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("lr", new DenseTensor<float>(lr, new[] { 1, 3, height, width })),
            NamedOnnxValue.CreateFromTensor("noise", new DenseTensor<float>(noise, new[] { 1, 3, s * height, s * width })),
        };
        using var results = session.Run(inputs);
        var sr = results.Single(r => r.Name == "sr").AsTensor<float>();
        Assert.That(sr.Dimensions.ToArray(), Is.EqualTo(new[] { 1, 3, s * height, s * width }), "sr shape");
        return sr.ToArray();
    }

    /// <summary>One frame through the ONNX Runtime CPU backend at exactly the model's scale (no resample).</summary>
    public static byte[] OnnxRuntimeFrame(CtmsrModel model, byte[] frame, int width, int height, uint noiseSeed)
    {
        int s = model.Scale;
        using var context = UpscalerContext.Create(Description(model, width, height, s * width, s * height, noiseSeed) with
        {
            Backend = UpscalerBackend.Cpu,
            ThreadCount = 1,
        });
        Assert.That(context.Backend, Is.EqualTo(UpscalerBackend.Cpu), context.BackendReason);
        var output = new byte[4 * s * width * s * height];
        context.Dispatch(frame, 4 * width, output, 4 * s * width);
        return output;
    }

    /// <summary>
    /// The Vulkan backend at <paramref name="precision"/> on one context: first at a display one pixel wider and taller than the model's output,
    /// so the model's output lands in the backend's SR buffer, which is read back as floats; then resized to exactly the
    /// model's scale, where the last layer writes the frame itself, which is returned as bytes.
    /// </summary>
    public static (float[] Sr, byte[] Frame) Vulkan(CtmsrModel model, byte[] frame, int width, int height, uint noiseSeed,
        VulkanPrecision precision)
    {
        int s = model.Scale, sw = s * width, sh = s * height;
        using var context = UpscalerContext.Create(Description(model, width, height, sw + 1, sh + 1, noiseSeed) with
        {
            Backend = UpscalerBackend.Vulkan,
            VulkanPrecision = precision,
        });
        Assert.That(context.Backend, Is.EqualTo(UpscalerBackend.Vulkan), context.BackendReason);
        Assert.That(context.VulkanPrecision, Is.EqualTo(precision), context.BackendReason);
        var resampled = new byte[4 * (sw + 1) * (sh + 1)];
        context.Dispatch(frame, 4 * width, resampled, 4 * (sw + 1));
        float[] sr = VulkanSeam.ReadSrPlanar(context, sw, sh);

        context.Resize(width, height, sw, sh);
        var output = new byte[4 * sw * sh];
        context.Dispatch(frame, 4 * width, output, 4 * sw);
        return (sr, output);
    }

    /// <summary>
    /// Whether the Vulkan device is a CPU driver (lavapipe), read from a context's backend line ("..., CPU, ..."). Creates
    /// an fp32 context of <paramref name="anyModel"/> (pass a small one: its kernels are compiled).
    /// </summary>
    public static bool VulkanDeviceIsCpu(CtmsrModel anyModel)
    {
        using var context = UpscalerContext.Create(Description(anyModel, 4, 4, 4 * anyModel.Scale, 4 * anyModel.Scale, 0) with
        {
            Backend = UpscalerBackend.Vulkan,
            VulkanPrecision = VulkanPrecision.Fp32,
        });
        return context.BackendReason.Contains(", CPU,", StringComparison.Ordinal);
    }

    private static UpscalerContextDescription Description(CtmsrModel model, int rw, int rh, int dw, int dh, uint noiseSeed) =>
        new()
        {
            Model = model,
            RenderWidth = rw,
            RenderHeight = rh,
            DisplayWidth = dw,
            DisplayHeight = dh,
            Format = PixelFormat.Rgba8,
            NoiseSeed = noiseSeed,
        };
}
