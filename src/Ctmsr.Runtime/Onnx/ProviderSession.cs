using System;
using Microsoft.ML.OnnxRuntime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Runtime.Onnx;

/// <summary>A session and the provider that runs it, with the reason that provider was chosen.</summary>
internal readonly struct ProviderSession
{
    public ProviderSession(InferenceSession session, UpscalerBackend backend, string reason)
    {
        Session = session;
        Backend = backend;
        Reason = reason;
    }

    public InferenceSession Session { get; }
    public UpscalerBackend Backend { get; }
    public string Reason { get; }
}
