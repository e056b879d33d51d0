using System.Diagnostics;
using Ctmsr.HouseRules;
using NUnit.Framework;

namespace Ctmsr.HouseRules.Tests;

/// <summary>The repository itself, and the tool as tools/check-house-rules.sh runs it.</summary>
public class RepositoryHouseRulesTests
{
    [Test]
    public void Repository_SrcAndTools_FollowTheHouseRules()
    {
        string root = RepoRoot();

        var found = HouseRuleChecker.CheckRepository(root);

        Assert.That(found, Is.Empty, "fix these (tools/apply-house-rules.sh does the namespaces):\n  " + string.Join("\n  ", found));
    }

    [Test]
    public void Tool_OnATreeWithOffences_ExitsOneAndListsTheFiles()
    {
        string root = ScratchTree.Create();
        try
        {
            var (code, output) = RunTool(root);

            Assert.That(code, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("src/Lib/Pair.cs: OneTypePerFile: 2 top-level types: First, Second"));
            Assert.That(output, Does.Contain("tools/Tool/Block.cs: FileScopedNamespace: block-scoped namespace Tool"));
            Assert.That(output, Does.Contain("2 violations in 2 files"));
            Assert.That(output, Does.Not.Contain("Clean.cs").And.Not.Contain("Generated.cs").And.Not.Contain("Unity.cs"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Tool_OnAMissingRoot_ExitsTwoNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "ctmsr-house-rules-missing-" + Guid.NewGuid().ToString("N"));

        var (code, output) = RunTool(missing);

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain(missing).And.Contain("does not exist"));
    }

    private static (int Code, string Output) RunTool(params string[] arguments)
    {
        string tool = Path.Combine(TestContext.CurrentContext.TestDirectory, "ctmsr-house-rules.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ctmsr.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Ctmsr.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
