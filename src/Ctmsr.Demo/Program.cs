using System.CommandLine;

namespace Ctmsr.Demo;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("ctmsr-demo: upscales frames with a CTMSR model.");
        return root.Parse(args).Invoke();
    }
}
