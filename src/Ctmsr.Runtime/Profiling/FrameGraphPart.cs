namespace Ctmsr.Runtime.Profiling;

/// <summary>
/// The parts one ONNX Runtime frame costs, as <see cref="FrameGraphBreakdown"/> reports them: the managed copies
/// around the session run, the frame graph's own nodes by what they do, and the run's overhead outside any node.
/// </summary>
public enum FrameGraphPart
{
    /// <summary>Copying the caller's input rows into the bound uint8 input tensor (managed).</summary>
    CopyIn = 0,

    /// <summary>Graph nodes that turn the uint8 frame into the model's planar float input (and the alpha plane).</summary>
    InputConversion = 1,

    /// <summary>The model's own nodes (its noise input is bound once per size, so no noise work runs per frame).</summary>
    Model = 2,

    /// <summary>Graph nodes that resample the model's output to the display size (colour and alpha).</summary>
    Resample = 3,

    /// <summary>Graph nodes that clamp, quantise and interleave the display frame into uint8.</summary>
    OutputConversion = 4,

    /// <summary>Nodes ONNX Runtime inserted itself (layout reorders, copies) that belong to no part above.</summary>
    Inserted = 5,

    /// <summary>The session run's time outside its nodes: binding checks, allocation planning, scheduling.</summary>
    RunOverhead = 6,

    /// <summary>Copying the bound uint8 output tensor into the caller's output rows (managed).</summary>
    CopyOut = 7,
}
