using System.Diagnostics;
using System.Text;
using NUnit.Framework;

namespace Ctmsr.Unity.Tests;

/// <summary>
/// The package as README says to make it: `bash tools/make-unity-package.sh OUT`, run once per test run into a
/// temporary folder (a Release publish of the runtime for netstandard2.1 and the tool's build).
/// </summary>
internal static class MadePackage
{
    private static readonly Lazy<(string Out, string Log)> Made = new(Make);

    /// <summary>The repository root (the folder holding Ctmsr.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>OUT of the script.</summary>
    public static string OutDirectory => Made.Value.Out;

    /// <summary>OUT/com.ctmsr.runtime.</summary>
    public static string Root => Path.Combine(OutDirectory, "com.ctmsr.runtime");

    /// <summary>The script's output.</summary>
    public static string Log => Made.Value.Log;

    private static (string, string) Make()
    {
        string output = Path.Combine(Path.GetTempPath(), "ctmsr-unity-tests-" + Environment.ProcessId);
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
        var (code, log) = Run("bash", RepoRoot, Path.Combine(RepoRoot, "tools", "make-unity-package.sh"), output);
        if (code != 0)
            Assert.Fail($"tools/make-unity-package.sh exited with {code}:\n{log}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { }
        };
        return (output, log);
    }

    /// <summary>Runs a command to its end; returns its exit code and its output and errors together.</summary>
    public static (int Code, string Output) Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(variable);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    /// <summary>
    /// A scratch copy of the made package to spoil: small files copied, large ones (native libraries) linked, so a
    /// test can change or delete any of them without touching the made package.
    /// </summary>
    public static string CopyToScratch(string name)
    {
        string target = Path.Combine(Path.GetTempPath(), "ctmsr-unity-bad-" + Environment.ProcessId, name, "com.ctmsr.runtime");
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        foreach (var directory in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(Root, directory)));
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(Root, file));
            if (new FileInfo(file).Length > 4 << 20)
                File.CreateSymbolicLink(copy, file);
            else
                File.Copy(file, copy);
        }
        return target;
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Ctmsr.sln")))
                return directory.FullName;
        throw new DirectoryNotFoundException($"no Ctmsr.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
