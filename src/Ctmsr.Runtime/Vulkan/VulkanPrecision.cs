namespace Ctmsr.Runtime.Vulkan;

/// <summary>Number format of the Vulkan backend's weights and activations.</summary>
public enum VulkanPrecision
{
    /// <summary>float16 where the device has 16-bit storage buffers and shaderFloat16; float32 otherwise.</summary>
    Auto = 0,

    /// <summary>float32 storage and arithmetic.</summary>
    Fp32 = 1,

    /// <summary>float16 storage, float16 products, float32 sums; creation fails without the device features.</summary>
    Fp16 = 2,
}
