namespace Ctmsr.Runtime.Profiling;

/// <summary>
/// The timed stages of one <see cref="UpscalerContext.Dispatch"/>. The first four are host wall-clock times on every
/// backend; the Gpu* stages come from Vulkan timestamp queries and are zero on ONNX Runtime.
/// </summary>
public enum DispatchStage
{
    /// <summary>Copying the caller's input frame into the bound input (the conversion itself runs in the graph).</summary>
    Bind = 0,

    /// <summary>Running the frame graph or the GPU work: conversion, model, resample, quantisation (host wall time).</summary>
    Inference = 1,

    /// <summary>Copying the bound output into the caller's output frame.</summary>
    Readback = 2,

    /// <summary>The whole dispatch (host wall time).</summary>
    Total = 3,

    /// <summary>GPU: copying the input frame into the backend's device buffer.</summary>
    GpuUpload = 4,

    /// <summary>GPU: the first layer (frame read, bicubic, noise, space_to_depth, conv).</summary>
    GpuFirstLayer = 5,

    /// <summary>GPU: the body convolutions.</summary>
    GpuBody = 6,

    /// <summary>GPU: the last layer (conv, depth_to_space, output combination).</summary>
    GpuLastLayer = 7,

    /// <summary>GPU: the resample to the display size (zero when the display is exactly scale x render).</summary>
    GpuResample = 8,

    /// <summary>GPU: copying the output frame to the caller's buffer or image.</summary>
    GpuDownload = 9,

    /// <summary>GPU: everything from the first to the last timestamp.</summary>
    GpuTotal = 10,
}
