namespace Ctmsr.Demo.Vulkan;

/// <summary>No usable Vulkan instance or device: the message says what was missing and how to get it.</summary>
public sealed class GpuUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
