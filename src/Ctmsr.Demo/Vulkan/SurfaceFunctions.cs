using Silk.NET.Vulkan;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// VK_KHR_surface entry points, loaded by name with vkGetInstanceProcAddr (the Silk.NET KHR extension package is not
/// available here).
/// </summary>
public static unsafe class SurfaceFunctions
{
    public static nint Load(Vk vk, Instance instance, string name)
    {
        nint p = (nint)vk.GetInstanceProcAddr(instance, name).Handle;
        if (p == 0) throw new VulkanUnavailableException($"the Vulkan driver does not export {name}");
        return p;
    }

    public static bool Supports(Vk vk, Instance instance, PhysicalDevice physical, uint family, SurfaceKHR surface)
    {
        var f = (delegate* unmanaged<PhysicalDevice, uint, SurfaceKHR, uint*, Result>)Load(vk, instance, "vkGetPhysicalDeviceSurfaceSupportKHR");
        uint ok = 0;
        VkCheck.Ok(f(physical, family, surface, &ok), "vkGetPhysicalDeviceSurfaceSupportKHR");
        return ok != 0;
    }

    public static void Destroy(Vk vk, Instance instance, SurfaceKHR surface)
    {
        var f = (delegate* unmanaged<Instance, SurfaceKHR, AllocationCallbacks*, void>)Load(vk, instance, "vkDestroySurfaceKHR");
        f(instance, surface, null);
    }

    public static SurfaceCapabilitiesKHR Capabilities(Vk vk, Instance instance, PhysicalDevice physical, SurfaceKHR surface)
    {
        var f = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, SurfaceCapabilitiesKHR*, Result>)Load(vk, instance, "vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
        SurfaceCapabilitiesKHR caps;
        VkCheck.Ok(f(physical, surface, &caps), "vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
        return caps;
    }

    public static SurfaceFormatKHR[] Formats(Vk vk, Instance instance, PhysicalDevice physical, SurfaceKHR surface)
    {
        var f = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, SurfaceFormatKHR*, Result>)Load(vk, instance, "vkGetPhysicalDeviceSurfaceFormatsKHR");
        uint n = 0;
        VkCheck.Ok(f(physical, surface, &n, null), "vkGetPhysicalDeviceSurfaceFormatsKHR");
        var formats = new SurfaceFormatKHR[n];
        fixed (SurfaceFormatKHR* p = formats) VkCheck.Ok(f(physical, surface, &n, p), "vkGetPhysicalDeviceSurfaceFormatsKHR");
        return formats;
    }

    public static PresentModeKHR[] PresentModes(Vk vk, Instance instance, PhysicalDevice physical, SurfaceKHR surface)
    {
        var f = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, PresentModeKHR*, Result>)Load(vk, instance, "vkGetPhysicalDeviceSurfacePresentModesKHR");
        uint n = 0;
        VkCheck.Ok(f(physical, surface, &n, null), "vkGetPhysicalDeviceSurfacePresentModesKHR");
        var modes = new PresentModeKHR[n];
        fixed (PresentModeKHR* p = modes) VkCheck.Ok(f(physical, surface, &n, p), "vkGetPhysicalDeviceSurfacePresentModesKHR");
        return modes;
    }
}
