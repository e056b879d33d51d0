using System;
using Microsoft.ML.OnnxRuntime;

namespace Ctmsr.Runtime.Onnx;

/// <summary>
/// One session over the frame graph built for a set of <see cref="ResampledAxes"/>, and its IOBinding. The backend
/// keeps one per set it has met (at most four), so switching back and forth between quality modes rebuilds nothing.
/// </summary>
internal sealed class OnnxFrameSession : IDisposable
{
    public OnnxFrameSession(InferenceSession session, ResampledAxes axes)
    {
        Session = session;
        Axes = axes;
        try
        {
            Binding = session.CreateIoBinding();
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public InferenceSession Session { get; }
    public OrtIoBinding Binding { get; }
    public ResampledAxes Axes { get; }

    public void Dispose()
    {
        Binding.Dispose();
        Session.Dispose();
    }
}
