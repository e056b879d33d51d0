using System;
using System.Diagnostics;
using Ctmsr.Contract;
using Silk.NET.Vulkan;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Resampling;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The Vulkan compute backend of <see cref="UpscalerContext"/>, split along the frame path: the weights
/// (<see cref="VulkanWeights"/>, packed and uploaded once at creation), per size pair the buffers, bands and
/// descriptor sets (<see cref="VulkanSizeResources"/>; the resample taps only when the display is not exactly scale x
/// render, see <see cref="ResampleAxis"/>) and the host staging path (<see cref="VulkanHostPath"/>), the recorder
/// (<see cref="VulkanFrameRecorder"/>, the only per-frame code) and the timestamp ring (<see cref="VulkanTimestamps"/>).
/// A host <see cref="Dispatch"/> is a row copy into a mapped staging buffer, one submit, one fence wait and a row copy
/// out; <see cref="RecordDispatch"/> records the same work into the engine's command buffer and never submits.
/// Neither allocates. GPU time per stage comes from timestamp queries.
/// </summary>
internal sealed class VulkanFrameBackend : IFrameBackend
{
    private readonly VulkanDevice _device;
    private readonly ModelPlan _plan;
    private readonly VulkanKernels _kernels = null!;
    private readonly VulkanCommands _commands = null!;
    private readonly VulkanTimestamps _timestamps = null!;
    private readonly VulkanWeights _weights = null!;
    private readonly VulkanDescriptors _descriptors = null!;
    private readonly VulkanFrameRecorder _recorder = null!;
    private VulkanSizeResources? _size;
    private VulkanHostPath? _host;   // made on the first host frame of a size
    private bool _disposed;

