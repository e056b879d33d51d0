using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// One Vulkan instance, device and queue (graphics + compute + transfer on one family), a command pool and the
/// helpers the demo needs. Headless by default; the window passes its instance extensions and a surface factory.
/// </summary>
public sealed unsafe class GpuContext : IDisposable
{
    private bool _disposed;

    private GpuContext(Vk vk, Instance instance, PhysicalDevice physical, Device device, Queue queue, uint family,
        CommandPool pool, SurfaceKHR surface, string deviceName, float timestampPeriod, bool timestamps, Float16Support float16)
    {
        Vk = vk;
        Instance = instance;
        Physical = physical;
        Device = device;
        Queue = queue;
        QueueFamily = family;
        CommandPool = pool;
        Surface = surface;
        DeviceName = deviceName;
        TimestampPeriodNs = timestampPeriod;
        TimestampsSupported = timestamps;
        Float16Enabled = float16.Enable;
        Float16Note = float16.Note;
        vk.GetPhysicalDeviceMemoryProperties(physical, out PhysicalDeviceMemoryProperties memory);
        MemoryProperties = memory;
    }

    public Vk Vk { get; }
    public Instance Instance { get; }
    public PhysicalDevice Physical { get; }
    public Device Device { get; }
    public Queue Queue { get; }
    public uint QueueFamily { get; }
    public CommandPool CommandPool { get; }
    public SurfaceKHR Surface { get; }
    public string DeviceName { get; }
    public float TimestampPeriodNs { get; }
    public bool TimestampsSupported { get; }
    public PhysicalDeviceMemoryProperties MemoryProperties { get; }

    /// <summary>
    /// True when the device was created with storageBuffer16BitAccess and shaderFloat16 (it has both): Ctmsr.Runtime's
    /// Vulkan backend can then run fp16 on it (<see cref="Ctmsr.Runtime.Vulkan.VulkanDeviceHandles.Float16FeaturesEnabled"/>).
    /// </summary>
    public bool Float16Enabled { get; }

    /// <summary>Why <see cref="Float16Enabled"/> is what it is, e.g. "fp16 features enabled" or what the device lacks.</summary>
    public string Float16Note { get; }

    /// <summary>A headless context on the first device with a graphics+compute queue.</summary>
    /// <exception cref="GpuUnavailableException">No Vulkan loader, no instance, or no suitable device.</exception>
    public static GpuContext CreateHeadless() => Create(Array.Empty<string>(), null, false);

    /// <summary>
    /// A context whose instance enables <paramref name="instanceExtensions"/>; <paramref name="createSurface"/> makes the
    /// window's surface before the device is chosen, so the queue family can present to it.
    /// </summary>
    public static GpuContext Create(IReadOnlyList<string> instanceExtensions, Func<Instance, SurfaceKHR>? createSurface, bool swapchain)
    {
        Vk vk;
        try
        {
            Ctmsr.Runtime.Vulkan.CpuDriverTuning.Apply(); // before the driver starts (it reads its vector width once)
            vk = Vk.GetApi();
        }
        catch (Exception ex) when (ex is DllNotFoundException || ex is FileNotFoundException || ex is PlatformNotSupportedException || ex is EntryPointNotFoundException)
        {
            throw new GpuUnavailableException("no Vulkan loader (libvulkan.so.1): install libvulkan1 and a driver such as mesa-vulkan-drivers", ex);
        }

        var names = new List<nint>();
        Instance instance = default;
        SurfaceKHR surface = default;
        try
        {
            nint appName = SilkMarshal.StringToPtr("ctmsr-demo");
            names.Add(appName);
            var app = new ApplicationInfo
            {
                SType = StructureType.ApplicationInfo,
                PApplicationName = (byte*)appName,
                PEngineName = (byte*)appName,
                ApiVersion = Vk.Version11,
            };
            byte** ext = stackalloc byte*[Math.Max(1, instanceExtensions.Count)];
            for (int i = 0; i < instanceExtensions.Count; i++)
            {
                nint p = SilkMarshal.StringToPtr(instanceExtensions[i]);
                names.Add(p);
                ext[i] = (byte*)p;
            }
            var ici = new InstanceCreateInfo
            {
                SType = StructureType.InstanceCreateInfo,
                PApplicationInfo = &app,
                EnabledExtensionCount = (uint)instanceExtensions.Count,
                PpEnabledExtensionNames = ext,
            };
            Result r = vk.CreateInstance(in ici, null, out instance);
            if (r != Result.Success)
                throw new GpuUnavailableException($"no Vulkan instance: vkCreateInstance returned {r}; is a Vulkan driver (mesa-vulkan-drivers) installed?");
            if (createSurface != null) surface = createSurface(instance);

            uint count = 0;
            VkCheck.Ok(vk.EnumeratePhysicalDevices(instance, &count, null), "vkEnumeratePhysicalDevices");
            if (count == 0) throw new GpuUnavailableException("no Vulkan device: the loader found no physical device (install mesa-vulkan-drivers for lavapipe)");
            var devices = new PhysicalDevice[count];
            fixed (PhysicalDevice* pd = devices) VkCheck.Ok(vk.EnumeratePhysicalDevices(instance, &count, pd), "vkEnumeratePhysicalDevices");

            // A real GPU before a CPU driver such as lavapipe, whatever order the loader lists them in.
            Array.Sort(devices, (a, b) => Rank(vk, a).CompareTo(Rank(vk, b)));
            foreach (PhysicalDevice physical in devices)
            {
                uint? family = FindFamily(vk, instance, physical, surface);
                if (family is null) continue;
                return CreateDevice(vk, instance, physical, family.Value, surface, swapchain, names);
            }
            throw new GpuUnavailableException($"no Vulkan device with a graphics+compute queue{(surface.Handle != 0 ? " that can present to the window" : "")} among {count} device(s)");
        }
        catch
        {
            if (instance.Handle != 0)
            {
                if (surface.Handle != 0) DestroySurface(vk, instance, surface);
                vk.DestroyInstance(instance, null);
            }
            throw;
        }
        finally
        {
            foreach (nint p in names) SilkMarshal.Free(p);
        }
    }

