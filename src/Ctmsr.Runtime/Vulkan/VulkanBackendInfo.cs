using System;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// What only the Vulkan backend offers, from <see cref="UpscalerContext.Vulkan"/> (null unless the context runs on
/// Vulkan), in the style of Veldrid's <c>BackendInfoVulkan</c>: facts about the device and the number format, and
/// <see cref="RecordDispatch"/> into an engine's command buffer. It belongs to its context: its calls take the
/// context's guards (one thread at a time; <see cref="ObjectDisposedException"/> once the context is disposed).
/// </summary>
public sealed class VulkanBackendInfo
{
    private readonly UpscalerContext _context;

    internal VulkanBackendInfo(UpscalerContext context, VulkanFrameBackend backend)
    {
        VulkanDevice device = backend.Device;
        _context = context;
        Backend = backend;
        DeviceName = device.Name;
        IsCpuDevice = device.IsCpu;
        IsEngineOwned = !device.IsOwned;
        HasTimestamps = device.SupportsTimestamps;
        Precision = backend.Precision;
    }

    /// <summary>The physical device's name as the driver reports it (VkPhysicalDeviceProperties.deviceName).</summary>
    public string DeviceName { get; }

    /// <summary>True on a CPU driver such as Mesa's lavapipe (VK_PHYSICAL_DEVICE_TYPE_CPU).</summary>
    public bool IsCpuDevice { get; }

    /// <summary>
    /// True when the context runs on the engine's device (<see cref="UpscalerContextDescription.VulkanDevice"/>), which
    /// <see cref="RecordDispatch"/> needs; false when the context created its own (standalone: host frames only).
    /// </summary>
    public bool IsEngineOwned { get; }

    /// <summary>The number format the kernels run in (<see cref="VulkanPrecision.Fp16"/> or <see cref="VulkanPrecision.Fp32"/>).</summary>
    public VulkanPrecision Precision { get; }

    /// <summary>True when the device's queue writes timestamps, so the profiler gets GPU times per stage and per layer.</summary>
    public bool HasTimestamps { get; }

    /// <summary>The backend itself (the context and the tests' seams).</summary>
    internal VulkanFrameBackend Backend { get; }

    /// <summary>
    /// Records one frame into <paramref name="commandBuffer"/> (a VkCommandBuffer in the recording state, from the queue
    /// family of <see cref="VulkanDeviceHandles.QueueFamilyIndex"/>) and never submits: copy of the input frame into
    /// the context's device buffer, the model's kernels, the copy to the output frame, with the barriers each step
    /// needs and a barrier after the output write (transfer -> all commands), so work recorded later sees the frame.
    /// Images are returned to the layout the caller stated. Allocates nothing. The GPU times of the previous frame
    /// are fed to the profiler, since this frame's are known only after the engine submits.
    /// </summary>
    /// <exception cref="NotSupportedException">The device is the context's own (<see cref="IsEngineOwned"/> is false); the message names the device.</exception>
    /// <exception cref="ArgumentException">The command buffer is null or a buffer frame's stride is too small.</exception>
    /// <exception cref="InvalidOperationException">Another call on the context is running.</exception>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public void RecordDispatch(IntPtr commandBuffer, VulkanFrame input, VulkanFrame output) =>
        _context.RecordDispatchOn(Backend, commandBuffer, input, output);

    /// <summary>A short description: device, precision, engine-owned or standalone.</summary>
    public override string ToString() =>
        $"Vulkan on {DeviceName}{(IsCpuDevice ? " (CPU driver)" : "")}, {(Precision == VulkanPrecision.Fp16 ? "fp16" : "fp32")}, {(IsEngineOwned ? "engine-owned device" : "own device")}";
}
