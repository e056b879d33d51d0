using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Silk.NET.Core.Contexts;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// How a standalone <see cref="VulkanDevice"/> is made: the instance (with the options' extensions and hooks), the
/// physical device chosen by type rank and name filter, its queue family, float16 support and the logical device.
/// </summary>
internal sealed unsafe partial class VulkanDevice
{
    [UnmanagedFunctionPointer(CallingConvention.Winapi)]
    private delegate IntPtr GetProcAddrFn(IntPtr handle, IntPtr name);

    private static IntPtr Lookup(GetProcAddrFn fn, IntPtr handle, string name)
    {
        IntPtr n = Marshal.StringToHGlobalAnsi(name);
        try
        {
            return fn(handle, n);
        }
        finally
        {
            Marshal.FreeHGlobal(n);
        }
    }

    private static Instance CreateInstance(Vk vk, VulkanDeviceOptions options)
    {
        IReadOnlyList<string> extensions = options.InstanceExtensions;
        var names = new List<IntPtr>();
        try
        {
            IntPtr appName = Marshal.StringToHGlobalAnsi(options.ApplicationName);
            names.Add(appName);
            var app = new ApplicationInfo
            {
                SType = StructureType.ApplicationInfo,
                PApplicationName = (byte*)appName,
                PEngineName = (byte*)appName,
                ApiVersion = ApiVersion11,
            };
            byte** ext = stackalloc byte*[Math.Max(1, extensions.Count)];
            for (int i = 0; i < extensions.Count; i++)
            {
                IntPtr p = Marshal.StringToHGlobalAnsi(extensions[i]);
                names.Add(p);
                ext[i] = (byte*)p;
            }
            var info = new InstanceCreateInfo
            {
                SType = StructureType.InstanceCreateInfo,
                PApplicationInfo = &app,
                EnabledExtensionCount = (uint)extensions.Count,
                PpEnabledExtensionNames = ext,
            };
            Instance instance;
            Result r = vk.CreateInstance(&info, null, &instance);
            if (r == Result.ErrorExtensionNotPresent)
                throw new VulkanUnavailableException(
                    $"no Vulkan instance: vkCreateInstance failed with {VulkanException.ResultName((int)r)} ({(int)r}): the Vulkan driver lacks one of the instance extensions {string.Join(", ", extensions)}");
            if (r != Result.Success)
                throw new VulkanUnavailableException(
                    $"no Vulkan instance: vkCreateInstance failed with {VulkanException.ResultName((int)r)} ({(int)r}): no Vulkan 1.1 driver is installed or it refused to start (Debian: mesa-vulkan-drivers)");
            return instance;
        }
        finally
        {
            foreach (IntPtr p in names) Marshal.FreeHGlobal(p);
        }
    }

    private static int Rank(PhysicalDeviceType type) => type switch
    {
        PhysicalDeviceType.DiscreteGpu => 0,
        PhysicalDeviceType.IntegratedGpu => 1,
        PhysicalDeviceType.VirtualGpu => 2,
        PhysicalDeviceType.Cpu => 3,
        _ => 4,
    };

    private static VulkanDevice PickAndCreateDevice(Vk vk, Instance instance, VulkanDeviceOptions options)
    {
        uint count = 0;
        VkCheck.Ok(vk.EnumeratePhysicalDevices(instance, &count, null), "vkEnumeratePhysicalDevices");
        if (count == 0) throw new VulkanUnavailableException("the Vulkan loader found no physical device (no driver installed for this machine; Debian: mesa-vulkan-drivers)");
        var devices = new PhysicalDevice[count];
        fixed (PhysicalDevice* d = devices) VkCheck.Ok(vk.EnumeratePhysicalDevices(instance, &count, d), "vkEnumeratePhysicalDevices");

        string? nameFilter = options.NameFilter;
        PhysicalDevice best = default;
        int bestRank = int.MaxValue;
        uint bestFamily = 0;
        var seen = new List<string>();
        foreach (PhysicalDevice pd in devices)
        {
            PhysicalDeviceProperties props;
            vk.GetPhysicalDeviceProperties(pd, &props);
            string name = Marshal.PtrToStringAnsi((IntPtr)props.DeviceName) ?? "";
            string label = $"{name} ({TypeName(props.DeviceType)})";
            if (props.ApiVersion < ApiVersion11)
            {
                seen.Add(label + ": Vulkan 1.0 only");
                continue;
            }
            if (nameFilter != null && name.IndexOf(nameFilter, StringComparison.OrdinalIgnoreCase) < 0)
            {
                seen.Add(label);
                continue;
            }
            string? missing = null;
            foreach (string e in options.DeviceExtensions)
                if (!HasDeviceExtension(vk, pd, e)) missing = e;
            if (missing != null)
            {
                seen.Add($"{label}: no {missing}");
                continue;
            }
            int family = FindFamily(vk, instance, pd, options);
            if (family < 0)
            {
                seen.Add($"{label}: no {options.QueueDescription}");
                continue;
            }
            seen.Add(label);
            int rank = Rank(props.DeviceType);
            if (rank < bestRank)
            {
                best = pd;
                bestRank = rank;
                bestFamily = (uint)family;
            }
        }
        if (best.Handle == 0)
        {
            string what = nameFilter != null
                ? $"no Vulkan 1.1 device with {options.QueueDescription} matches '{nameFilter}'"
                : $"no Vulkan 1.1 device has {options.QueueDescription}";
            throw new VulkanUnavailableException($"{what}; found: {string.Join(", ", seen)}");
        }

        // What the device offers of float16: storage and arithmetic (each enabled on its own), and why.
        var f16 = options.Float16 ? QueryFloat16(vk, best) : (Storage16: false, ShaderFloat16: false, Enabled: false, Note: "fp16 off: not asked for");
        // Each feature the device has is enabled on its own: the calibration's packed-fp16 kernel needs only shaderFloat16.
        var enable16 = new PhysicalDevice16BitStorageFeatures { SType = StructureType.PhysicalDevice16BitStorageFeatures, StorageBuffer16BitAccess = f16.Storage16 };
        var enableF16 = new PhysicalDeviceShaderFloat16Int8Features { SType = StructureType.PhysicalDeviceShaderFloat16Int8Features, ShaderFloat16 = f16.ShaderFloat16, PNext = &enable16 };

        float priority = 1f;
        var queueInfo = new DeviceQueueCreateInfo
        {
            SType = StructureType.DeviceQueueCreateInfo,
            QueueFamilyIndex = bestFamily,
            QueueCount = 1,
            PQueuePriorities = &priority,
        };
        // shaderFloat16 is core only from Vulkan 1.2; this instance asks for 1.1, so the device extension that defines
        // it is enabled with it (QueryFloat16 counts the feature only where the driver lists the extension).
        var extensionNames = new List<string>(options.DeviceExtensions);
        if (f16.ShaderFloat16) extensionNames.Add(Float16Int8Extension);
        var names = new IntPtr[extensionNames.Count];
        Device device;
        try
        {
            for (int i = 0; i < names.Length; i++) names[i] = Marshal.StringToHGlobalAnsi(extensionNames[i]);
            fixed (IntPtr* ext = names)
            {
                var deviceInfo = new DeviceCreateInfo
                {
                    SType = StructureType.DeviceCreateInfo,
                    QueueCreateInfoCount = 1,
                    PQueueCreateInfos = &queueInfo,
                    PNext = f16.ShaderFloat16 || f16.Storage16 ? &enableF16 : null,
                    EnabledExtensionCount = (uint)names.Length,
                    PpEnabledExtensionNames = (byte**)ext,
                };
                VkCheck.Ok(vk.CreateDevice(best, &deviceInfo, null, &device), "vkCreateDevice");
            }
        }
        finally
        {
            foreach (IntPtr p in names)
                if (p != IntPtr.Zero) Marshal.FreeHGlobal(p);
        }
        Queue queue;
        vk.GetDeviceQueue(device, bestFamily, 0, &queue);
        return new VulkanDevice(vk, instance, best, device, queue, bestFamily, owned: true, f16.Enabled, f16.ShaderFloat16, f16.Note,
            options.BeforeInstanceDestroyed);
    }