    private static int Rank(Vk vk, PhysicalDevice physical)
    {
        vk.GetPhysicalDeviceProperties(physical, out PhysicalDeviceProperties p);
        return p.DeviceType switch
        {
            PhysicalDeviceType.DiscreteGpu => 0,
            PhysicalDeviceType.IntegratedGpu => 1,
            PhysicalDeviceType.VirtualGpu => 2,
            PhysicalDeviceType.Cpu => 4,
            _ => 3,
        };
    }

    private static uint? FindFamily(Vk vk, Instance instance, PhysicalDevice physical, SurfaceKHR surface)
    {
        uint n = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(physical, &n, null);
        var families = new QueueFamilyProperties[n];
        fixed (QueueFamilyProperties* f = families) vk.GetPhysicalDeviceQueueFamilyProperties(physical, &n, f);
        for (uint i = 0; i < n; i++)
        {
            var need = QueueFlags.GraphicsBit | QueueFlags.ComputeBit;
            if ((families[i].QueueFlags & need) != need) continue;
            if (surface.Handle != 0 && !SurfaceFunctions.Supports(vk, instance, physical, i, surface)) continue;
            return i;
        }
        return null;
    }

    /// <summary>What <see cref="CreateDevice"/> enables for float16 (the two features and the extension), and why.</summary>
    private readonly record struct Float16Support(bool Enable, string Note);

    /// <summary>The device extension that carries shaderFloat16 on a Vulkan 1.1 instance (core only from 1.2 on).</summary>
    private const string Float16Int8Extension = "VK_KHR_shader_float16_int8";

