using System.CommandLine;

namespace Ctmsr.Training.Cli;

/// <summary>The 'train' verb. (Being built: see the issue.)</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var cmd = new Command("train", "not built yet");
        cmd.SetAction(new Func<ParseResult, int>(_ => throw new NotImplementedException("train")));
        return cmd;
    }
}
