using System.Diagnostics;
using System.Text;

namespace Ctmsr.Fuzz.Tests;

/// <summary>Where the seed corpus and the regression inputs live, and how to run the harness in a child process.</summary>
internal static class FuzzCorpus
{
    public static readonly string RepoRoot = FindRepoRoot();

    /// <summary>tests/fuzz-corpus: TARGET/ holds the seeds, regressions/TARGET/ every input the fuzzer crashed on.</summary>
    public static readonly string Root = Path.Combine(RepoRoot, "tests", "fuzz-corpus");

    /// <summary>The folder of ctmsr-fuzz.dll: this test's output, which carries the harness and its dependencies.</summary>
    public static string HarnessFolder => AppContext.BaseDirectory;

    /// <summary>Seeds and regression inputs of <paramref name="target"/>, relative to <see cref="Root"/>, sorted.</summary>
    public static IEnumerable<string> Inputs(string target)
    {
        foreach (string dir in new[] { Path.Combine(Root, target), Path.Combine(Root, "regressions", target) })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (string f in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                yield return Path.GetRelativePath(Root, f);
        }
    }

    /// <summary>What a seed's name promises: good- inputs are read, bad- ones refused; odd- and regression inputs only must not crash.</summary>
    public static bool? ExpectedAccepted(string relative)
    {
        if (relative.StartsWith("regressions", StringComparison.Ordinal)) return null;
        string name = Path.GetFileName(relative);
        if (name.StartsWith("good-", StringComparison.Ordinal)) return true;
        if (name.StartsWith("bad-", StringComparison.Ordinal)) return false;
        return null;
    }

    /// <summary>Runs a program to its end (a generous safety limit, not a measured time) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> args, IDictionary<string, string>? env = null,
        int limitSeconds = 600)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var output = new StringBuilder();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{program} did not start");
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine("stderr: " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(limitSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            lock (output) return (-1, $"{program} did not end within {limitSeconds} s and was killed:\n{output}");
        }
        p.WaitForExit();
        lock (output) return (p.ExitCode, output.ToString());
    }

    /// <summary>The dotnet host that runs these tests.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Ctmsr.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("no Ctmsr.sln above " + AppContext.BaseDirectory);
    }
}
