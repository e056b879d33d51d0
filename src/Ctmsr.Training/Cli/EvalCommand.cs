using System.CommandLine;

namespace Ctmsr.Training.Cli;

/// <summary>The 'eval' verb. (Being built: see the issue.)</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var cmd = new Command("eval", "not built yet");
        cmd.SetAction(new Func<ParseResult, int>(_ => throw new NotImplementedException("eval")));
        return cmd;
    }
}
