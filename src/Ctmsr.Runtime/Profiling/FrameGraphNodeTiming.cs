namespace Ctmsr.Runtime.Profiling;

/// <summary>One node of the optimised frame graph and its per-frame time, in milliseconds.</summary>
public readonly struct FrameGraphNodeTiming
{
    /// <summary>Creates a timing.</summary>
    public FrameGraphNodeTiming(string name, string op, FrameGraphPart part, double medianMs)
    {
        Name = name;
        Op = op;
        Part = part;
        MedianMs = medianMs;
    }

    /// <summary>The node's name as ONNX Runtime reports it (the frame graph's names start with their part).</summary>
    public string Name { get; }

    /// <summary>The operator ONNX Runtime ran (after fusion it may differ from the one written).</summary>
    public string Op { get; }

    /// <summary>The part the node belongs to.</summary>
    public FrameGraphPart Part { get; }

    /// <summary>Median over the measured frames.</summary>
    public double MedianMs { get; }
}
