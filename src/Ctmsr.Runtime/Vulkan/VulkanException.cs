using System;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// A Vulkan call failed. <see cref="Call"/> names the function and <see cref="Result"/> holds its raw VkResult
/// (for example -4, VK_ERROR_DEVICE_LOST), so a lost device surfaces as this exception rather than a hang.
/// The one Vulkan exception of Ctmsr: the runtime's backend and the demo's renderer both throw it.
/// </summary>
public sealed class VulkanException : Exception
{
    /// <summary>Creates the exception for a failed call.</summary>
    public VulkanException(string call, int result, string message)
        : base($"{call} failed with {ResultName(result)} ({result}): {message}")
    {
        Call = call;
        Result = result;
    }

    /// <summary>Creates the exception for a failed call, with the message <see cref="Describe"/> gives its result.</summary>
    internal VulkanException(string call, Silk.NET.Vulkan.Result result)
        : this(call, (int)result, Describe(result))
    {
    }

    /// <summary>The Vulkan function that failed, e.g. "vkQueueSubmit".</summary>
    public string Call { get; }

    /// <summary>The VkResult it returned.</summary>
    public int Result { get; }

    /// <summary>The VkResult it returned, as Silk.NET's enum (the same value as <see cref="Result"/>).</summary>
    internal Silk.NET.Vulkan.Result VkResult => (Silk.NET.Vulkan.Result)Result;

    /// <summary>What a failed call's result means for the caller, e.g. "out of device memory".</summary>
    internal static string Describe(Silk.NET.Vulkan.Result result) => result switch
    {
        Silk.NET.Vulkan.Result.ErrorDeviceLost => "the device was lost (driver reset, GPU hang or removal); recreate the context",
        Silk.NET.Vulkan.Result.Timeout => "the GPU did not finish in time",
        Silk.NET.Vulkan.Result.ErrorOutOfDeviceMemory => "out of device memory",
        Silk.NET.Vulkan.Result.ErrorOutOfHostMemory => "out of host memory",
        Silk.NET.Vulkan.Result.ErrorOutOfDateKhr => "the window surface changed (resized or moved); recreate the swapchain",
        Silk.NET.Vulkan.Result.ErrorSurfaceLostKhr => "the window surface is gone",
        _ => "see the Vulkan specification for this result",
    };

    /// <summary>The VkResult's name, e.g. "VK_ERROR_DEVICE_LOST", or "VkResult" for a code not listed here.</summary>
    public static string ResultName(int result)
    {
        switch (result)
        {
            case 1: return "VK_NOT_READY";
            case 2: return "VK_TIMEOUT";
            case 1000001003: return "VK_SUBOPTIMAL_KHR";
            case -1: return "VK_ERROR_OUT_OF_HOST_MEMORY";
            case -2: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
            case -3: return "VK_ERROR_INITIALIZATION_FAILED";
            case -4: return "VK_ERROR_DEVICE_LOST";
            case -5: return "VK_ERROR_MEMORY_MAP_FAILED";
            case -6: return "VK_ERROR_LAYER_NOT_PRESENT";
            case -7: return "VK_ERROR_EXTENSION_NOT_PRESENT";
            case -8: return "VK_ERROR_FEATURE_NOT_PRESENT";
            case -9: return "VK_ERROR_INCOMPATIBLE_DRIVER";
            case -10: return "VK_ERROR_TOO_MANY_OBJECTS";
            case -11: return "VK_ERROR_FORMAT_NOT_SUPPORTED";
            case -13: return "VK_ERROR_UNKNOWN";
            case -1000000000: return "VK_ERROR_SURFACE_LOST_KHR";
            case -1000000001: return "VK_ERROR_NATIVE_WINDOW_IN_USE_KHR";
            case -1000001004: return "VK_ERROR_OUT_OF_DATE_KHR";
            default: return "VkResult";
        }
    }
}
