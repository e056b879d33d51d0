using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;

namespace Ctmsr.Demo.Upscalers;

/// <summary>Creates the upscalers of the requested methods and says which cannot run, and why (never a stand-in).</summary>
public static class MethodCatalog
{
    /// <remarks>
    /// The ctmsr methods run the --model file, or without it the model with the smallest scale >= the ratio
    /// (<see cref="ModelChoice"/>), chosen again when the sizes change.
    /// </remarks>
    /// <exception cref="UpscalerSetupException">An explicit --model file is missing or not a CTMSR model (the message names it), or no default model exists.</exception>
    public static List<MethodStatus> Create(GpuContext gpu, IReadOnlyList<UpscaleMethod> methods, string? modelPath,
        UpscalerBackend onnxBackend, int threads, FrameSize render, FrameSize display)
    {
        var list = new List<MethodStatus>();
        ModelChoice? models = null;
        try
        {
            foreach (UpscaleMethod m in methods)
            {
                switch (m)
                {
                    case UpscaleMethod.CtmsrOnnx:
                    case UpscaleMethod.CtmsrVulkan:
                        models ??= ModelChoice.Create(modelPath);
                        list.Add(CreateCtmsr(gpu, m, models, onnxBackend, threads, render, display));
                        break;
                    default:
                        list.Add(new MethodStatus(m, new ComputeUpscaler(gpu, m), null));
                        break;
                }
            }
        }
        catch
        {
            foreach (MethodStatus s in list) s.Upscaler?.Dispose();
            throw;
        }
        return list;
    }

    private static MethodStatus CreateCtmsr(GpuContext gpu, UpscaleMethod m, ModelChoice model, UpscalerBackend onnxBackend, int threads,
        FrameSize render, FrameSize display)
    {
        if (m == UpscaleMethod.CtmsrVulkan)
        {
            var vulkan = new CtmsrVulkanUpscaler(gpu, model);
            try
            {
                vulkan.Prepare(render, display);
                return new MethodStatus(m, vulkan, null);
            }
            catch (Exception ex) when (ex is not UpscalerSetupException)
            {
                vulkan.Dispose();
                return new MethodStatus(m, null, $"the Vulkan backend did not start on {gpu.DeviceName}: {ex.Message}");
            }
        }
        if (onnxBackend == UpscalerBackend.Vulkan)
            throw new UpscalerSetupException("--backend picks the ONNX Runtime device of CTMSR (ONNX): Cpu, Cuda or Auto; CTMSR (Vulkan) is its own method");
        var upscaler = new CtmsrHostUpscaler(m, model, onnxBackend, threads);
        try
        {
            upscaler.Prepare(render, display);
            return new MethodStatus(m, upscaler, null);
        }
        catch (Exception ex) when (ex is not UpscalerSetupException)
        {
            upscaler.Dispose();
            return new MethodStatus(m, null, $"{onnxBackend} backend did not start: {ex.Message}");
        }
    }
}
