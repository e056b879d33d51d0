using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>A Vulkan call failed; the message names the call and its result.</summary>
public sealed class VulkanException(string call, Result result)
    : Exception($"{call} failed: {result} ({(int)result})")
{
    public string Call { get; } = call;
    public Result Result { get; } = result;
}
