using System;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Runtime.Onnx;

/// <summary>OrtValues over two CUDA buffers owned by the caller; disposing them leaves the buffers alone.</summary>
internal sealed class CudaFrameValues : IDisposable
{
    private readonly IntPtr _inputPointer, _outputPointer;

    public CudaFrameValues(IntPtr input, IntPtr output, FrameSize render, FrameSize display, int deviceId)
    {
        _inputPointer = input;
        _outputPointer = output;
        using var cuda = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default);
        long inBytes = 4L * render.Width * render.Height, outBytes = 4L * display.Width * display.Height;
        Input = OrtValue.CreateTensorValueWithData(cuda, TensorElementType.UInt8,
            new long[] { 1, render.Height, render.Width, 4 }, input, inBytes);
        Output = OrtValue.CreateTensorValueWithData(cuda, TensorElementType.UInt8,
            new long[] { 1, display.Height, display.Width, 4 }, output, outBytes);
    }

    public OrtValue Input { get; }
    public OrtValue Output { get; }

    public bool Wraps(IntPtr input, IntPtr output) => input == _inputPointer && output == _outputPointer;

    public void Dispose()
    {
        Input.Dispose();
        Output.Dispose();
    }
}
