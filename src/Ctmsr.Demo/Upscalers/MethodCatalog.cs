using Ctmsr.Demo.Cli;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Upscalers;

/// <summary>Creates the upscalers of the requested methods and says which cannot run, and why (never a stand-in).</summary>
public static class MethodCatalog
{
    /// <exception cref="DemoException">An explicit --model file is missing or not a CTMSR model (the message names it).</exception>
    public static List<MethodStatus> Create(GpuContext gpu, IReadOnlyList<UpscaleMethod> methods, string? modelPath,
        UpscalerBackend onnxBackend, int threads, FrameSize render, FrameSize display)
    {
        var list = new List<MethodStatus>();
        CtmsrModel? model = null;
        try
        {
            foreach (UpscaleMethod m in methods)
            {
                switch (m)
                {
                    case UpscaleMethod.CtmsrOnnx:
                    case UpscaleMethod.CtmsrVulkan:
                        model ??= LoadModel(modelPath);
                        list.Add(CreateCtmsr(gpu, m, model, onnxBackend, threads, render, display));
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

    private static CtmsrModel LoadModel(string? modelPath)
    {
        try
        {
            return ModelLocator.Load(modelPath);
        }
        catch (CtmsrModelException ex)
        {
            throw new DemoException($"model '{modelPath ?? ModelLocator.DefaultRelativePath}' cannot be used: {ex.Message}");
        }
    }

    private static MethodStatus CreateCtmsr(GpuContext gpu, UpscaleMethod m, CtmsrModel model, UpscalerBackend onnxBackend, int threads,
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
            catch (Exception ex) when (ex is not DemoException)
            {
                vulkan.Dispose();
                return new MethodStatus(m, null, $"the Vulkan backend did not start on {gpu.DeviceName}: {ex.Message}");
            }
        }
        if (onnxBackend == UpscalerBackend.Vulkan)
            throw new DemoException("--backend picks the ONNX Runtime device of CTMSR (ONNX): Cpu, Cuda or Auto; CTMSR (Vulkan) is its own method");
        var upscaler = new CtmsrHostUpscaler(m, model, onnxBackend, threads);
        try
        {
            upscaler.Prepare(render, display);
            return new MethodStatus(m, upscaler, null);
        }
        catch (Exception ex) when (ex is not DemoException)
        {
            upscaler.Dispose();
            return new MethodStatus(m, null, $"{onnxBackend} backend did not start: {ex.Message}");
        }
    }
}
