namespace Ctmsr.Demo.Upscalers;

/// <summary>The upscaling methods the demo compares.</summary>
public enum UpscaleMethod
{
    Nearest,
    Bilinear,
    Bicubic,
    /// <summary>Edge-adaptive spatial upscaler in the style of FSR 1 EASU (shaders/demo/easu.comp).</summary>
    Easu,
    /// <summary>CTMSR on Ctmsr.Runtime's Vulkan backend.</summary>
    CtmsrVulkan,
    /// <summary>CTMSR on ONNX Runtime (CUDA or CPU).</summary>
    CtmsrOnnx,
}
