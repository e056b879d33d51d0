using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Onnx;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Runtime;

/// <summary>
/// The engine-facing upscaler: created once from an <see cref="UpscalerContextDescription"/>, then
/// <see cref="Dispatch"/> (host frames) or a backend's own call once per frame: render-size frame in, display-size
/// frame out, alpha carried through by bilinear upscaling. The backend-specific calls live on info objects that are
/// null unless that backend runs: <see cref="Vulkan"/> (<see cref="VulkanBackendInfo.RecordDispatch"/>: frames in
/// device memory, recorded into the engine's command buffer) and <see cref="Cuda"/>
/// (<see cref="CudaBackendInfo.DispatchDevice"/>). <see cref="Resize"/> when the sizes change, <see cref="Dispose"/>
/// at the end (with the GPU idle). Buffers are bound once per size, so a steady-state dispatch allocates nothing. A
/// context is used from one thread at a time: a call that overlaps a running dispatch throws
/// <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class UpscalerContext : IDisposable
{
    /// <summary>
    /// The largest render or display side, in pixels, on every backend: 8192 (an 8192x8192 RGBA8 frame is 256 MiB).
    /// <see cref="Create"/> and <see cref="Resize"/> refuse larger sizes before anything is allocated. The Vulkan
    /// backend also checks its device's buffer limits at the same points.
    /// </summary>
    public const int MaxFrameSide = 8192;

    /// <summary>
    /// The most pixels of the model's output (render size x the model's scale, three float32 values a pixel) on
    /// every backend: 134217728 = 2 x 8192 x 8192 (1.5 GiB as float32 RGB), which keeps the model's activations
    /// within a few GiB. It allows 7680x4320 at every quality mode with the x2 model and 8192x8192 at ratio 1.5 or
    /// more; at 8192x8192 and ratio 1 with the x2 model the output would be 16384x16384, and the context refuses it.
    /// </summary>
    public const long MaxModelOutputPixels = 2L * MaxFrameSide * MaxFrameSide;

    /// <summary>
    /// The most CPU threads per operator (<see cref="UpscalerContextDescription.ThreadCount"/>): 256. ONNX Runtime
    /// creates every thread at session creation, so a huge count would stall creation instead of failing.
    /// </summary>
    public const int MaxThreadCount = 256;

    private readonly IFrameBackend _backend;
    private int _busy;
    private bool _disposed;

    private UpscalerContext(CtmsrModel model, in UpscalerContextDescription d)
    {
        Model = model;
        Format = d.Format;
        // The backend-specific calls go through info objects made here, where the concrete type is known.
        VulkanFrameBackend? vulkan = VulkanFrameBackend.Select(model, d, out string fallbackNote);
        if (vulkan != null)
        {
            _backend = vulkan;
            Vulkan = new VulkanBackendInfo(this, vulkan);
        }
        else
        {
            var onnx = new OnnxFrameBackend(model, d, fallbackNote);
            _backend = onnx;
            if (onnx.Backend == UpscalerBackend.Cuda) Cuda = new CudaBackendInfo(this, onnx, d.CudaDeviceId);
        }
        try
        {
            Profiler = d.ProfilerCapacity > 0 ? new LatencyProfiler(d.ProfilerCapacity) : null;
            Configure(d.RenderWidth, d.RenderHeight, d.DisplayWidth, d.DisplayHeight);
        }
        catch
        {
            _backend.Dispose();
            throw;
        }
    }

    /// <summary>The model this context runs.</summary>
    public CtmsrModel Model { get; }

    /// <summary>The byte order of input and output frames.</summary>
    public PixelFormat Format { get; }

    /// <summary>The device that runs the work: <see cref="UpscalerBackend.Vulkan"/>, <see cref="UpscalerBackend.Cuda"/> or <see cref="UpscalerBackend.Cpu"/>.</summary>
    public UpscalerBackend Backend => _backend.Backend;

    /// <summary>
    /// Why <see cref="Backend"/> was chosen, e.g. "Vulkan on NVIDIA ..., discrete GPU, fp16 (auto)" or "CPU fallback:
    /// this ONNX Runtime build has no CUDA ...; Vulkan skipped: ...".
    /// </summary>
    public string BackendReason => _backend.Reason;

    /// <summary>
    /// The Vulkan backend's calls and facts (<see cref="VulkanBackendInfo.RecordDispatch"/>, the device, the
    /// precision); null unless <see cref="Backend"/> is <see cref="UpscalerBackend.Vulkan"/>.
    /// </summary>
    public VulkanBackendInfo? Vulkan { get; }

    /// <summary>
    /// The CUDA execution provider's calls (<see cref="CudaBackendInfo.DispatchDevice"/>, the device); null unless
    /// <see cref="Backend"/> is <see cref="UpscalerBackend.Cuda"/>.
    /// </summary>
    public CudaBackendInfo? Cuda { get; }

    /// <summary>The Vulkan backend's number format; null on ONNX Runtime. The same as <see cref="Vulkan"/>'s <see cref="VulkanBackendInfo.Precision"/>.</summary>
    public VulkanPrecision? VulkanPrecision => Vulkan?.Precision;

    /// <summary>The input frame size.</summary>
    public FrameSize RenderSize { get; private set; }

    /// <summary>The output frame size.</summary>
    public FrameSize DisplaySize { get; private set; }

    /// <summary>The latency profiler, or null when <see cref="UpscalerContextDescription.ProfilerCapacity"/> was 0.</summary>
    public LatencyProfiler? Profiler { get; }

    /// <summary>
    /// The texture mip bias the engine should render with: log2(render width / display width).
    /// </summary>
    public float MipBias => QualityModes.MipBias(RenderSize.Width, DisplaySize.Width);

    /// <summary>
    /// Creates a context. A null <see cref="UpscalerContextDescription.Model"/> runs the embedded model with the
    /// smallest scale >= the display / render ratio (else the largest embedded one, resampled up): see
    /// <see cref="CtmsrModel.SelectScale(System.Collections.Generic.IReadOnlyList{int}, FrameSize, FrameSize)"/>. The
    /// choice is made here, for the creation sizes, and named in the creation log line; <see cref="Resize"/> keeps the model.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A size is not positive or over <see cref="MaxFrameSide"/>, the display is smaller than the render size, the
    /// model's output would exceed <see cref="MaxModelOutputPixels"/>, or the thread count or profiler capacity is
    /// out of range (over <see cref="MaxThreadCount"/> or <see cref="LatencyProfiler.MaxCapacity"/>); the message quotes the numbers.
    /// </exception>
    /// <exception cref="CtmsrModelException">No model was given and this build embeds none, or the model cannot run.</exception>
    /// <exception cref="NotSupportedException">CUDA was requested and is not available.</exception>
    public static UpscalerContext Create(in UpscalerContextDescription description)
    {
        if (description.Format != PixelFormat.Rgba8 && description.Format != PixelFormat.Bgra8)
            throw new ArgumentOutOfRangeException(nameof(description), description.Format, "unknown pixel format");
        if (description.ThreadCount < 0 || description.ThreadCount > MaxThreadCount)
            throw new ArgumentOutOfRangeException(nameof(description), description.ThreadCount,
                $"the thread count must be 0 (automatic) or 1..{MaxThreadCount}; got {description.ThreadCount}");
        if (description.ProfilerCapacity < 0 || description.ProfilerCapacity > LatencyProfiler.MaxCapacity)
            throw new ArgumentOutOfRangeException(nameof(description), description.ProfilerCapacity,
                $"the profiler capacity must be 0 (off) or 1..{LatencyProfiler.MaxCapacity} frames; got {description.ProfilerCapacity}");
        ValidateSizes(description.RenderWidth, description.RenderHeight, description.DisplayWidth, description.DisplayHeight, 1);
        CtmsrModel model;
        string choice = string.Empty;
        if (description.Model != null) model = description.Model;
        else
        {
            var render = new FrameSize(description.RenderWidth, description.RenderHeight);
            var display = new FrameSize(description.DisplayWidth, description.DisplayHeight);
            model = CtmsrModel.LoadDefault(render, display);
            double ratio = Math.Max((double)display.Width / render.Width, (double)display.Height / render.Height);
            choice = string.Format(CultureInfo.InvariantCulture,
                " [embedded model chosen for ratio {0:0.###} from {1}: {2}]", ratio, CtmsrModel.DescribeEmbedded(),
                CtmsrModel.Reaches(model.Scale, render, display) ? "the smallest scale >= the ratio" : "none reaches the ratio, so the largest, resampled up");
        }
        ValidateSizes(description.RenderWidth, description.RenderHeight, description.DisplayWidth, description.DisplayHeight, model.Scale);
        var context = new UpscalerContext(model, description);
        // Logged once per context; without a sink it goes to the trace listeners.
        string line = context.Backend == UpscalerBackend.Vulkan
            ? $"Ctmsr: {model}{choice} on {context.BackendReason}"
            : $"Ctmsr: {model}{choice} on ONNX Runtime {context.Backend} ({context.BackendReason})";
        if (description.Log != null) description.Log(line);
        else System.Diagnostics.Trace.WriteLine(line);
        return context;
    }

    /// <summary>The bytes a frame of <paramref name="width"/> x <paramref name="height"/> pixels needs at the given row stride.</summary>
    public static long RequiredBytes(int width, int height, int strideBytes) =>
        width <= 0 || height <= 0 ? 0 : (long)strideBytes * (height - 1) + 4L * width;

    /// <summary>
    /// Upscales one frame. <paramref name="input"/> holds <see cref="RenderSize"/> rows
    /// <paramref name="inputStrideBytes"/> apart; <paramref name="output"/> receives <see cref="DisplaySize"/> rows
    /// <paramref name="outputStrideBytes"/> apart, both in <see cref="Format"/>. Bytes between rows are left alone.
    /// </summary>
    /// <exception cref="ArgumentException">A stride or buffer length is too small; the message quotes the required size.</exception>
    /// <exception cref="InvalidOperationException">Another call on this context is running.</exception>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public void Dispatch(ReadOnlySpan<byte> input, int inputStrideBytes, Span<byte> output, int outputStrideBytes)
    {
        Enter();
        try
        {
            FrameSize r = RenderSize, d = DisplaySize;
            ValidateFrame(input.Length, r.Width, r.Height, inputStrideBytes, "input", nameof(input));
            ValidateFrame(output.Length, d.Width, d.Height, outputStrideBytes, "output", nameof(output));
            DispatchProbe?.Invoke();
            _backend.Dispatch(input, inputStrideBytes, output, outputStrideBytes, Profiler);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Upscales one frame between two CUDA device buffers: forwards to <see cref="Cuda"/>'s
    /// <see cref="CudaBackendInfo.DispatchDevice"/>, which documents it.
    /// </summary>
    /// <exception cref="NotSupportedException">The context does not run on CUDA (<see cref="Cuda"/> is null); the message names the backend and why it runs.</exception>
    /// <exception cref="ArgumentException">A pointer is null.</exception>
    public void DispatchDevice(IntPtr inputDeviceBuffer, IntPtr outputDeviceBuffer) =>
        DispatchDeviceOn(Cuda?.Backend, inputDeviceBuffer, outputDeviceBuffer);

    /// <summary>
    /// Records one frame into an engine's Vulkan command buffer: forwards to <see cref="Vulkan"/>'s
    /// <see cref="VulkanBackendInfo.RecordDispatch"/>, which documents it.
    /// </summary>
    /// <exception cref="NotSupportedException">
    /// The context does not run on an engine-owned Vulkan device (<see cref="Vulkan"/> is null, or its device is the
    /// context's own); the message names the backend and why it runs.
    /// </exception>
    /// <exception cref="ArgumentException">The command buffer is null or a buffer frame's stride is too small.</exception>
    public void RecordDispatch(IntPtr commandBuffer, VulkanFrame input, VulkanFrame output) =>
        RecordDispatchOn(Vulkan?.Backend, commandBuffer, input, output);

    /// <summary>The guarded <see cref="CudaBackendInfo.DispatchDevice"/>; <paramref name="cuda"/> is null off CUDA.</summary>
    internal void DispatchDeviceOn(OnnxFrameBackend? cuda, IntPtr inputDeviceBuffer, IntPtr outputDeviceBuffer)
    {
        Enter();
        try
        {
            if (cuda == null)
                throw new NotSupportedException($"device buffers need the CUDA backend; this context runs on {Backend} ({BackendReason})");
            if (inputDeviceBuffer == IntPtr.Zero) ThrowHelper.ThrowArgument("the input device buffer is null", nameof(inputDeviceBuffer));
            if (outputDeviceBuffer == IntPtr.Zero) ThrowHelper.ThrowArgument("the output device buffer is null", nameof(outputDeviceBuffer));
            cuda.DispatchDevice(inputDeviceBuffer, outputDeviceBuffer, Profiler);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>The guarded <see cref="VulkanBackendInfo.RecordDispatch"/>; <paramref name="vulkan"/> is null off Vulkan.</summary>
    internal void RecordDispatchOn(VulkanFrameBackend? vulkan, IntPtr commandBuffer, in VulkanFrame input, in VulkanFrame output)
    {
        Enter();
        try
        {
            if (vulkan == null || !vulkan.EngineOwned)
                throw new NotSupportedException(
                    $"RecordDispatch needs the Vulkan backend on an engine-owned device (UpscalerContextDescription.VulkanDevice); this context runs on {Backend} ({BackendReason})");
            if (commandBuffer == IntPtr.Zero) ThrowHelper.ThrowArgument("the command buffer is null", nameof(commandBuffer));
            ValidateDeviceFrame(input, RenderSize, "input", nameof(input));
            ValidateDeviceFrame(output, DisplaySize, "output", nameof(output));
            vulkan.RecordDispatch(commandBuffer, input, output, Profiler);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Changes the render and display sizes. Only what depends on size is rebuilt (the bound tensors and the noise);
    /// the session is kept. Implies <see cref="Reset"/>. The sizes are checked first, so a refused size changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A size is not positive or over <see cref="MaxFrameSide"/>, the display is smaller than the render size, or the
    /// model's output would exceed <see cref="MaxModelOutputPixels"/>; the message quotes the numbers.
    /// </exception>
    public void Resize(int renderWidth, int renderHeight, int displayWidth, int displayHeight)
    {
        Enter();
        try
        {
            ValidateSizes(renderWidth, renderHeight, displayWidth, displayHeight, Model.Scale);
            Configure(renderWidth, renderHeight, displayWidth, displayHeight);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Drops history: the profiler's frames. The model is single-frame, so the next output depends only on the
    /// next input; engines call this on camera cuts as with temporal upscalers.
    /// </summary>
    public void Reset()
    {
        Enter();
        try
        {
            Profiler?.Clear();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Releases the session and the bound tensors. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    /// <exception cref="InvalidOperationException">A dispatch on another thread is running.</exception>
    public void Dispose()
    {
        if (_disposed) return;
        Enter();
        _disposed = true;
        _backend.Dispose();
        Exit();
    }

    /// <summary>Test hook: runs inside the guarded region of <see cref="Dispatch"/>, before the backend.</summary>
    internal Action? DispatchProbe { get; set; }

    /// <summary>Test hook: the Vulkan backend, or null.</summary>
    internal VulkanFrameBackend? VulkanBackend => Vulkan?.Backend;

    private static void ValidateDeviceFrame(in VulkanFrame frame, FrameSize size, string what, string paramName)
    {
        if (frame.Handle == 0) ThrowHelper.ThrowArgument($"the {what} frame is empty (use VulkanFrame.FromBuffer or FromImage)", paramName);
        if (frame.Kind == VulkanFrameKind.Buffer && frame.StrideBytes < 4L * size.Width)
            ThrowHelper.ThrowArgument(
                $"the {what} buffer's stride of {frame.StrideBytes} bytes is less than a row of {size.Width} pixels ({4L * size.Width} bytes)", paramName);
    }

    private void Configure(int renderWidth, int renderHeight, int displayWidth, int displayHeight)
    {
        var render = new FrameSize(renderWidth, renderHeight);
        var display = new FrameSize(displayWidth, displayHeight);
        _backend.Configure(render, display);
        RenderSize = render;
        DisplaySize = display;
        Profiler?.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter()
    {
        if (_disposed) ThrowHelper.ThrowObjectDisposed(nameof(UpscalerContext));
        if (Interlocked.Exchange(ref _busy, 1) != 0) ThrowHelper.ThrowConcurrentUse();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Exit() => Volatile.Write(ref _busy, 0);

    private static void ValidateSizes(int rw, int rh, int dw, int dh, int scale)
    {
        if (rw <= 0 || rh <= 0) ThrowHelper.ThrowArgument($"the render size must be positive; got {rw}x{rh}", "renderWidth");
        if (dw <= 0 || dh <= 0) ThrowHelper.ThrowArgument($"the display size must be positive; got {dw}x{dh}", "displayWidth");
        if (rw > MaxFrameSide || rh > MaxFrameSide)
            ThrowHelper.ThrowArgument($"the render size {rw}x{rh} is over the limit of {MaxFrameSide}x{MaxFrameSide} pixels", "renderWidth");
        if (dw > MaxFrameSide || dh > MaxFrameSide)
            ThrowHelper.ThrowArgument($"the display size {dw}x{dh} is over the limit of {MaxFrameSide}x{MaxFrameSide} pixels", "displayWidth");
        if (dw < rw || dh < rh)
            ThrowHelper.ThrowArgument($"the display size {dw}x{dh} is smaller than the render size {rw}x{rh}; the ratio must be >= 1", "displayWidth");
        // Sides are at most 8192 here, so these products cannot overflow a long; the limit keeps every tensor in one
        // managed array and the model's activations within a few GiB.
        long ow = (long)rw * scale, oh = (long)rh * scale;
        if (ow * oh > MaxModelOutputPixels)
            ThrowHelper.ThrowArgument(
                $"the model's output for render size {rw}x{rh} at scale {scale} would be {ow}x{oh} = {ow * oh} pixels " +
                $"({12 * ow * oh} bytes as float32 RGB), over the limit of {MaxModelOutputPixels} pixels; use a smaller render size or a larger ratio",
                "renderWidth");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ValidateFrame(int length, int width, int height, int strideBytes, string what, string paramName)
    {
        if (strideBytes < 4L * width)
            ThrowHelper.ThrowArgument(
                $"the {what} stride of {strideBytes} bytes is less than a row of {width} pixels ({4L * width} bytes)", paramName);
        long needed = RequiredBytes(width, height, strideBytes);
        if (length < needed)
            ThrowHelper.ThrowArgument(
                $"a {width}x{height} {what} frame with a stride of {strideBytes} bytes requires a buffer of at least " +
                $"{needed} bytes; got {length}", paramName);
    }
}