    /// <summary>
    /// Whether the device has storageBuffer16BitAccess (core in 1.1) and shaderFloat16 (VK_KHR_shader_float16_int8:
    /// this instance asks for Vulkan 1.1, so the extension is what makes the feature usable even on a 1.2 device).
    /// </summary>
    private static (bool Storage16, bool ShaderFloat16, bool Enabled, string Note) QueryFloat16(Vk vk, PhysicalDevice physical)
    {
        PhysicalDeviceProperties props;
        vk.GetPhysicalDeviceProperties(physical, &props);
        bool extension = HasDeviceExtension(vk, physical, Float16Int8Extension);
        var storage16 = new PhysicalDevice16BitStorageFeatures { SType = StructureType.PhysicalDevice16BitStorageFeatures };
        var float16 = new PhysicalDeviceShaderFloat16Int8Features { SType = StructureType.PhysicalDeviceShaderFloat16Int8Features };
        var features = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &storage16 };
        // The float16 struct is only valid in the chain when the extension (or Vulkan 1.2) is there to define it.
        if (extension || props.ApiVersion >= ApiVersion12) storage16.PNext = &float16;
        vk.GetPhysicalDeviceFeatures2(physical, &features);
        bool shaderF16 = float16.ShaderFloat16 && extension;
        bool storage = storage16.StorageBuffer16BitAccess;
        var missing = new List<string>();
        if (!storage) missing.Add("storageBuffer16BitAccess");
        if (!float16.ShaderFloat16) missing.Add("shaderFloat16");
        if (!extension) missing.Add(Float16Int8Extension);
        return missing.Count == 0
            ? (storage, shaderF16, true, "fp16 features enabled (storageBuffer16BitAccess, shaderFloat16)")
            : (storage, shaderF16, false, "fp16 off: the device lacks " + string.Join(", ", missing));
    }

    private const string Float16Int8Extension = "VK_KHR_shader_float16_int8";

    private static bool HasDeviceExtension(Vk vk, PhysicalDevice pd, string name)
    {
        uint count = 0;
        if (vk.EnumerateDeviceExtensionProperties(pd, (byte*)null, &count, null) != Result.Success || count == 0) return false;
        var props = new ExtensionProperties[count];
        fixed (ExtensionProperties* p = props)
        {
            if (vk.EnumerateDeviceExtensionProperties(pd, (byte*)null, &count, p) != Result.Success) return false;
            for (int i = 0; i < (int)count; i++)
                if (Marshal.PtrToStringAnsi((IntPtr)p[i].ExtensionName) == name) return true;
        }
        return false;
    }

    /// <summary>The first queue family with the flags <paramref name="options"/> asks for that passes its filter, or -1.</summary>
    private static int FindFamily(Vk vk, Instance instance, PhysicalDevice pd, VulkanDeviceOptions options)
    {
        uint count = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, null);
        var families = new QueueFamilyProperties[count];
        fixed (QueueFamilyProperties* f = families) vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, f);
        for (int i = 0; i < families.Length; i++)
        {
            if ((families[i].QueueFlags & options.QueueFlags) != options.QueueFlags) continue;
            if (options.QueueFamilyFilter != null && !options.QueueFamilyFilter(vk, instance, pd, (uint)i)) continue;
            return i;
        }
        return -1;
    }
}
