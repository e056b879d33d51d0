using System;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>What a <see cref="VulkanFrame"/> refers to.</summary>
public enum VulkanFrameKind
{
    /// <summary>A VkBuffer holding rows of 4-byte pixels.</summary>
    Buffer = 0,

    /// <summary>A 2D VkImage with a 4-byte RGBA8/BGRA8 format (one mip level, one layer).</summary>
    Image = 1,
}
