using System.CommandLine;
using Ctmsr.Training.Cli;

namespace Ctmsr.Training;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "ctmsr-train: trains, exports and evaluates compact one-step CTMSR super-resolution models.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        // Our own handler prints bad-input errors as one line; System.CommandLine's would print a stack trace.
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        return CliErrors.Run(() => root.Parse(args).Invoke(config));
    }
}
