using System;
using System.Globalization;
using System.Runtime.InteropServices;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// Measures a Vulkan device's own limits with small kernels (shaders/calibrate_fma.comp, calibrate_copy.comp): fp32
/// FMA throughput, packed-fp16 FMA throughput where the device has shaderFloat16, and device-memory bandwidth. Each
/// kernel is first sized so one run lasts about the target time, then timed with timestamp queries several times;
/// the median is reported. A bench runs this first, so its kernels' fractions of peak come from the same run.
/// </summary>
public static class VulkanCalibration
{
    /// <summary>Invocations per workgroup of both kernels (local_size_x).</summary>
    private const int GroupSize = 256;

    /// <summary>FMA workgroups: several waves on the largest GPUs (an H200 holds about 270k invocations at once).</summary>
    private const int FmaGroups = 8192;

    /// <summary>Flop per invocation per loop iteration (4 rounds): fp32 16 vec4 chains, fp16 16 f16vec2 chains.</summary>
    private const double Fp32FlopPerIteration = 4 * 16 * 4 * 2;
    private const double Fp16FlopPerIteration = 4 * 16 * 2 * 2;

    /// <summary>The largest buffer the bandwidth kernel copies (two of them are allocated).</summary>
    private const long MaxCopyBytes = 256L << 20;

    [StructLayout(LayoutKind.Sequential)]
    private struct Push
    {
        public uint Value, Pad0, Pad1, Pad2;
    }

    /// <summary>
    /// Measures the device the upscaler would pick (a discrete, then integrated, then virtual GPU, then a CPU driver), or
    /// the first whose name contains <paramref name="deviceName"/>, on its own instance and device.
    /// </summary>
    /// <param name="deviceName">A substring of the device's name (case-insensitive), or null for the best device.</param>
    /// <param name="targetMilliseconds">About how long one timed run of each kernel lasts (1 to 10000).</param>
    /// <param name="repetitions">Timed runs of each kernel (1 to 100); the figures are their medians.</param>
    /// <exception cref="VulkanUnavailableException">No loader, no device, or none matches <paramref name="deviceName"/>.</exception>
    /// <exception cref="VulkanException">A Vulkan call failed while measuring.</exception>
    public static VulkanPeak Measure(string? deviceName = null, double targetMilliseconds = 25, int repetitions = 5)
    {
        if (!(targetMilliseconds >= 1 && targetMilliseconds <= 10000))
            throw new ArgumentOutOfRangeException(nameof(targetMilliseconds), targetMilliseconds, "the target time must be 1 to 10000 ms");
        if (repetitions < 1 || repetitions > 100)
            throw new ArgumentOutOfRangeException(nameof(repetitions), repetitions, "the repetitions must be 1 to 100");
        using VulkanDevice device = VulkanDevice.CreateStandalone(deviceName);
        return MeasureOn(device, targetMilliseconds, repetitions);
    }

    internal static VulkanPeak MeasureOn(VulkanDevice device, double targetMilliseconds, int repetitions)
    {
        using var probe = new VulkanComputeProbe(device);
        // Two kernel shapes, the better one counts: 16 vec4 chains per invocation (GPUs), 4 (CPU drivers, where
        // each chain component is a vector register and 16 chains spill).
        double fp32 = Math.Max(MeasureFma(probe, "f32", Fp32FlopPerIteration, targetMilliseconds, repetitions),
            MeasureFma(probe, "f32.narrow", Fp32FlopPerIteration / 4, targetMilliseconds, repetitions));
        double? fp16 = null;
        string? fp16Absent = null;
        if (device.ShaderFloat16Enabled)
            fp16 = Math.Max(MeasureFma(probe, "f16", Fp16FlopPerIteration, targetMilliseconds, repetitions),
                MeasureFma(probe, "f16.narrow", Fp16FlopPerIteration / 4, targetMilliseconds, repetitions));
        else fp16Absent = device.IsOwned ? "the device lacks shaderFloat16" : "shaderFloat16 is not enabled on the engine's device";
        (double bandwidth, long bytes) = MeasureBandwidth(probe, targetMilliseconds, repetitions);
        return new VulkanPeak(device.Name, VulkanDevice.TypeName(device.Type), device.IsCpu, DriverOf(device), ApiVersionOf(device),
            device.Float16Enabled, probe.HasTimestamps, repetitions, fp32, fp16, fp16Absent, bandwidth, bytes);
    }

