using System.CommandLine;

namespace Ctmsr.Training.Cli;

/// <summary>The 'bench' verb. (Being built: see the issue.)</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var cmd = new Command("bench", "not built yet");
        cmd.SetAction(new Func<ParseResult, int>(_ => throw new NotImplementedException("bench")));
        return cmd;
    }
}