    private VulkanFrameBackend(VulkanDevice device, ModelPlan plan, bool fp16, in UpscalerContextDescription d, string reason)
    {
        _device = device;
        _plan = plan;
        Reason = reason;
        Precision = fp16 ? VulkanPrecision.Fp16 : VulkanPrecision.Fp32;
        try
        {
            _kernels = new VulkanKernels(device, plan, fp16);
            _commands = new VulkanCommands(device);
            _timestamps = new VulkanTimestamps(device, plan.Convs.Count);
            _weights = new VulkanWeights(device, plan, _kernels, _commands);
            _descriptors = new VulkanDescriptors(device, _weights, fp16);
            _recorder = new VulkanFrameRecorder(device.Api, plan, _kernels, _weights, _timestamps, d.Format == PixelFormat.Bgra8, d.NoiseSeed);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public UpscalerBackend Backend => UpscalerBackend.Vulkan;
    public string Reason { get; }
    public VulkanPrecision Precision { get; }
    public bool EngineOwned => !_device.IsOwned;
    internal ModelPlan Plan => _plan;

    /// <summary>
    /// Creates the backend: reads the plan, picks the precision, creates or wraps the device. Throws
    /// <see cref="VulkanUnavailableException"/> with the reason when it cannot run.
    /// </summary>
    public static VulkanFrameBackend Create(CtmsrModel model, in UpscalerContextDescription d, bool refuseCpuDevice, string autoNote)
    {
        ModelPlan plan = VulkanModelPlan.Read(model.Bytes, model.Source);
        VulkanDevice device = d.VulkanDevice.HasValue ? VulkanDevice.Wrap(d.VulkanDevice.Value) : VulkanDevice.CreateStandalone(d.VulkanDeviceName);
        try
        {
            if (refuseCpuDevice && device.IsCpu)
                throw new VulkanUnavailableException(
                    $"the only Vulkan device is {device.Description}, a CPU rasterizer: ONNX Runtime on the CPU is faster; request UpscalerBackend.Vulkan to use it anyway");
            bool fp16;
            switch (d.VulkanPrecision)
            {
                case VulkanPrecision.Fp32: fp16 = false; break;
                case VulkanPrecision.Fp16:
                    if (!device.Float16Enabled)
                        throw new VulkanUnavailableException(
                            $"fp16 was requested but {device.Description} " + (device.IsOwned ? "lacks storageBuffer16BitAccess or shaderFloat16" : "was not created with storageBuffer16BitAccess and shaderFloat16 enabled (VulkanDeviceHandles.Float16FeaturesEnabled)"));
                    fp16 = true;
                    break;
                default:
                    // On a CPU driver float16 is emulated and slower than float32.
                    fp16 = device.Float16Enabled && !device.IsCpu;
                    break;
            }
            string reason = $"Vulkan on {device.Description}" + (device.IsOwned ? "" : " (engine-owned device)") +
                            $", {(fp16 ? "fp16" : "fp32")} ({(d.VulkanPrecision != VulkanPrecision.Auto ? "requested" : device.IsCpu && device.Float16Enabled ? "auto: fp16 is emulated on a CPU driver" : "auto")})" +
                            (device.SupportsTimestamps ? "" : ", no timestamp queries on this queue") +
                            (device.IsCpu && CpuDriverTuning.Applied ? $", {CpuDriverTuning.VectorWidthVariable}=512 set by Ctmsr (set it yourself to override)" : "") + autoNote;
            return new VulkanFrameBackend(device, plan, fp16, d, reason);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Vulkan when requested (failure is an error) or, in Auto, when usable (failure is a reason to fall back, which
    /// <paramref name="fallbackNote"/> carries to the ONNX Runtime backend's reason).
    /// </summary>
    public static VulkanFrameBackend? Select(CtmsrModel model, in UpscalerContextDescription description, out string fallbackNote)
    {
        fallbackNote = "";
        if (description.Backend == UpscalerBackend.Vulkan)
        {
            try
            {
                return Create(model, description, refuseCpuDevice: false, autoNote: "");
            }
            catch (VulkanUnavailableException ex)
            {
                throw new NotSupportedException("the Vulkan backend was requested but cannot run: " + ex.Message, ex);
            }
        }
        if (description.Backend != UpscalerBackend.Auto)
        {
            if (description.VulkanDevice.HasValue)
                throw new ArgumentException($"VulkanDevice is set but the backend is {description.Backend}; use Auto or Vulkan", nameof(description));
            return null;
        }
        try
        {
            return Create(model, description, refuseCpuDevice: !description.VulkanDevice.HasValue, autoNote: "; chosen by Auto");
        }
        catch (VulkanUnavailableException ex)
        {
            fallbackNote = "; Vulkan skipped: " + ex.Message;
            return null;
        }
    }

    public void Configure(FrameSize render, FrameSize display)
    {
        ulong limit = _device.MaxStorageBufferRange;
        if (BufferLimitOverride.HasValue) limit = Math.Min(limit, BufferLimitOverride.Value);
        var next = new VulkanSizeResources(_device, _plan.Scale, _plan.Convs.Count, _kernels, _weights, _descriptors, _commands, render, display, limit);
        if (_size != null)
        {
            _device.WaitIdle(); // the previous buffers may still be read by work in flight
            _host?.Dispose();
            _host = null;
            _size.Dispose();
        }
        _size = next;
        _timestamps.ResetRing();
    }

    public void Dispatch(ReadOnlySpan<byte> input, int inputStride, Span<byte> output, int outputStride, LatencyProfiler? profiler)
    {
        VulkanSizeResources s = _size!;
        VulkanHostPath host = _host ??= new VulkanHostPath(_device, s);
        CommandBuffer cmd = _commands.HostCommands;
        host.EnsureRecorded(_device.Api, cmd, _recorder);
        long start = Stopwatch.GetTimestamp();
        host.CopyIn(input, inputStride);
        long bound = Stopwatch.GetTimestamp();
        _commands.SubmitAndWait(cmd);
        long inferred = Stopwatch.GetTimestamp();
        host.CopyOut(output, outputStride);
        if (profiler != null)
        {
            long end = Stopwatch.GetTimestamp();
            if (_timestamps.Read(VulkanTimestamps.HostSlot, wait: true))
            {
                profiler.RecordGpuLayers(_timestamps.LayerTicks);
                profiler.Record(bound - start, inferred - bound, end - inferred, end - start, _timestamps.GpuTicks);
            }
            else profiler.Record(bound - start, inferred - bound, end - inferred, end - start);
        }
    }

    /// <summary>Records one frame into the engine's command buffer; see <see cref="UpscalerContext.RecordDispatch"/>.</summary>
    public void RecordDispatch(IntPtr commandBuffer, in VulkanFrame input, in VulkanFrame output, LatencyProfiler? profiler)
    {
        VulkanSizeResources s = _size!;
        long start = Stopwatch.GetTimestamp();
        bool haveGpu = profiler != null && _timestamps.ReadPreviousEngineFrame(); // NOT_READY until the engine's submit has finished
        _recorder.Record(new CommandBuffer(commandBuffer), _timestamps.EngineSlot, s, input, output);
        _timestamps.EngineFrameRecorded();
        if (profiler != null)
        {
            long t = Stopwatch.GetTimestamp() - start;
            if (haveGpu)
            {
                profiler.RecordGpuLayers(_timestamps.LayerTicks);
                profiler.Record(0, t, 0, t, _timestamps.GpuTicks);
            }
            else profiler.Record(0, t, 0, t);
        }
    }

    /// <summary>
    /// Test seam: a storage-buffer byte limit below the device's (null: the device's maxStorageBufferRange), so that
    /// small frames run in bands in the tests.
    /// </summary>
    internal static ulong? BufferLimitOverride { get; set; }

    /// <summary>Test hook: the bands the current size runs in.</summary>
    internal FrameBand[] Bands => _size!.Bands;

    /// <summary>Test hook: the tiling of each conv layer's kernel.</summary>
    internal ConvTiling[] KernelTiling => _kernels.Tiling;

    /// <summary>The device (for <see cref="VulkanBackendInfo"/> and the tests' read-backs).</summary>
    internal VulkanDevice Device => _device;

    /// <summary>Test seam: the kernels (precision, pipelines, set layout).</summary>
    internal VulkanKernels Kernels => _kernels;

    /// <summary>Test seam: the current size's buffers (after <see cref="Configure"/>).</summary>
    internal VulkanSizeResources Size => _size ?? throw new InvalidOperationException("no size is configured");

    /// <summary>Test seam: one-off command buffers.</summary>
    internal VulkanCommands Commands => _commands;

    /// <summary>Test seam: descriptor writes.</summary>
    internal VulkanDescriptors Descriptors => _descriptors;

    /// <summary>Test seam: the weight buffers.</summary>
    internal VulkanWeights Weights => _weights;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _device.WaitIdle();
        }
        catch (VulkanException)
        {
            // A lost device still has to release what was created on it.
        }
        _host?.Dispose();
        _size?.Dispose();
        _descriptors?.Dispose();
        _weights?.Dispose();
        _timestamps?.Dispose();
        _commands?.Dispose();
        _kernels?.Dispose();
        _device.Dispose();
    }
}
