using System;
using System.Collections.Generic;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// What <see cref="VulkanDevice.Create"/> asks of the instance and device it makes. The defaults are the runtime's
/// standalone device (one compute queue, no extensions); an engine stand-in such as the demo asks for a graphics queue
/// that can present to its window, the window system's instance extensions and VK_KHR_swapchain.
/// </summary>
internal sealed class VulkanDeviceOptions
{
    /// <summary>The application and engine name the instance reports to the driver.</summary>
    public string ApplicationName { get; set; } = "Ctmsr.Runtime";

    /// <summary>Only a device whose name contains this (case-insensitive) is used; null: the best one.</summary>
    public string? NameFilter { get; set; }

    /// <summary>The flags the one queue's family must have (the device has one queue).</summary>
    public QueueFlags QueueFlags { get; set; } = QueueFlags.ComputeBit;

    /// <summary>What the queue family holds, for errors: "a compute queue", "a graphics+compute queue".</summary>
    public string QueueDescription { get; set; } = "a compute queue";

    /// <summary>Instance extensions to enable (e.g. a window system's surface extensions); all must be there.</summary>
    public IReadOnlyList<string> InstanceExtensions { get; set; } = Array.Empty<string>();

    /// <summary>Device extensions to enable (e.g. VK_KHR_swapchain); a device without one of them is skipped.</summary>
    public IReadOnlyList<string> DeviceExtensions { get; set; } = Array.Empty<string>();

    /// <summary>Enables storageBuffer16BitAccess and shaderFloat16 (and their extension) where the device has them.</summary>
    public bool Float16 { get; set; } = true;

    /// <summary>
    /// Called once the instance exists, before a device is chosen (a window makes its surface here, so the queue family
    /// can be checked against it). Whatever it makes is released by <see cref="BeforeInstanceDestroyed"/>.
    /// </summary>
    public Action<Vk, Instance>? InstanceCreated { get; set; }

    /// <summary>An extra test on a candidate queue family (e.g. that it can present to the window's surface).</summary>
    public Func<Vk, Instance, PhysicalDevice, uint, bool>? QueueFamilyFilter { get; set; }

    /// <summary>
    /// Called just before the instance is destroyed, after the device: when creation fails part-way and when the device
    /// is disposed. Releases what <see cref="InstanceCreated"/> made on the instance (a surface).
    /// </summary>
    public Action<Vk, Instance>? BeforeInstanceDestroyed { get; set; }
}
