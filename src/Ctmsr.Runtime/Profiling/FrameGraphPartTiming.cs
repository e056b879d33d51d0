namespace Ctmsr.Runtime.Profiling;

/// <summary>One part of the ONNX Runtime frame and what it cost per frame, in milliseconds.</summary>
public readonly struct FrameGraphPartTiming
{
    /// <summary>Creates a timing.</summary>
    public FrameGraphPartTiming(FrameGraphPart part, double medianMs, double meanMs, int nodes)
    {
        Part = part;
        MedianMs = medianMs;
        MeanMs = meanMs;
        Nodes = nodes;
    }

    /// <summary>The part.</summary>
    public FrameGraphPart Part { get; }

    /// <summary>Median over the measured frames of the part's per-frame time.</summary>
    public double MedianMs { get; }

    /// <summary>Mean over the measured frames.</summary>
    public double MeanMs { get; }

    /// <summary>The graph nodes ONNX Runtime ran for this part (after its optimisations); 0 for the managed copies and the overhead.</summary>
    public int Nodes { get; }
}
