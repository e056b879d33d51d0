using System.CommandLine;

namespace Ctmsr.Training.Cli;

/// <summary>The 'data' verb. (Being built: see the issue.)</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "not built yet");
        cmd.SetAction(new Func<ParseResult, int>(_ => throw new NotImplementedException("data")));
        return cmd;
    }
}
