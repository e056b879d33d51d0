using Ctmsr.HouseRules;
using NUnit.Framework;

namespace Ctmsr.HouseRules.Tests;

public class HouseRuleCheckerTests
{
    [Test]
    public void CheckSource_OneTypeInAFileScopedNamespace_IsClean()
    {
        var found = HouseRuleChecker.CheckSource("A.cs", "namespace X;\n\npublic sealed class A\n{\n    private sealed class Nested { }\n    private enum Kind { One }\n}\n");

        Assert.That(found, Is.Empty);
    }

    [Test]
    public void CheckSource_TwoTopLevelTypes_NamesBoth()
    {
        var found = HouseRuleChecker.CheckSource("src/A.cs", "namespace X;\n\npublic class A { }\n\ninternal readonly record struct B(int V);\n");

        Assert.That(found, Has.Count.EqualTo(1));
        Assert.That(found[0].Rule, Is.EqualTo(HouseRule.OneTypePerFile));
        Assert.That(found[0].ToString(), Is.EqualTo("src/A.cs: OneTypePerFile: 2 top-level types: A, B"));
    }

    [TestCase("public enum E { One }")]
    [TestCase("public delegate void D(int x);")]
    [TestCase("public interface I { }")]
    [TestCase("public record R(int V);")]
    [TestCase("public struct S { }")]
    public void CheckSource_AnyKindOfSecondType_Counts(string second)
    {
        var found = HouseRuleChecker.CheckSource("A.cs", "namespace X;\npublic static class A { }\n" + second + "\n");

        Assert.That(found.Select(v => v.Rule), Is.EqualTo(new[] { HouseRule.OneTypePerFile }));
    }

    [Test]
    public void CheckSource_TopLevelStatementsWithOneType_IsClean()
    {
        var found = HouseRuleChecker.CheckSource("Program.cs", "using System;\nConsole.WriteLine(1);\ninternal static class Helper { }\n");

        Assert.That(found, Is.Empty);
    }

    [Test]
    public void CheckSource_BlockScopedNamespace_IsReportedWithItsName()
    {
        var found = HouseRuleChecker.CheckSource("A.cs", "namespace X.Y\n{\n    public class A { }\n}\n");

        Assert.That(found, Has.Count.EqualTo(1));
        Assert.That(found[0].Rule, Is.EqualTo(HouseRule.FileScopedNamespace));
        Assert.That(found[0].Detail, Does.Contain("X.Y"));
    }

    [Test]
    public void CheckSource_TypesInsideTwoBlockNamespaces_AreCountedAcrossThem()
    {
        var found = HouseRuleChecker.CheckSource("A.cs", "namespace X { class A { } }\nnamespace Y { class B { } }\n");

        Assert.That(found.Select(v => v.Rule), Is.EquivalentTo(new[] { HouseRule.OneTypePerFile, HouseRule.FileScopedNamespace }));
    }

    [Test]
    public void CheckSource_400Lines_IsClean_401Lines_IsReported()
    {
        string Body(int lines) => "namespace X;\n" + string.Concat(Enumerable.Repeat("// filler\n", lines - 1));

        Assert.That(HouseRuleChecker.CheckSource("A.cs", Body(400)), Is.Empty);
        var found = HouseRuleChecker.CheckSource("A.cs", Body(401));
        Assert.That(found, Has.Count.EqualTo(1));
        Assert.That(found[0].Rule, Is.EqualTo(HouseRule.LongFileWithoutReason));
        Assert.That(found[0].Detail, Does.StartWith("401 lines"));
    }

    [Test]
    public void CheckSource_LongFileStatingItsReasonAtTheTop_IsClean()
    {
        string text = "using System;\n" + HouseRuleChecker.LongFileMarker + " the kernel table reads as one unit.\nnamespace X;\n"
            + string.Concat(Enumerable.Repeat("// filler\n", 500));

        Assert.That(HouseRuleChecker.CheckSource("A.cs", text), Is.Empty);
    }

    [Test]
    public void CheckSource_ReasonBelowTheTopWindow_DoesNotCount()
    {
        string text = "namespace X;\n" + string.Concat(Enumerable.Repeat("// filler\n", HouseRuleChecker.MarkerWindow))
            + HouseRuleChecker.LongFileMarker + " too late.\n" + string.Concat(Enumerable.Repeat("// filler\n", 500));

        Assert.That(HouseRuleChecker.CheckSource("A.cs", text).Select(v => v.Rule), Is.EqualTo(new[] { HouseRule.LongFileWithoutReason }));
    }

    [TestCase("src/Ctmsr.Demo/obj/Debug/net10.0/Generated.cs", true)]
    [TestCase("tools/Ctmsr.Fuzz/bin/Release/X.cs", true)]
    [TestCase("tools/Ctmsr.UnityPackage/Package/Runtime/CtmsrPackage.cs", true)]
    [TestCase("tools/Ctmsr.UnityPackage/Program.cs", false)]
    [TestCase("src/Ctmsr.Runtime/Binary/Reader.cs", false)]
    public void IsExcluded_LeavesOutBuildOutputAndTheUnityPackageScripts(string path, bool excluded)
    {
        Assert.That(HouseRuleChecker.IsExcluded(path), Is.EqualTo(excluded));
    }

    [Test]
    public void CheckRepository_WithoutSrcFolder_ThrowsNamingTheFolder()
    {
        string root = ScratchTree.Create();
        try
        {
            Directory.Delete(Path.Combine(root, "src"), recursive: true);

            var e = Assert.Throws<DirectoryNotFoundException>(() => HouseRuleChecker.CheckRepository(root));

            Assert.That(e!.Message, Does.Contain(Path.Combine(root, "src")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void CheckRepository_ScratchTree_ReportsOnlyTheOffendingFilesWithRelativePaths()
    {
        string root = ScratchTree.Create();
        try
        {
            var found = HouseRuleChecker.CheckRepository(root);

            Assert.That(found.Select(v => $"{v.Path} {v.Rule}"), Is.EqualTo(new[]
            {
                "src/Lib/Pair.cs OneTypePerFile",
                "tools/Tool/Block.cs FileScopedNamespace",
            }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