    private static double MeasureFma(VulkanComputeProbe probe, string variant, double flopPerIteration, double target, int repetitions)
    {
        VulkanDevice device = probe.Device;
        VulkanComputeProbe.Program program = probe.CreateProgram(SpirvLibrary.Load("calibrate_fma.comp", variant), 2, 16, "calibrate_fma " + variant);
        using var seeds = new VulkanBuffer(device, 16, BufferUsageFlags.StorageBufferBit, hostVisible: true, "calibration seeds");
        using var sums = new VulkanBuffer(device, (ulong)FmaGroups * GroupSize * 4, BufferUsageFlags.StorageBufferBit, hostVisible: false, "calibration sums");
        Span<float> seed = MemoryMarshal.Cast<byte, float>(seeds.HostSpan);
        seed[0] = 0.999f; // multiplier < 1: every chain converges to addend / (1 - multiplier), finite and normal
        seed[1] = 0.001f;
        DescriptorSet set = probe.Bind(program, seeds, sums);

        // Size the run: grow the loop count until one run lasts about the target time.
        uint iterations = 1;
        double ms = Run(probe, program, set, iterations, FmaGroups);
        for (int i = 0; i < 30 && ms < target / 2 && iterations < (1u << 24); i++)
        {
            double factor = ms > 0.01 ? Math.Min(64, target / ms) : 64;
            iterations = (uint)Math.Min(1u << 24, Math.Max(iterations + 1, Math.Ceiling(iterations * factor)));
            ms = Run(probe, program, set, iterations, FmaGroups);
        }
        double median = Median(repetitions, () => Run(probe, program, set, iterations, FmaGroups));
        double flop = flopPerIteration * iterations * FmaGroups * GroupSize;
        return flop / (median / 1000.0) / 1e9;
    }

    private static (double GBPerSecond, long Bytes) MeasureBandwidth(VulkanComputeProbe probe, double target, int repetitions)
    {
        VulkanDevice device = probe.Device;
        long bytes = Math.Min(MaxCopyBytes, device.MaxStorageBufferRange) & ~0xFFFFL;
        // The two buffers take at most half of any device-local heap, so they fit beside whatever else is resident.
        PhysicalDeviceMemoryProperties mem = device.MemoryProperties;
        for (int i = 0; i < (int)mem.MemoryHeapCount; i++)
            if ((mem.MemoryHeaps[i].Flags & MemoryHeapFlags.DeviceLocalBit) != 0) bytes = Math.Min(bytes, (long)(mem.MemoryHeaps[i].Size / 4) & ~0xFFFFL);
        if (bytes < (1 << 20)) throw new VulkanException("calibration", -2, $"{device.Name} has no room for the bandwidth buffers ({bytes} bytes)");
        VulkanComputeProbe.Program program = probe.CreateProgram(SpirvLibrary.Load("calibrate_copy.comp", "f32"), 2, 16, "calibrate_copy");
        BufferUsageFlags usage = BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferDstBit;
        using var src = new VulkanBuffer(device, (ulong)bytes, usage, hostVisible: false, "bandwidth source");
        using var dst = new VulkanBuffer(device, (ulong)bytes, usage, hostVisible: false, "bandwidth destination");
        CommandBuffer cmd = probe.Begin();
        probe.Fill(cmd, src, 0x3F800000); // 1.0f: defined contents, and the pages are touched before timing
        probe.Fill(cmd, dst, 0);
        probe.End(cmd);
        probe.SubmitAndWait();
        DescriptorSet set = probe.Bind(program, src, dst);

        uint count = (uint)(bytes / 16);
        // Eight 16-byte elements per invocation, within the device's workgroup-count limit.
        uint groups = (uint)Math.Min(device.MaxWorkgroupCount, Math.Max(1, count / (GroupSize * 8)));
        uint passes = 1;
        double ms = Run(probe, program, set, count, groups, passes);
        for (int i = 0; i < 20 && ms < target / 2 && passes < 4096; i++)
        {
            double factor = ms > 0.01 ? Math.Min(64, target / ms) : 64;
            passes = (uint)Math.Min(4096, Math.Max(passes + 1, Math.Ceiling(passes * factor)));
            ms = Run(probe, program, set, count, groups, passes);
        }
        double median = Median(repetitions, () => Run(probe, program, set, count, groups, passes));
        return (2.0 * bytes * passes / (median / 1000.0) / 1e9, bytes);
    }

