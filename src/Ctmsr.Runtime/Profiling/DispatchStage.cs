namespace Ctmsr.Runtime.Profiling
{
    /// <summary>The timed stages of one <see cref="UpscalerContext.Dispatch"/>.</summary>
    public enum DispatchStage
    {
        /// <summary>Copying the caller's input frame into the bound input (the conversion itself runs in the graph).</summary>
        Bind = 0,

        /// <summary>Running the frame graph: conversion, model, resample, quantisation.</summary>
        Inference = 1,

        /// <summary>Copying the bound output into the caller's output frame.</summary>
        Readback = 2,

        /// <summary>The whole dispatch.</summary>
        Total = 3,
    }
}
