namespace Ctmsr.Demo.Tests;

/// <summary>Runs ctmsr-demo's Main in-process with stdout and stderr captured.</summary>
public static class Cli
{
    private static readonly object Gate = new();

    public static (int Rc, string Stdout, string Stderr) Run(params string[] args)
    {
        lock (Gate)
        {
            TextWriter o = Console.Out, e = Console.Error;
            using var so = new StringWriter();
            using var se = new StringWriter();
            Console.SetOut(so);
            Console.SetError(se);
            try
            {
                int rc = Program.Main(args);
                return (rc, so.ToString(), se.ToString());
            }
            finally
            {
                Console.SetOut(o);
                Console.SetError(e);
            }
        }
    }
}
