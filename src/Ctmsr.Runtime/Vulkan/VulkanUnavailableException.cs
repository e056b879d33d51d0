using System;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The Vulkan backend cannot run here: no loader, no driver, no suitable device, or a model it cannot compile. The
/// message is the reason; <see cref="UpscalerBackend.Auto"/> reports it and falls back to ONNX Runtime. (The demo,
/// which creates its device through the same bootstrap, throws it too when no window or device can be had.)
/// </summary>
public sealed class VulkanUnavailableException : Exception
{
    /// <summary>Creates the exception with its reason.</summary>
    public VulkanUnavailableException(string reason) : base(reason) { }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public VulkanUnavailableException(string reason, Exception inner) : base(reason, inner) { }
}
