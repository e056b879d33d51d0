using System.CommandLine;
using Ctmsr.Runtime;

namespace Ctmsr.Demo.Cli;

/// <summary>The options shared by the verbs that create an upscaler context.</summary>
public static class BackendOptions
{
    public static Option<string?> Model() => new("--model")
    {
        Description = "CTMSR model (.onnx). Default: the one of models/ctmsr-x2.onnx, -x3, -x4 with the smallest scale >= the " +
                      "ratio (else the largest), searched upward from the working directory and the executable, else the same " +
                      "choice among the models embedded in Ctmsr.Runtime.",
    };

    public static Option<UpscalerBackend> Backend() => new("--backend", "--provider")
    {
        Description = "Auto (Vulkan on a GPU, else CUDA if available, else CPU), Vulkan, Cuda or Cpu.",
        DefaultValueFactory = _ => UpscalerBackend.Auto,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = $"CPU threads per operator (0: ONNX Runtime chooses; at most {UpscalerContext.MaxThreadCount}).",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>Refuses a --threads value the runtime would refuse, before any model is loaded.</summary>
    /// <exception cref="DemoException">The value is negative or over <see cref="UpscalerContext.MaxThreadCount"/>.</exception>
    public static int CheckThreads(int threads) =>
        threads < 0 || threads > UpscalerContext.MaxThreadCount
            ? throw new DemoException($"--threads must be 0 (ONNX Runtime chooses) or 1..{UpscalerContext.MaxThreadCount}; got {threads}")
            : threads;
}
