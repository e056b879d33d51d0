using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Silk.NET.Core.Contexts;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The Vulkan device a backend runs on: either created here (standalone: instance, device and one compute queue,
/// owned and destroyed here) or an engine's device wrapped from raw handles (never destroyed here). Also holds the
/// facts the backend needs: memory types, float16 support, timestamp period, shared-memory limit.
/// </summary>
internal sealed unsafe partial class VulkanDevice : IDisposable
{
    private const uint ApiVersion11 = (1u << 22) | (1u << 12);
    private const uint ApiVersion12 = (1u << 22) | (2u << 12);
    private readonly bool _owned;
    private readonly Action<Vk, Instance>? _beforeInstanceDestroyed;
    private bool _disposed;

    /// <summary>
    /// The loader library a standalone device opens instead of the system's libvulkan: a test hook, and how a tool that
    /// carries its own libvulkan.so.1 (ctmsr-gpubench) uses it.
    /// </summary>
    internal static string? LoaderLibraryOverride { get; set; }

    private VulkanDevice(Vk vk, Instance instance, PhysicalDevice physical, Device device, Queue queue, uint family,
        bool owned, bool float16Enabled, bool shaderFloat16Enabled, string float16Note = "", Action<Vk, Instance>? beforeInstanceDestroyed = null)
    {
        Float16Note = float16Note;
        _beforeInstanceDestroyed = beforeInstanceDestroyed;
        Api = vk;
        Instance = instance;
        PhysicalDevice = physical;
        Device = device;
        Queue = queue;
        QueueFamily = family;
        _owned = owned;

        PhysicalDeviceProperties props;
        vk.GetPhysicalDeviceProperties(physical, &props);
        Name = Marshal.PtrToStringAnsi((IntPtr)props.DeviceName) ?? "unnamed device";
        Type = props.DeviceType;
        TimestampPeriodNs = props.Limits.TimestampPeriod;
        MaxSharedMemoryBytes = props.Limits.MaxComputeSharedMemorySize;
        MaxWorkgroupCount = props.Limits.MaxComputeWorkGroupCount[0];
        MaxStorageBufferRange = props.Limits.MaxStorageBufferRange;
        MaxUniformBufferRange = props.Limits.MaxUniformBufferRange;
        MinUniformBufferOffsetAlignment = props.Limits.MinUniformBufferOffsetAlignment;
        MaxTexelBufferElements = props.Limits.MaxTexelBufferElements;
        PhysicalDeviceMemoryProperties mem;
        vk.GetPhysicalDeviceMemoryProperties(physical, &mem);
        MemoryProperties = mem;

        uint count = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(physical, &count, null);
        var families = new QueueFamilyProperties[count];
        fixed (QueueFamilyProperties* f = families) vk.GetPhysicalDeviceQueueFamilyProperties(physical, &count, f);
        TimestampValidBits = family < count ? families[family].TimestampValidBits : 0;
        Float16Enabled = float16Enabled;
        ShaderFloat16Enabled = shaderFloat16Enabled;
    }

    public Vk Api { get; }
    public Instance Instance { get; }
    public PhysicalDevice PhysicalDevice { get; }
    public Device Device { get; }
    public Queue Queue { get; }
    public uint QueueFamily { get; }
    public string Name { get; }
    public PhysicalDeviceType Type { get; }
    public bool IsCpu => Type == PhysicalDeviceType.Cpu;
    public bool IsOwned => _owned;
    public float TimestampPeriodNs { get; }
    public uint TimestampValidBits { get; }
    public bool SupportsTimestamps => TimestampValidBits > 0 && TimestampPeriodNs > 0;
    public uint MaxSharedMemoryBytes { get; }
    public uint MaxWorkgroupCount { get; }
    public uint MaxStorageBufferRange { get; }
    public uint MaxUniformBufferRange { get; }
    public ulong MinUniformBufferOffsetAlignment { get; }
    public uint MaxTexelBufferElements { get; }
    public PhysicalDeviceMemoryProperties MemoryProperties { get; }

    /// <summary>16-bit storage buffers and shaderFloat16 are enabled on the device.</summary>
    public bool Float16Enabled { get; }

    /// <summary>shaderFloat16 (float16 arithmetic) is enabled, with or without 16-bit storage; the calibration needs only this.</summary>
    public bool ShaderFloat16Enabled { get; }

    /// <summary>
    /// Why <see cref="Float16Enabled"/> is what it is on a device created here: "fp16 features enabled (...)" or
    /// "fp16 off: the device lacks ..." (empty on a wrapped device, whose engine decided).
    /// </summary>
    public string Float16Note { get; }

    /// <summary>"llvmpipe (LLVM 15.0.6, 256 bits), CPU": what reports and logs print.</summary>
    public string Description => $"{Name}, {TypeName(Type)}";

    /// <summary>
    /// Creates an instance and a device on the best physical device with a compute queue (discrete, then integrated,
    /// virtual, CPU), or on the first whose name contains <paramref name="nameFilter"/>.
    /// </summary>
    /// <exception cref="VulkanUnavailableException">No loader, no instance, or no usable device; the message says which.</exception>
    public static VulkanDevice CreateStandalone(string? nameFilter) => Create(new VulkanDeviceOptions { NameFilter = nameFilter });

    /// <summary>
    /// Creates an instance and a device (owned and destroyed here) as <paramref name="options"/> asks: the runtime's
    /// standalone compute device, or an engine stand-in's graphics device with window extensions (the demo's).
    /// </summary>
    /// <exception cref="VulkanUnavailableException">No loader, no instance, or no usable device; the message says which.</exception>
    public static VulkanDevice Create(VulkanDeviceOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        CpuDriverTuning.Apply();
        Vk vk;
        try
        {
            vk = SharedApi(LoaderLibraryOverride);
        }
        catch (Exception ex) when (ex is DllNotFoundException || ex is System.IO.FileNotFoundException || ex is EntryPointNotFoundException
                                   || ex is BadImageFormatException || ex is InvalidOperationException || ex is PlatformNotSupportedException)
        {
            throw new VulkanUnavailableException(
                $"no Vulkan loader: {LoaderLibraryOverride ?? "libvulkan.so.1 / vulkan-1.dll"} could not be loaded ({ex.GetType().Name}: {ex.Message}); " +
                "install a Vulkan loader and driver (Debian: libvulkan1 mesa-vulkan-drivers)", ex);
        }

        Instance instance = default;
        try
        {
            instance = CreateInstance(vk, options);
            options.InstanceCreated?.Invoke(vk, instance);
            return PickAndCreateDevice(vk, instance, options);
        }
        catch
        {
            if (instance.Handle != 0)
            {
                try
                {
                    options.BeforeInstanceDestroyed?.Invoke(vk, instance);
                }
                finally
                {
                    vk.DestroyInstance(instance, null);
                }
            }
            throw;
        }
    }

    private static readonly Dictionary<string, Vk> SharedApis = new Dictionary<string, Vk>(StringComparer.Ordinal);

    /// <summary>
    /// The one Silk.NET API object per loader library that every standalone device of the process uses, never
    /// disposed. Each Vk object leaves about 30 KiB of native memory behind after Dispose, and one more function table
    /// per CurrentInstance / CurrentDevice it is given: a Vk per context made create/dispose grow by about 130 KiB a
    /// cycle. This one is never given a current instance or device, so it calls the loader's exported entry points,
    /// which dispatch on the handle and so serve every instance and device (core Vulkan 1.1 only: the runtime calls
    /// no extension functions).
    /// </summary>
    private static Vk SharedApi(string? loader)
    {
        lock (SharedApis)
        {
            string key = loader ?? "";
            if (!SharedApis.TryGetValue(key, out Vk? vk))
            {
                vk = loader != null ? new Vk(new DefaultNativeContext(loader)) : Vk.GetApi();
                SharedApis[key] = vk;
            }
            return vk;
        }
    }

    /// <summary>Wraps an engine's device; nothing is created on it here.</summary>
    public static VulkanDevice Wrap(in VulkanDeviceHandles h)
    {
        if (h.Instance == IntPtr.Zero) throw new ArgumentException("VulkanDeviceHandles.Instance is null", nameof(h));
        if (h.PhysicalDevice == IntPtr.Zero) throw new ArgumentException("VulkanDeviceHandles.PhysicalDevice is null", nameof(h));
        if (h.Device == IntPtr.Zero) throw new ArgumentException("VulkanDeviceHandles.Device is null", nameof(h));
        if (h.Queue == IntPtr.Zero) throw new ArgumentException("VulkanDeviceHandles.Queue is null", nameof(h));
        if (h.GetInstanceProcAddr == IntPtr.Zero) throw new ArgumentException("VulkanDeviceHandles.GetInstanceProcAddr is null", nameof(h));

        var gipa = Marshal.GetDelegateForFunctionPointer<GetProcAddrFn>(h.GetInstanceProcAddr);
        IntPtr instance = h.Instance, device = h.Device;
        IntPtr gdpaPtr = Lookup(gipa, instance, "vkGetDeviceProcAddr");
        if (gdpaPtr == IntPtr.Zero)
            throw new ArgumentException("the engine's vkGetInstanceProcAddr returned null for vkGetDeviceProcAddr", nameof(h));
        var gdpa = Marshal.GetDelegateForFunctionPointer<GetProcAddrFn>(gdpaPtr);
        var resolved = new Dictionary<string, IntPtr>(StringComparer.Ordinal);
        IntPtr Resolve(string name)
        {
            lock (resolved)
            {
                if (resolved.TryGetValue(name, out IntPtr p)) return p;
                p = Lookup(gdpa, device, name);
                if (p == IntPtr.Zero) p = Lookup(gipa, instance, name);
                if (p == IntPtr.Zero) p = Lookup(gipa, IntPtr.Zero, name);
                resolved[name] = p;
                return p;
            }
        }

        var vk = new Vk(new LamdaNativeContext(Resolve));
        var inst = new Instance(h.Instance);
        var dev = new Device(h.Device);
        vk.CurrentInstance = inst;
        vk.CurrentDevice = dev;
        return new VulkanDevice(vk, inst, new PhysicalDevice(h.PhysicalDevice), dev, new Queue(h.Queue),
            h.QueueFamilyIndex, owned: false, h.Float16FeaturesEnabled, h.Float16FeaturesEnabled);
    }

    /// <summary>Index of a memory type allowed by <paramref name="typeBits"/> with all of <paramref name="wanted"/>, or -1.</summary>
    public int FindMemoryType(uint typeBits, MemoryPropertyFlags wanted)
    {
        PhysicalDeviceMemoryProperties mem = MemoryProperties;
        for (int i = 0; i < (int)mem.MemoryTypeCount; i++)
        {
            if ((typeBits & (1u << i)) != 0 && (mem.MemoryTypes[i].PropertyFlags & wanted) == wanted) return i;
        }
        return -1;
    }

    /// <summary>
    /// Allocates memory for <paramref name="req"/> from a type with all of <paramref name="wanted"/> (device-local
    /// memory falls back to any type the resource allows). <paramref name="what"/> names the resource in errors.
    /// </summary>
    /// <exception cref="VulkanException">No such memory type, or the allocation failed.</exception>
    public DeviceMemory AllocateMemory(in MemoryRequirements req, MemoryPropertyFlags wanted, string what)
    {
        int type = FindMemoryType(req.MemoryTypeBits, wanted);
        if (type < 0 && wanted == MemoryPropertyFlags.DeviceLocalBit) type = FindMemoryType(req.MemoryTypeBits, 0);
        if (type < 0)
            throw new VulkanException("vkAllocateMemory", (int)Result.ErrorOutOfDeviceMemory,
                $"no memory type with {wanted} among types 0x{req.MemoryTypeBits:x} for {what}");
        var alloc = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = req.Size, MemoryTypeIndex = (uint)type };
        DeviceMemory memory;
        VkCheck.Ok(Api.AllocateMemory(Device, &alloc, null, &memory), $"vkAllocateMemory ({what}, {req.Size} bytes)");
        return memory;
    }

    /// <summary>
    /// The handles an engine would hand to <see cref="UpscalerContextDescription.VulkanDevice"/> for this device: how
    /// an engine stand-in (the demo, the tests) gives its own device to a context, which wraps it.
    /// </summary>
    public VulkanDeviceHandles ToHandles() => new VulkanDeviceHandles
    {
        Instance = Instance.Handle,
        PhysicalDevice = PhysicalDevice.Handle,
        Device = Device.Handle,
        Queue = Queue.Handle,
        QueueFamilyIndex = QueueFamily,
        GetInstanceProcAddr = Api.Context.GetProcAddress("vkGetInstanceProcAddr"),
        Float16FeaturesEnabled = Float16Enabled,
    };

    /// <summary>Waits for the queue; used before destroying what the GPU may still read.</summary>
    public void WaitIdle()
    {
        if (_owned) VkCheck.Ok(Api.DeviceWaitIdle(Device), "vkDeviceWaitIdle");
        else VkCheck.Ok(Api.QueueWaitIdle(Queue), "vkQueueWaitIdle");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_owned)
        {
            Api.DeviceWaitIdle(Device); // best effort: the device is destroyed next either way
            Api.DestroyDevice(Device, null);
            try
            {
                _beforeInstanceDestroyed?.Invoke(Api, Instance);
            }
            finally
            {
                Api.DestroyInstance(Instance, null);
            }
        }
        else Api.Dispose(); // a standalone device's Api is the process-wide one (see SharedApi)
    }

    public static string TypeName(PhysicalDeviceType type) => type switch
    {
        PhysicalDeviceType.DiscreteGpu => "discrete GPU",
        PhysicalDeviceType.IntegratedGpu => "integrated GPU",
        PhysicalDeviceType.VirtualGpu => "virtual GPU",
        PhysicalDeviceType.Cpu => "CPU",
        _ => "other",
    };
}

