using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>The one path every VkResult takes, in every build configuration: anything but success throws.</summary>
internal static class VkCheck
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ok(Result result, string call)
    {
        if (result != Result.Success) Throw(result, call);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(Result result, string call) => throw new VulkanException(call, result);
}
