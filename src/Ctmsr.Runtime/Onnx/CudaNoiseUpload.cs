using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Ctmsr.Runtime.Onnx;

/// <summary>
/// Puts the noise tensor into CUDA memory once per resolution, so frames do not copy it from the host: an Identity
/// session on CUDA reads the host tensor and writes a device tensor allocated with the frame session's CUDA
/// allocator. Only used when the frame session runs on CUDA (not testable on a CPU-only build).
/// </summary>
internal sealed class CudaNoiseUpload : IDisposable
{
    private readonly InferenceSession _identity;
    private readonly OrtMemoryInfo _cudaMemory;
    private readonly OrtAllocator _allocator;

    public CudaNoiseUpload(InferenceSession frameSession, int deviceId)
    {
        _cudaMemory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default);
        _allocator = new OrtAllocator(frameSession, _cudaMemory);
        using var so = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        so.AppendExecutionProvider_CUDA(deviceId);
        _identity = new InferenceSession(IdentityGraph(), so);
    }

    /// <summary>A new device tensor holding a copy of <paramref name="host"/>; the caller disposes it.</summary>
    public OrtValue ToDevice(OrtValue host, long[] shape)
    {
        OrtValue device = OrtValue.CreateAllocatedTensorValue(_allocator, TensorElementType.Float, shape);
        try
        {
            using var binding = _identity.CreateIoBinding();
            using var run = new RunOptions();
            binding.BindInput("x", host);
            binding.BindOutput("y", device);
            _identity.RunWithBinding(run, binding);
            binding.SynchronizeBoundOutputs();
            return device;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _identity.Dispose();
        _allocator.Dispose();
        _cudaMemory.Dispose();
    }

    private static byte[] IdentityGraph()
    {
        var g = new GraphProto { Name = "ctmsr_upload" };
        g.Input.Add(OnnxProto.Tensor4("x", OnnxProto.Float, 1, 3, "h", "w"));
        g.Output.Add(OnnxProto.Tensor4("y", OnnxProto.Float, 1, 3, "h", "w"));
        g.Node.Add(OnnxProto.Node("Identity", "y", "x"));
        return Google.Protobuf.MessageExtensions.ToByteArray(OnnxProto.Model(g, "ctmsr-runtime noise upload"));
    }
}
