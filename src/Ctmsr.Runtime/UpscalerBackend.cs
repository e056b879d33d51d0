namespace Ctmsr.Runtime;

/// <summary>Which device runs an <see cref="UpscalerContext"/>.</summary>
public enum UpscalerBackend
{
    /// <summary>
    /// Vulkan compute on a GPU where one is usable (always on an engine-owned device given in
    /// <see cref="UpscalerContextDescription.VulkanDevice"/>); otherwise ONNX Runtime on CUDA where it starts; otherwise
    /// ONNX Runtime on the CPU. A CPU Vulkan driver (lavapipe) is skipped in Auto because ONNX Runtime's CPU provider
    /// is faster there. The choice and the reason are reported.
    /// </summary>
    Auto = 0,

    /// <summary>ONNX Runtime's CUDA execution provider; creation fails when it is not available.</summary>
    Cuda = 1,

    /// <summary>ONNX Runtime's CPU execution provider.</summary>
    Cpu = 2,

    /// <summary>The Vulkan compute backend (GLSL kernels on device buffers), on any Vulkan device including a CPU driver; creation fails when none is usable.</summary>
    Vulkan = 3,
}
