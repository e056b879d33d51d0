using System.CommandLine;

namespace Ctmsr.Training.Cli;

/// <summary>The 'export' verb. (Being built: see the issue.)</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var cmd = new Command("export", "not built yet");
        cmd.SetAction(new Func<ParseResult, int>(_ => throw new NotImplementedException("export")));
        return cmd;
    }
}
