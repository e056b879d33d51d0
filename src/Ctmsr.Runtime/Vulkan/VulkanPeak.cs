using System.Globalization;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The limits of one Vulkan device as measured by <see cref="VulkanCalibration.Measure"/>: fp32 and packed-fp16 FMA
/// throughput and device-memory bandwidth, each the median of several timed repetitions, plus what the device is.
/// A bench puts its kernels' figures beside these: a kernel's fraction of the peak means something on any device.
/// </summary>
public sealed class VulkanPeak
{
    internal VulkanPeak(string deviceName, string deviceType, bool isCpu, string driver, string apiVersion,
        bool fp16Backend, bool timestamps, int repetitions, double fp32, double? fp16, string? fp16Absent, double bandwidth,
        long bandwidthBytes)
    {
        DeviceName = deviceName;
        DeviceType = deviceType;
        IsCpu = isCpu;
        Driver = driver;
        ApiVersion = apiVersion;
        SupportsFp16Backend = fp16Backend;
        Timestamps = timestamps;
        Repetitions = repetitions;
        Fp32GflopPerSecond = fp32;
        Fp16GflopPerSecond = fp16;
        Fp16Absent = fp16Absent;
        BandwidthGBPerSecond = bandwidth;
        BandwidthBufferBytes = bandwidthBytes;
    }

    /// <summary>
    /// The better of this and a later measurement of the same device, figure by figure (Repetitions adds up): on a
    /// shared machine the load moves between measurements, and a peak that is too low inflates every fraction.
    /// </summary>
    public VulkanPeak Best(VulkanPeak later)
    {
        if (later is null) throw new System.ArgumentNullException(nameof(later));
        if (later.DeviceName != DeviceName)
            throw new System.ArgumentException($"the later measurement is of {later.DeviceName}, not {DeviceName}", nameof(later));
        double? fp16 = Fp16GflopPerSecond.HasValue && later.Fp16GflopPerSecond.HasValue
            ? System.Math.Max(Fp16GflopPerSecond.Value, later.Fp16GflopPerSecond.Value)
            : Fp16GflopPerSecond ?? later.Fp16GflopPerSecond;
        return new VulkanPeak(DeviceName, DeviceType, IsCpu, Driver, ApiVersion, SupportsFp16Backend, Timestamps,
            Repetitions + later.Repetitions, System.Math.Max(Fp32GflopPerSecond, later.Fp32GflopPerSecond), fp16,
            fp16.HasValue ? null : Fp16Absent, System.Math.Max(BandwidthGBPerSecond, later.BandwidthGBPerSecond), BandwidthBufferBytes);
    }

    /// <summary>The device's name, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)" or "NVIDIA H200".</summary>
    public string DeviceName { get; }

    /// <summary>"discrete GPU", "integrated GPU", "virtual GPU", "CPU" or "other".</summary>
    public string DeviceType { get; }

    /// <summary>True for a CPU driver such as lavapipe.</summary>
    public bool IsCpu { get; }

    /// <summary>The driver's name and version, e.g. "llvmpipe, Mesa 22.3.6 (LLVM 15.0.6)" (VK_KHR_driver_properties), or its version number.</summary>
    public string Driver { get; }

    /// <summary>The Vulkan version the device supports, e.g. "1.3.230".</summary>
    public string ApiVersion { get; }

    /// <summary>True when the device has 16-bit storage and shaderFloat16, so the upscaler's fp16 kernels can run on it.</summary>
    public bool SupportsFp16Backend { get; }

    /// <summary>True when the figures come from GPU timestamps; false when the queue has none and host time was used.</summary>
    public bool Timestamps { get; }

    /// <summary>Timed repetitions of each kernel; each figure is their median.</summary>
    public int Repetitions { get; }

    /// <summary>fp32 FMA throughput, 2 flop per FMA, in 1e9 flop per second.</summary>
    public double Fp32GflopPerSecond { get; }

    /// <summary>Packed fp16 (f16vec2) FMA throughput in 1e9 flop per second; null when the device lacks shaderFloat16.</summary>
    public double? Fp16GflopPerSecond { get; }

    /// <summary>Why <see cref="Fp16GflopPerSecond"/> is null; null when it was measured.</summary>
    public string? Fp16Absent { get; }

    /// <summary>Device-memory bandwidth of a buffer-to-buffer copy kernel, bytes read plus bytes written, in 1e9 bytes per second.</summary>
    public double BandwidthGBPerSecond { get; }

    /// <summary>The size of each of the two buffers the bandwidth kernel copies between.</summary>
    public long BandwidthBufferBytes { get; }

    /// <summary>The peak that bounds a kernel of the given precision: fp16 when <paramref name="fp16"/> and measured, else fp32.</summary>
    public double PeakFor(bool fp16) => fp16 && Fp16GflopPerSecond.HasValue ? Fp16GflopPerSecond.Value : Fp32GflopPerSecond;

    /// <summary>"llvmpipe (...), CPU, llvmpipe Mesa ...: fp32 120.3 GFLOP/s, fp16 60.1 GFLOP/s, 14.2 GB/s".</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0}, {1}, {2}: fp32 {3:0.0} GFLOP/s, fp16 {4}, {5:0.0} GB/s", DeviceName, DeviceType, Driver, Fp32GflopPerSecond,
        Fp16GflopPerSecond.HasValue ? Fp16GflopPerSecond.Value.ToString("0.0", CultureInfo.InvariantCulture) + " GFLOP/s" : "none (" + Fp16Absent + ")",
        BandwidthGBPerSecond);
}
