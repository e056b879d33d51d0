using System;
using Microsoft.ML.OnnxRuntime;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Runtime.Onnx
{
    /// <summary>A session and the provider that runs it, with the reason that provider was chosen.</summary>
    internal readonly struct ProviderSession
    {
        public ProviderSession(InferenceSession session, OnnxExecutionProvider provider, string reason)
        {
            Session = session;
            Provider = provider;
            Reason = reason;
        }

        public InferenceSession Session { get; }
        public OnnxExecutionProvider Provider { get; }
        public string Reason { get; }
    }

    /// <summary>
    /// Builds the inference session for a model: graph optimisations on, the execution provider chosen by the options,
    /// and the reason for that choice recorded so it can be reported.
    /// </summary>
    internal static class OnnxSessionFactory
    {
        private const string CudaProviderName = "CUDAExecutionProvider";

        public static ProviderSession Create(CtmsrModel model, OnnxUpscalerOptions options)
        {
            switch (options.Provider)
            {
                case OnnxExecutionProvider.Cpu:
                    return new ProviderSession(CreateCpu(model, options), OnnxExecutionProvider.Cpu, "the CPU was requested");

                case OnnxExecutionProvider.Cuda:
                {
                    string? missing = CudaUnavailableReason();
                    if (missing != null) throw new NotSupportedException("the CUDA execution provider was requested, but " + missing);
                    try
                    {
                        return new ProviderSession(CreateCuda(model, options), OnnxExecutionProvider.Cuda, "CUDA was requested");
                    }
                    catch (OnnxRuntimeException ex)
                    {
                        throw new NotSupportedException("the CUDA execution provider was requested, but it could not start: " + ex.Message, ex);
                    }
                }

                case OnnxExecutionProvider.Auto:
                {
                    string? missing = CudaUnavailableReason();
                    if (missing == null)
                    {
                        try
                        {
                            return new ProviderSession(CreateCuda(model, options), OnnxExecutionProvider.Cuda,
                                $"CUDA is available (device {options.CudaDeviceId})");
                        }
                        catch (OnnxRuntimeException ex)
                        {
                            missing = "the CUDA execution provider could not start: " + FirstLine(ex.Message);
                        }
                    }
                    return new ProviderSession(CreateCpu(model, options), OnnxExecutionProvider.Cpu, "CPU fallback: " + missing);
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "unknown execution provider");
            }
        }

        /// <summary>Null when this ONNX Runtime build lists CUDA; otherwise a sentence saying what it lists.</summary>
        private static string? CudaUnavailableReason()
        {
            string[] available = OrtEnv.Instance().GetAvailableProviders();
            if (Array.IndexOf(available, CudaProviderName) >= 0) return null;
            return "this ONNX Runtime build has no CUDA execution provider (available: " + string.Join(", ", available) + ")";
        }

        private static InferenceSession CreateCpu(CtmsrModel model, OnnxUpscalerOptions options)
        {
            using SessionOptions so = BaseOptions(options);
            return Open(model, so);
        }

        private static InferenceSession CreateCuda(CtmsrModel model, OnnxUpscalerOptions options)
        {
            using SessionOptions so = BaseOptions(options);
            so.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            return Open(model, so);
        }

        private static InferenceSession Open(CtmsrModel model, SessionOptions so)
        {
            try
            {
                return new InferenceSession(model.Bytes, so);
            }
            catch (OnnxRuntimeException ex) when (ex.Message.IndexOf("CUDA", StringComparison.OrdinalIgnoreCase) < 0)
            {
                // The model passed the contract check, so a failure here is a graph ONNX Runtime cannot build.
                throw new CtmsrModelException(model.Source, "ONNX Runtime cannot create a session: " + FirstLine(ex.Message), ex);
            }
        }

        private static SessionOptions BaseOptions(OnnxUpscalerOptions options)
        {
            var so = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            if (options.IntraOpThreads > 0) so.IntraOpNumThreads = options.IntraOpThreads;
            return so;
        }

        private static string FirstLine(string message)
        {
            int nl = message.IndexOf('\n');
            return (nl < 0 ? message : message.Substring(0, nl)).Trim();
        }
    }
}
