using System.CommandLine;
using Ctmsr.Demo.Cli;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Demo;

public static class Program
{
    /// <summary>
    /// Runs a verb. Expected failures end as one line on stderr: bad input (a <see cref="DemoException"/>, a model the
    /// runtime refuses, an argument the runtime's API refuses, such as a size over its limit) with exit code 2, no
    /// usable device with 3, a file that cannot be read or written with 1. Anything else is a bug and keeps its stack trace.
    /// </summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("ctmsr-demo: upscales frames with a CTMSR model.");
        root.Subcommands.Add(UpscaleCommand.Create());
        root.Subcommands.Add(MakeSampleCommand.Create());
        root.Subcommands.Add(GraphPartsBench.Attach(BenchCommand.Create()));
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(ViewCommand.Create());
        root.Subcommands.Add(SoakCommand.Create());
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (DemoException ex)
        {
            return Fail(ex.Message, ex.ExitCode);
        }
        catch (CtmsrModelException ex)
        {
            return Fail(ex.Message, DemoException.UsageError);
        }
        catch (VulkanUnavailableException ex)
        {
            return Fail(ex.Message, DemoException.NoDevice);
        }
        catch (NotSupportedException ex)
        {
            return Fail(ex.Message, DemoException.UsageError);
        }
        catch (ArgumentException ex)
        {
            // The runtime's API validates what the verbs pass through (sizes, thread counts, profiler capacity).
            return Fail(ex.Message, DemoException.UsageError);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            return Fail(ex.Message, DemoException.IoError);
        }
    }

    private static int Fail(string message, int exitCode)
    {
        // One line: ArgumentOutOfRangeException appends "Actual value was ..." on a line of its own.
        Console.Error.WriteLine("ctmsr-demo: error: " + message.Replace("\r", "").Replace("\n", "; "));
        return exitCode;
    }
}
