using System;
using Microsoft.ML.OnnxRuntime;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;

namespace Ctmsr.Runtime.Onnx;

/// <summary>
/// Builds the inference session for a graph: graph optimisations on, the execution provider chosen by the
/// description, and the reason for that choice recorded so it can be reported.
/// </summary>
internal static class OnnxSessionFactory
{
    private const string CudaProviderName = "CUDAExecutionProvider";

    /// <summary>
    /// Opens the session the description asks for; with <paramref name="profilePrefix"/> ONNX Runtime's profiler
    /// records every run (node times) into a file starting with that path (see <see cref="FrameGraphBreakdown"/>).
    /// </summary>
    public static ProviderSession Create(byte[] graph, string source, in UpscalerContextDescription d, string? profilePrefix = null)
    {
        switch (d.Backend)
        {
            case UpscalerBackend.Cpu:
                return new ProviderSession(Open(graph, source, d, false, profilePrefix), UpscalerBackend.Cpu, "the CPU was requested");

            case UpscalerBackend.Cuda:
            {
                string? missing = CudaUnavailableReason();
                if (missing != null) throw new NotSupportedException("the CUDA execution provider was requested, but " + missing);
                try
                {
                    return new ProviderSession(Open(graph, source, d, true, profilePrefix), UpscalerBackend.Cuda, "CUDA was requested");
                }
                catch (Exception ex) when (IsProviderFailure(ex))
                {
                    throw new NotSupportedException("the CUDA execution provider was requested, but it could not start: " +
                                                    FirstLine(ex.Message), ex);
                }
            }

            case UpscalerBackend.Auto:
            {
                string? missing = CudaUnavailableReason();
                if (missing == null)
                {
                    try
                    {
                        return new ProviderSession(Open(graph, source, d, true, profilePrefix), UpscalerBackend.Cuda,
                            $"CUDA is available (device {d.CudaDeviceId})");
                    }
                    catch (Exception ex) when (IsProviderFailure(ex))
                    {
                        missing = "the CUDA execution provider could not start: " + FirstLine(ex.Message);
                    }
                }
                return new ProviderSession(Open(graph, source, d, false, profilePrefix), UpscalerBackend.Cpu, "CPU fallback: " + missing);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(d), d.Backend, "unknown backend");
        }
    }

    /// <summary>
    /// The CPU-only package reports a missing CUDA provider as an ONNX Runtime error; the GPU package without CUDA
    /// libraries fails to load them (a native error, or a missing library or entry point): all mean "not here".
    /// </summary>
    private static bool IsProviderFailure(Exception ex) =>
        ex is OnnxRuntimeException || ex is DllNotFoundException || ex is EntryPointNotFoundException ||
        ex is CtmsrModelException;

    /// <summary>Null when this ONNX Runtime build lists CUDA; otherwise a sentence saying what it lists.</summary>
    private static string? CudaUnavailableReason()
    {
        string[] available;
        try
        {
            available = OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception ex) when (IsProviderFailure(ex))
        {
            return "ONNX Runtime cannot list its execution providers: " + FirstLine(ex.Message);
        }
        if (Array.IndexOf(available, CudaProviderName) >= 0) return null;
        return "this ONNX Runtime build has no CUDA execution provider (available: " + string.Join(", ", available) + ")";
    }

    private static InferenceSession Open(byte[] graph, string source, in UpscalerContextDescription d, bool cuda, string? profilePrefix)
    {
        using var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (d.ThreadCount > 0) so.IntraOpNumThreads = d.ThreadCount;
        if (profilePrefix != null)
        {
            // The prefix first: enabling hands ONNX Runtime the prefix set at that moment.
            so.ProfileOutputPathPrefix = profilePrefix;
            so.EnableProfiling = true;
        }
        if (cuda) so.AppendExecutionProvider_CUDA(d.CudaDeviceId);
        try
        {
            return new InferenceSession(graph, so);
        }
        catch (OnnxRuntimeException ex) when (!cuda)
        {
            // The model passed the contract check, so a failure here is a graph ONNX Runtime cannot build.
            throw new CtmsrModelException(source, "ONNX Runtime cannot create a session: " + FirstLine(ex.Message), ex);
        }
    }

    private static string FirstLine(string message)
    {
        int nl = message.IndexOf('\n');
        return (nl < 0 ? message : message.Substring(0, nl)).Trim();
    }
}