    /// <summary>
    /// Whether the device has storageBuffer16BitAccess (core in 1.1) and shaderFloat16 (VK_KHR_shader_float16_int8: this
    /// instance asks for Vulkan 1.1, so the extension is what makes the feature usable even on a 1.2 device).
    /// </summary>
    private static Float16Support QueryFloat16(Vk vk, PhysicalDevice physical)
    {
        vk.GetPhysicalDeviceProperties(physical, out PhysicalDeviceProperties props);
        if (props.ApiVersion < Vk.Version11) return new Float16Support(false, "fp16 off: the device is Vulkan 1.0");
        bool extension = HasDeviceExtension(vk, physical, Float16Int8Extension);
        var storage16 = new PhysicalDevice16BitStorageFeatures { SType = StructureType.PhysicalDevice16BitStorageFeatures };
        var float16 = new PhysicalDeviceShaderFloat16Int8Features { SType = StructureType.PhysicalDeviceShaderFloat16Int8Features };
        var features = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &storage16 };
        // The float16 struct is only valid in the chain when the extension (or Vulkan 1.2) is there to define it.
        if (extension || props.ApiVersion >= Vk.Version12) storage16.PNext = &float16;
        vk.GetPhysicalDeviceFeatures2(physical, &features);
        var missing = new List<string>();
        if (!storage16.StorageBuffer16BitAccess) missing.Add("storageBuffer16BitAccess");
        if (!float16.ShaderFloat16) missing.Add("shaderFloat16");
        if (!extension) missing.Add(Float16Int8Extension);
        return missing.Count == 0
            ? new Float16Support(true, "fp16 features enabled (storageBuffer16BitAccess, shaderFloat16)")
            : new Float16Support(false, "fp16 off: the device lacks " + string.Join(", ", missing));
    }

    private static bool HasDeviceExtension(Vk vk, PhysicalDevice physical, string name)
    {
        uint count = 0;
        if (vk.EnumerateDeviceExtensionProperties(physical, (byte*)null, &count, null) != Result.Success || count == 0) return false;
        var props = new ExtensionProperties[count];
        fixed (ExtensionProperties* p = props)
        {
            if (vk.EnumerateDeviceExtensionProperties(physical, (byte*)null, &count, p) != Result.Success) return false;
            for (int i = 0; i < (int)count; i++)
                if (SilkMarshal.PtrToString((nint)p[i].ExtensionName) == name) return true;
        }
        return false;
    }

    private static GpuContext CreateDevice(Vk vk, Instance instance, PhysicalDevice physical, uint family, SurfaceKHR surface,
        bool swapchain, List<nint> names)
    {
        float priority = 1f;
        var qci = new DeviceQueueCreateInfo
        {
            SType = StructureType.DeviceQueueCreateInfo,
            QueueFamilyIndex = family,
            QueueCount = 1,
            PQueuePriorities = &priority,
        };
        byte** ext = stackalloc byte*[2];
        uint extCount = 0;
        if (swapchain)
        {
            nint swapName = SilkMarshal.StringToPtr("VK_KHR_swapchain");
            names.Add(swapName);
            ext[extCount++] = (byte*)swapName;
        }
        // float16 storage and arithmetic where the device has them, so Ctmsr.Runtime's Auto can pick fp16 on a GPU.
        Float16Support fp16 = QueryFloat16(vk, physical);
        if (fp16.Enable)
        {
            nint f16Name = SilkMarshal.StringToPtr(Float16Int8Extension);
            names.Add(f16Name);
            ext[extCount++] = (byte*)f16Name;
        }
        var enable16 = new PhysicalDevice16BitStorageFeatures { SType = StructureType.PhysicalDevice16BitStorageFeatures, StorageBuffer16BitAccess = true };
        var enableF16 = new PhysicalDeviceShaderFloat16Int8Features
        {
            SType = StructureType.PhysicalDeviceShaderFloat16Int8Features, ShaderFloat16 = true, PNext = &enable16,
        };
        var features = new PhysicalDeviceFeatures();
        var dci = new DeviceCreateInfo
        {
            SType = StructureType.DeviceCreateInfo,
            PNext = fp16.Enable ? &enableF16 : null,
            QueueCreateInfoCount = 1,
            PQueueCreateInfos = &qci,
            EnabledExtensionCount = extCount,
            PpEnabledExtensionNames = ext,
            PEnabledFeatures = &features,
        };
        VkCheck.Ok(vk.CreateDevice(physical, in dci, null, out Device device), "vkCreateDevice");
        vk.GetDeviceQueue(device, family, 0, out Queue queue);
        var pci = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            QueueFamilyIndex = family,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
        };
        Result r = vk.CreateCommandPool(device, in pci, null, out CommandPool pool);
        if (r != Result.Success)
        {
            vk.DestroyDevice(device, null);
            VkCheck.Ok(r, "vkCreateCommandPool");
        }
        vk.GetPhysicalDeviceProperties(physical, out PhysicalDeviceProperties props);
        uint n = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(physical, &n, null);
        var families = new QueueFamilyProperties[n];
        fixed (QueueFamilyProperties* f = families) vk.GetPhysicalDeviceQueueFamilyProperties(physical, &n, f);
        bool timestamps = families[family].TimestampValidBits > 0 && props.Limits.TimestampPeriod > 0;
        string name = SilkMarshal.PtrToString((nint)props.DeviceName) ?? "unknown";
        return new GpuContext(vk, instance, physical, device, queue, family, pool, surface, name, props.Limits.TimestampPeriod, timestamps, fp16);
    }

    /// <summary>
    /// The loader's vkGetInstanceProcAddr, for libraries that load their own functions on this device (Ctmsr.Runtime's
    /// Vulkan backend on an engine-owned device).
    /// </summary>
    public nint GetInstanceProcAddrPointer
    {
        get
        {
            if (_getInstanceProcAddr == 0)
                _getInstanceProcAddr = System.Runtime.InteropServices.NativeLibrary.GetExport(
                    System.Runtime.InteropServices.NativeLibrary.Load("libvulkan.so.1"), "vkGetInstanceProcAddr");
            return _getInstanceProcAddr;
        }
    }

    private nint _getInstanceProcAddr;

    /// <summary>The index of a memory type allowed by <paramref name="typeBits"/> with all of <paramref name="flags"/>.</summary>
    public uint FindMemoryType(uint typeBits, MemoryPropertyFlags flags)
    {
        PhysicalDeviceMemoryProperties props = MemoryProperties;
        for (int i = 0; i < props.MemoryTypeCount; i++)
            if ((typeBits & (1u << i)) != 0 && (props.MemoryTypes[i].PropertyFlags & flags) == flags) return (uint)i;
        throw new GpuUnavailableException($"no Vulkan memory type with {flags} among types 0x{typeBits:x}");
    }

    public CommandBuffer AllocateCommandBuffer()
    {
        var ai = new CommandBufferAllocateInfo
        {
            SType = StructureType.CommandBufferAllocateInfo,
            CommandPool = CommandPool,
            Level = CommandBufferLevel.Primary,
            CommandBufferCount = 1,
        };
        VkCheck.Ok(Vk.AllocateCommandBuffers(Device, in ai, out CommandBuffer cmd), "vkAllocateCommandBuffers");
        return cmd;
    }

    public void Begin(CommandBuffer cmd)
    {
        VkCheck.Ok(Vk.ResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
        var bi = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        VkCheck.Ok(Vk.BeginCommandBuffer(cmd, in bi), "vkBeginCommandBuffer");
    }

    /// <summary>Ends, submits and waits for <paramref name="cmd"/> (the headless path is synchronous on purpose).</summary>
    public void SubmitAndWait(CommandBuffer cmd)
    {
        VkCheck.Ok(Vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
        var si = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        VkCheck.Ok(Vk.QueueSubmit(Queue, 1, in si, default), "vkQueueSubmit");
        VkCheck.Ok(Vk.QueueWaitIdle(Queue), "vkQueueWaitIdle");
    }

    public void FreeCommandBuffer(CommandBuffer cmd) => Vk.FreeCommandBuffers(Device, CommandPool, 1, in cmd);

    public ShaderModule CreateShaderModule(byte[] spirv)
    {
        fixed (byte* code = spirv)
        {
            var ci = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)spirv.Length, PCode = (uint*)code };
            VkCheck.Ok(Vk.CreateShaderModule(Device, in ci, null, out ShaderModule module), "vkCreateShaderModule");
            return module;
        }
    }

    /// <summary>A full-pipeline memory barrier: the demo's command streams are short and serial.</summary>
    public void Barrier(CommandBuffer cmd)
    {
        var mb = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.MemoryWriteBit,
            DstAccessMask = AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit,
        };
        Vk.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.AllCommandsBit, 0, 1, &mb, 0, null, 0, null);
    }

    public void WaitIdle() => VkCheck.Ok(Vk.DeviceWaitIdle(Device), "vkDeviceWaitIdle");

    private static void DestroySurface(Vk vk, Instance instance, SurfaceKHR surface) => SurfaceFunctions.Destroy(vk, instance, surface);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk.DeviceWaitIdle(Device);
        Vk.DestroyCommandPool(Device, CommandPool, null);
        Vk.DestroyDevice(Device, null);
        if (Surface.Handle != 0) DestroySurface(Vk, Instance, Surface);
        Vk.DestroyInstance(Instance, null);
        Vk.Dispose();
    }
}