    /// <summary>One timed submission of <paramref name="passes"/> dispatches; GPU milliseconds (host time without timestamps).</summary>
    private static double Run(VulkanComputeProbe probe, VulkanComputeProbe.Program program, DescriptorSet set, uint value, uint groups, uint passes = 1)
    {
        CommandBuffer cmd = probe.Begin();
        var push = new Push { Value = value };
        probe.Stamp(cmd, 0, PipelineStageFlags.TopOfPipeBit);
        // The copy passes rewrite the same bytes with the same values, so they need no barrier between them.
        for (uint p = 0; p < passes; p++) probe.Dispatch(cmd, program, set, push, groups);
        probe.Stamp(cmd, 1, PipelineStageFlags.ComputeShaderBit);
        probe.End(cmd);
        probe.SubmitAndWait();
        return probe.MillisecondsOrHost(0, 1);
    }

    private static double Median(int n, Func<double> run)
    {
        var times = new double[n];
        for (int i = 0; i < n; i++) times[i] = run();
        Array.Sort(times);
        return n % 2 == 1 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
    }

    private static unsafe string ApiVersionOf(VulkanDevice device)
    {
        PhysicalDeviceProperties props;
        device.Api.GetPhysicalDeviceProperties(device.PhysicalDevice, &props);
        uint v = props.ApiVersion;
        return string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", (v >> 22) & 0x7F, (v >> 12) & 0x3FF, v & 0xFFF);
    }

    /// <summary>"llvmpipe, Mesa 22.3.6 (LLVM 15.0.6)" from VK_KHR_driver_properties, else the raw driver version.</summary>
    private static unsafe string DriverOf(VulkanDevice device)
    {
        Vk vk = device.Api;
        PhysicalDeviceProperties props;
        vk.GetPhysicalDeviceProperties(device.PhysicalDevice, &props);
        string fallback = "driver version 0x" + props.DriverVersion.ToString("x8", CultureInfo.InvariantCulture);
        if (!HasDeviceExtension(device, "VK_KHR_driver_properties")) return fallback;
        var driver = new PhysicalDeviceDriverProperties { SType = StructureType.PhysicalDeviceDriverProperties };
        var props2 = new PhysicalDeviceProperties2 { SType = StructureType.PhysicalDeviceProperties2, PNext = &driver };
        vk.GetPhysicalDeviceProperties2(device.PhysicalDevice, &props2);
        string name = Marshal.PtrToStringAnsi((IntPtr)driver.DriverName) ?? "";
        string info = Marshal.PtrToStringAnsi((IntPtr)driver.DriverInfo) ?? "";
        if (name.Length == 0) return fallback;
        return info.Length == 0 ? name : name + ", " + info;
    }

    private static unsafe bool HasDeviceExtension(VulkanDevice device, string extension)
    {
        Vk vk = device.Api;
        uint count = 0;
        if (vk.EnumerateDeviceExtensionProperties(device.PhysicalDevice, (byte*)null, &count, null) != Result.Success || count == 0) return false;
        var props = new ExtensionProperties[count];
        fixed (ExtensionProperties* p = props)
            if (vk.EnumerateDeviceExtensionProperties(device.PhysicalDevice, (byte*)null, &count, p) != Result.Success) return false;
        for (int i = 0; i < (int)count; i++)
        {
            fixed (byte* n = props[i].ExtensionName)
                if (Marshal.PtrToStringAnsi((IntPtr)n) == extension) return true;
        }
        return false;
    }
}
