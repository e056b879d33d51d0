using System.Runtime.CompilerServices;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>The one path every VkResult takes: anything but Success throws with the call's name.</summary>
public static class VkCheck
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ok(Result result, string call)
    {
        if (result != Result.Success) Throw(call, result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(string call, Result result) => throw new VulkanException(call, result);
}
