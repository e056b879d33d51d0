using System;

namespace Ctmsr.Runtime.Vulkan
{
    /// <summary>
    /// A Vulkan call failed. <see cref="Call"/> names the function and <see cref="Result"/> holds its raw VkResult
    /// (for example -4, VK_ERROR_DEVICE_LOST), so a lost device surfaces as this exception rather than a hang.
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

        /// <summary>The Vulkan function that failed, e.g. "vkQueueSubmit".</summary>
        public string Call { get; }

        /// <summary>The VkResult it returned.</summary>
        public int Result { get; }

        /// <summary>The VkResult's name, e.g. "VK_ERROR_DEVICE_LOST", or "VkResult" for a code not listed here.</summary>
        public static string ResultName(int result)
        {
            switch (result)
            {
                case 1: return "VK_NOT_READY";
                case 2: return "VK_TIMEOUT";
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
                default: return "VkResult";
            }
        }
    }
}
