using System;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// An engine's own Vulkan device, passed as raw handles so that the context records into the engine's command
/// buffers (<see cref="UpscalerContext.RecordDispatch"/>). The context never destroys these objects; it creates its
/// own pipelines, buffers, a command pool and a query pool on the device and destroys those when disposed.
/// Creation (one weight upload) and host-frame <see cref="UpscalerContext.Dispatch"/> calls submit to
/// <see cref="Queue"/> and wait; <see cref="UpscalerContext.Resize"/> waits for the queue to go idle. The engine must not
/// use that queue from another thread during those calls. <see cref="UpscalerContext.RecordDispatch"/> never submits.
/// </summary>
public struct VulkanDeviceHandles
{
    /// <summary>VkInstance (dispatchable handle).</summary>
    public IntPtr Instance { get; set; }

    /// <summary>VkPhysicalDevice (dispatchable handle).</summary>
    public IntPtr PhysicalDevice { get; set; }

    /// <summary>VkDevice (dispatchable handle).</summary>
    public IntPtr Device { get; set; }

    /// <summary>VkQueue with compute support, from <see cref="QueueFamilyIndex"/>.</summary>
    public IntPtr Queue { get; set; }

    /// <summary>The queue family of <see cref="Queue"/>; the context's command pool uses it.</summary>
    public uint QueueFamilyIndex { get; set; }

    /// <summary>The engine's vkGetInstanceProcAddr; every function is loaded through it.</summary>
    public IntPtr GetInstanceProcAddr { get; set; }

    /// <summary>
    /// True when the engine created the device with storageBuffer16BitAccess and shaderFloat16 enabled; only then
    /// can <see cref="VulkanPrecision.Fp16"/> run on it.
    /// </summary>
    public bool Float16FeaturesEnabled { get; set; }
}
