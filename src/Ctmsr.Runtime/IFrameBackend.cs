using System;
using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Runtime;

/// <summary>What <see cref="UpscalerContext"/> needs from a backend. Arguments arrive already validated.</summary>
internal interface IFrameBackend : IDisposable
{
    UpscalerBackend Backend { get; }
    string Reason { get; }

    /// <summary>Builds everything that depends on the sizes; on failure the previous sizes stay usable.</summary>
    void Configure(FrameSize render, FrameSize display);

    /// <summary>One frame between host buffers (rows at the given strides).</summary>
    void Dispatch(ReadOnlySpan<byte> input, int inputStride, Span<byte> output, int outputStride, LatencyProfiler? profiler);
}
