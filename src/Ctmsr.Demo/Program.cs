using System.CommandLine;
using Ctmsr.Demo.Cli;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo;

public static class Program
{
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
            Console.Error.WriteLine("ctmsr-demo: error: " + ex.Message);
            return ex.ExitCode;
        }
        catch (CtmsrModelException ex)
        {
            Console.Error.WriteLine("ctmsr-demo: error: " + ex.Message);
            return DemoException.UsageError;
        }
        catch (GpuUnavailableException ex)
        {
            Console.Error.WriteLine("ctmsr-demo: error: " + ex.Message);
            return DemoException.NoDevice;
        }
        catch (NotSupportedException ex)
        {
            Console.Error.WriteLine("ctmsr-demo: error: " + ex.Message);
            return DemoException.UsageError;
        }
    }
}
