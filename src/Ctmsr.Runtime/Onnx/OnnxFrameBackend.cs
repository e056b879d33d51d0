using System;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Runtime.Onnx;

/// <summary>
/// The ONNX Runtime backend of <see cref="UpscalerContext"/>: a session over the frame graph (see
/// <see cref="FrameGraph"/>) built for the axes the size pair resamples, its IOBinding, and tensors bound once per
/// size pair; each frame is a row copy in, <c>RunWithBinding</c>, and a row copy out. A size pair that resamples other
/// axes gets its own session, made on the first <see cref="Configure"/> that needs it and kept. Arguments are
/// validated by the context before they get here.
/// </summary>
internal sealed class OnnxFrameBackend : IFrameBackend
{
    private readonly CtmsrModel _model;
    private readonly UpscalerContextDescription _description; // Backend pinned to the provider the first session got
    private readonly string? _profilePrefix;
    private readonly OnnxFrameSession?[] _sessions = new OnnxFrameSession?[4]; // by ResampledAxes
    private readonly RunOptions _runOptions;
    private readonly int _scale;
    private readonly uint _noiseSeed;
    private readonly int _cudaDeviceId;
    private readonly CudaNoiseUpload? _noiseUpload;
    private OnnxFrameSession _current;
    private OnnxFrameBindings? _frames;
    private CudaFrameValues? _deviceFrames;
    private bool _hostBound;   // the binding holds the host frame tensors
    private bool _deviceBound; // the binding holds _deviceFrames

    /// <summary>
    /// Builds the frame graph for the description's sizes and opens its session. <paramref name="profilePrefix"/>
    /// turns on ONNX Runtime's profiler (for <see cref="FrameGraphBreakdown"/>; see <see cref="EndProfiling"/>);
    /// contexts never set it.
    /// </summary>
    public OnnxFrameBackend(CtmsrModel model, in UpscalerContextDescription description, string reasonNote = "",
        string? profilePrefix = null)
    {
        _model = model;
        _profilePrefix = profilePrefix;
        _scale = model.Scale;
        _noiseSeed = description.NoiseSeed;
        _cudaDeviceId = description.CudaDeviceId;
        ResampledAxes axes = FrameGraph.AxesFor(_scale, new FrameSize(description.RenderWidth, description.RenderHeight),
            new FrameSize(description.DisplayWidth, description.DisplayHeight));
        byte[] graph = FrameGraph.Build(model.Bytes, model.Source, description.Format, axes);
        ProviderSession ps = OnnxSessionFactory.Create(graph, model.Source, description, profilePrefix);
        Backend = ps.Backend;
        Reason = ps.Reason + reasonNote;
        _description = description;
        _description.Backend = ps.Backend;
        _current = new OnnxFrameSession(ps.Session, axes);
        _sessions[(int)axes] = _current;
        _runOptions = new RunOptions();
        try
        {
            _noiseUpload = Backend == UpscalerBackend.Cuda ? new CudaNoiseUpload(_current.Session, _cudaDeviceId) : null;
        }
        catch
        {
            _runOptions.Dispose();
            _current.Dispose();
            throw;
        }
    }

    public UpscalerBackend Backend { get; }
    public string Reason { get; }

    /// <summary>
    /// Creates and binds the tensors of one size pair, releasing those of the previous one, and switches to the session
    /// for the axes it resamples (opening it the first time).
    /// </summary>
    public void Configure(FrameSize render, FrameSize display)
    {
        // Build the new session and tensors first: if that fails, the previous size stays bound and usable.
        ResampledAxes axes = FrameGraph.AxesFor(_scale, render, display);
        OnnxFrameSession? session = _sessions[(int)axes];
        if (session == null)
        {
            byte[] graph = FrameGraph.Build(_model.Bytes, _model.Source, _description.Format, axes);
            session = new OnnxFrameSession(OnnxSessionFactory.Create(graph, _model.Source, _description, _profilePrefix).Session, axes);
            _sessions[(int)axes] = session;
        }
        var next = new OnnxFrameBindings(render, display, _scale, _noiseSeed, _noiseUpload);
        _deviceFrames?.Dispose();
        _deviceFrames = null;
        _frames?.Dispose();
        _frames = next;
        _current = session;
        _frames.BindTo(_current.Binding, axes);
        _hostBound = true;
        _deviceBound = false;
    }

