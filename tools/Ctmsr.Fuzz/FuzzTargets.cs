using Ctmsr.Demo.Imaging;
using Ctmsr.Contract;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Onnx;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Fuzz;

/// <summary>
/// The fuzz targets: one input in, every path a user's file takes through Ctmsr out. Each target catches only the
/// exception types the code under test documents for bad input (the answers a user gets) and returns a one-line
/// outcome; any other exception escapes, and afl-fuzz counts it as a crash. The replay verb and the tests call the
/// same methods, so a saved crash input reproduces exactly what the fuzzer saw.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The target names, as given on the command line and used as folder names under tests/fuzz-corpus/.</summary>
    public static readonly string[] Names = { "model", "image" };

    /// <summary>Runs the target called <paramref name="name"/> on <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static FuzzOutcome Run(string name, byte[] input) => name switch
    {
        "model" => Model(input),
        "image" => Image(input),
        _ => throw new ArgumentException($"unknown fuzz target '{name}'; the targets are {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>
    /// A model file as <c>CtmsrModel.Load</c> reads it (protobuf, contract check, metadata), then, when the contract
    /// holds, what each backend does with it before any device work: the Vulkan backend's plan reader and the ONNX
    /// Runtime backend's frame-graph builder (RGBA and BGRA, with and without resampling). Expected answers:
    /// <see cref="CtmsrModelException"/> from the loader and the frame graph, <see cref="VulkanUnavailableException"/>
    /// from the plan reader (Auto falls back to ONNX Runtime on it).
    /// </summary>
    public static FuzzOutcome Model(byte[] input)
    {
        CtmsrModel model;
        try
        {
            model = CtmsrModel.Load(input, "fuzz input");
        }
        catch (CtmsrModelException ex)
        {
            return FuzzOutcome.Refused(ex);
        }

        string vulkan;
        try
        {
            ModelPlan plan = VulkanModelPlan.Read(model.Bytes, model.Source);
            vulkan = $"vulkan plan x{plan.Scale}, {plan.Convs.Count} convs";
        }
        catch (VulkanUnavailableException ex)
        {
            vulkan = "vulkan refused: " + ex.Message;
        }

        string graph;
        try
        {
            int bytes = 0;
            foreach (PixelFormat format in new[] { PixelFormat.Rgba8, PixelFormat.Bgra8 })
                foreach (ResampledAxes axes in new[] { ResampledAxes.None, ResampledAxes.X | ResampledAxes.Y })
                    bytes += FrameGraph.Build(model.Bytes, model.Source, format, axes).Length;
            graph = $"frame graphs {bytes} bytes";
        }
        catch (CtmsrModelException ex)
        {
            graph = "frame graph refused: " + ex.Problem;
        }
        return FuzzOutcome.Accepted($"x{model.Scale}; {vulkan}; {graph}");
    }

    /// <summary>
    /// An image file as the demo's <c>upscale</c> verb reads it (<see cref="RgbaImage.Load"/>, SkiaSharp's codecs).
    /// Expected answer: <see cref="ImageFileException"/>. The bytes go through a scratch file because the decoder reads
    /// paths, as the CLI does.
    /// </summary>
    public static FuzzOutcome Image(byte[] input)
    {
        string path = ScratchPath();
        File.WriteAllBytes(path, input);
        FuzzOutcome outcome;
        try
        {
            RgbaImage image = RgbaImage.Load(path);
            outcome = FuzzOutcome.Accepted($"{image.Width}x{image.Height}");
        }
        catch (ImageFileException ex)
        {
            outcome = FuzzOutcome.Refused(ex);
        }
        finally
        {
            File.Delete(path);
        }
        ImageFeedback.Observe(input, outcome.IsAccepted);
        return outcome;
    }

    private static string? _scratch;

    /// <summary>One scratch file per process (afl-fuzz may run several harness processes side by side).</summary>
    private static string ScratchPath() =>
        _scratch ??= Path.Combine(Path.GetTempPath(), $"ctmsr-fuzz-{Environment.ProcessId}.img");
}
