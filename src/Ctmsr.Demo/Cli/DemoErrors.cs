using Ctmsr.Demo.Headless;
using Ctmsr.Demo.IO;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime.Vulkan;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Cli;

/// <summary>
/// The one place where ctmsr-demo turns an expected failure into an exit code: the verbs' <see cref="DemoException"/>
/// keeps its own; the inner layers' exceptions (they know nothing of the command line) and the runtime's map here.
/// </summary>
public static class DemoErrors
{
    /// <summary>
    /// The exit code for <paramref name="ex"/>: <see cref="DemoException.UsageError"/> for bad input (an image file,
    /// a model or backend choice, a headless option, an output file refused up front, a model the runtime refuses, an
    /// argument the runtime's API refuses), <see cref="DemoException.NoDevice"/> for no usable device,
    /// <see cref="DemoException.IoError"/> for a file that cannot be read or written; null for anything else (a bug).
    /// </summary>
    public static int? ExitCodeOf(Exception ex) => ex switch
    {
        DemoException demo => demo.ExitCode,
        OutputFileException output => output.IsWriteFailure ? DemoException.IoError : DemoException.UsageError,
        ImageFileException or UpscalerSetupException or HeadlessException or CtmsrModelException => DemoException.UsageError,
        VulkanUnavailableException => DemoException.NoDevice,
        // The runtime's API validates what the verbs pass through (sizes, thread counts, profiler capacity).
        NotSupportedException or ArgumentException => DemoException.UsageError,
        IOException or UnauthorizedAccessException => DemoException.IoError,
        _ => null,
    };
}