    public void Dispatch(ReadOnlySpan<byte> input, int inputStride, Span<byte> output, int outputStride, LatencyProfiler? profiler)
    {
        OnnxFrameBindings frames = _frames!;
        if (!_hostBound)
        {
            frames.BindTo(_current.Binding, _current.Axes);
            _hostBound = true;
            _deviceBound = false;
        }
        long start = profiler != null ? Stopwatch.GetTimestamp() : 0;

        CopyRows(input, inputStride, frames.Input, 4 * frames.Render.Width, frames.Render.Height);
        long bound = profiler != null ? Stopwatch.GetTimestamp() : 0;

        _current.Session.RunWithBinding(_runOptions, _current.Binding);
        long inferred = profiler != null ? Stopwatch.GetTimestamp() : 0;

        CopyRows(frames.Output, 4 * frames.Display.Width, output, outputStride, frames.Display.Height);
        if (profiler != null)
        {
            long end = Stopwatch.GetTimestamp();
            profiler.Record(bound - start, inferred - bound, end - inferred, end - start);
        }
    }

    /// <summary>
    /// Runs one frame between two CUDA buffers the caller owns (tightly packed rows). The OrtValues that wrap them
    /// are cached by address, so the same pair of buffers costs no allocation after the first frame.
    /// </summary>
    public void DispatchDevice(IntPtr input, IntPtr output, LatencyProfiler? profiler)
    {
        OnnxFrameBindings frames = _frames!;
        long start = profiler != null ? Stopwatch.GetTimestamp() : 0;
        if (_deviceFrames == null || !_deviceFrames.Wraps(input, output))
        {
            _deviceFrames?.Dispose();
            _deviceFrames = null;
            _deviceFrames = new CudaFrameValues(input, output, frames.Render, frames.Display, _cudaDeviceId);
            _deviceBound = false;
        }
        if (!_deviceBound)
        {
            // Rebinding is a handful of native calls; it happens only when the caller switches buffers or modes.
            frames.BindTo(_current.Binding, _current.Axes, deviceFrames: true);
            _current.Binding.BindInput(FrameGraph.FrameInput, _deviceFrames.Input);
            _current.Binding.BindOutput(FrameGraph.FrameOutput, _deviceFrames.Output);
            _deviceBound = true;
            _hostBound = false;
        }
        long bound = profiler != null ? Stopwatch.GetTimestamp() : 0;
        _current.Session.RunWithBinding(_runOptions, _current.Binding);
        _current.Binding.SynchronizeBoundOutputs();
        if (profiler != null)
        {
            long end = Stopwatch.GetTimestamp();
            profiler.Record(bound - start, end - bound, 0, end - start);
        }
    }

    /// <summary>Stops ONNX Runtime's profiler and returns the path of the file it wrote (profiled sessions only).</summary>
    public string EndProfiling() => _current.Session.EndProfiling();

    public void Dispose()
    {
        _deviceFrames?.Dispose();
        _frames?.Dispose();
        _noiseUpload?.Dispose();
        _runOptions.Dispose();
        // The first session last: the CUDA noise tensors were allocated with its allocator.
        for (int i = _sessions.Length - 1; i >= 0; i--) _sessions[i]?.Dispose();
    }

    /// <summary>Copies <paramref name="rows"/> rows; one side is always the tightly packed bound buffer.</summary>
    private static void CopyRows(ReadOnlySpan<byte> source, int sourceStride, Span<byte> destination, int destinationStride, int rows)
    {
        int rowBytes = Math.Min(sourceStride, destinationStride);
        if (sourceStride == destinationStride)
        {
            source.Slice(0, rowBytes * rows).CopyTo(destination);
            return;
        }
        for (int y = 0; y < rows; y++)
            source.Slice(y * sourceStride, rowBytes).CopyTo(destination.Slice(y * destinationStride, rowBytes));
    }
}
