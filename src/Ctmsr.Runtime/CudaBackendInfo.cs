using System;
using Ctmsr.Runtime.Onnx;

namespace Ctmsr.Runtime;

/// <summary>
/// What only ONNX Runtime's CUDA execution provider offers, from <see cref="UpscalerContext.Cuda"/> (null unless the
/// context runs on CUDA), in the style of Veldrid's backend info objects: the device and
/// <see cref="DispatchDevice"/> between CUDA device buffers. It belongs to its context: its calls take the context's
/// guards (one thread at a time; <see cref="ObjectDisposedException"/> once the context is disposed).
/// </summary>
public sealed class CudaBackendInfo
{
    private readonly UpscalerContext _context;

    internal CudaBackendInfo(UpscalerContext context, OnnxFrameBackend backend, int deviceId)
    {
        _context = context;
        Backend = backend;
        DeviceId = deviceId;
    }

    /// <summary>The CUDA device the session runs on (<see cref="UpscalerContextDescription.CudaDeviceId"/>).</summary>
    public int DeviceId { get; }

    /// <summary>The backend itself.</summary>
    internal OnnxFrameBackend Backend { get; }

    /// <summary>
    /// Upscales one frame between two CUDA device buffers the caller owns and keeps owning: tightly packed rows
    /// (stride 4 x width) of <see cref="UpscalerContext.RenderSize"/> and <see cref="UpscalerContext.DisplaySize"/>, on
    /// device <see cref="DeviceId"/>. The frame never visits host memory. The wrappers are cached by address, so reusing
    /// the same two buffers allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A pointer is null.</exception>
    /// <exception cref="InvalidOperationException">Another call on the context is running.</exception>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public void DispatchDevice(IntPtr inputDeviceBuffer, IntPtr outputDeviceBuffer) =>
        _context.DispatchDeviceOn(Backend, inputDeviceBuffer, outputDeviceBuffer);

    /// <summary>A short description: the CUDA device.</summary>
    public override string ToString() => $"ONNX Runtime CUDA on device {DeviceId}";
}
