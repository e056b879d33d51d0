using System.Text.Json.Nodes;
using Ctmsr.UnityPackage;
using NUnit.Framework;

namespace Ctmsr.Unity.Tests;

/// <summary>Each check fails on a layout spoiled in one way, and names the file and the fault.</summary>
public class UnityPackageCheckerTests
{
    [OneTimeTearDown]
    public void RemoveScratch()
    {
        string scratch = Path.Combine(Path.GetTempPath(), "ctmsr-unity-bad-" + Environment.ProcessId);
        if (Directory.Exists(scratch))
            Directory.Delete(scratch, recursive: true);
    }

    private static string Spoil(string name, Action<string> spoil)
    {
        string root = MadePackage.CopyToScratch(name);
        Assume.That(UnityPackageChecker.Check(root), Is.Empty, "the unspoiled copy passes");
        spoil(root);
        return root;
    }

    private static void EditJson(string root, string file, Action<JsonObject> edit)
    {
        string path = Path.Combine(root, file);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    private static IReadOnlyList<string> ProblemsOf(string name, Action<string> spoil) => UnityPackageChecker.Check(Spoil(name, spoil));

    [Test]
    public void Net10Dll_InThePlugins_IsReportedAsNotNetStandard()
    {
        string tool = typeof(UnityPackageBuilder).Assembly.Location; // a net10.0 assembly
        var problems = ProblemsOf("net10", root => File.Copy(tool, Path.Combine(root, "Runtime/Plugins", Path.GetFileName(tool))));

        Assert.That(problems, Has.Some.EqualTo("Runtime/Plugins/ctmsr-unity-package.dll: targets .NETCoreApp,Version=v10.0, not .NET Standard 2.0 or 2.1"));
    }

    [Test]
    public void RemovedDependency_IsReportedAsAHoleInTheClosure()
    {
        var problems = ProblemsOf("hole", root => File.Delete(Path.Combine(root, "Runtime/Plugins/System.Text.Encodings.Web.dll")));

        Assert.That(problems, Has.Some.StartsWith("Runtime/Plugins/System.Text.Json.dll: references System.Text.Encodings.Web 9.0.0.0, which is neither in the package nor provided"));
    }

    [Test]
    public void AssemblyUnityProvides_IsReportedAsADuplicate()
    {
        string facade = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Memory.dll");
        var problems = ProblemsOf("duplicate", root => File.Copy(facade, Path.Combine(root, "Runtime/Plugins/System.Memory.dll")));

        Assert.That(problems, Has.Some.StartsWith("Runtime/Plugins/System.Memory.dll: Unity's .NET Standard 2.1 profile already provides System.Memory"));
    }

    [TestCase("name", "Com.Ctmsr.Runtime", "package.json: name \"Com.Ctmsr.Runtime\" is not a lower-case reverse-DNS package name")]
    [TestCase("version", "0.0.9", "package.json: version \"0.0.9\" differs from Runtime/Plugins/Ctmsr.Runtime.dll's informational version")]
    [TestCase("version", "1.0", "package.json: version \"1.0\" is not MAJOR.MINOR.PATCH[-PRERELEASE]")]
    [TestCase("unity", "2020.3", "package.json: unity \"2020.3\" predates 2021.2")]
    [TestCase("license", null, "package.json: license is missing or not a non-empty string")]
    [TestCase("displayName", "", "package.json: displayName is missing or not a non-empty string")]
    [TestCase("description", null, "package.json: description is missing or not a non-empty string")]
    public void Manifest_WithABadField_IsReported(string field, string? value, string expected)
    {
        var problems = ProblemsOf("manifest-" + field + (value ?? "null"), root => EditJson(root, "package.json", json =>
        {
            if (value == null)
                json.Remove(field);
            else
                json[field] = value;
        }));

        Assert.That(problems, Has.Some.StartsWith(expected));
    }

    [Test]
    public void Manifest_ThatIsNotJson_IsReported()
    {
        var problems = ProblemsOf("not-json", root => File.WriteAllText(Path.Combine(root, "package.json"), "{ \"name\": "));

        Assert.That(problems, Has.Some.StartsWith("package.json: not valid JSON"));
    }

    [Test]
    public void Asmdef_WithoutUnsafeCodeOrAPlugin_IsReported()
    {
        var problems = ProblemsOf("asmdef", root => EditJson(root, "Runtime/Ctmsr.Runtime.Unity.asmdef", json =>
        {
            json["allowUnsafeCode"] = false;
            var references = json["precompiledReferences"]!.AsArray();
            references.Remove(references.Single(r => r!.GetValue<string>() == "Ctmsr.Runtime.dll"));
        }));

        Assert.That(problems, Has.Some.EqualTo("Runtime/Ctmsr.Runtime.Unity.asmdef: allowUnsafeCode is not true"));
        Assert.That(problems, Has.Some.EqualTo("Runtime/Ctmsr.Runtime.Unity.asmdef: precompiledReferences lacks the plugin Ctmsr.Runtime.dll"));
    }

    [Test]
    public void Asmdef_NamedAsAPlugin_IsReported()
    {
        var problems = ProblemsOf("asmdef-name", root => EditJson(root, "Runtime/Ctmsr.Runtime.Unity.asmdef", json => json["name"] = "Ctmsr.Runtime"));

        Assert.That(problems, Has.Some.EqualTo("Runtime/Ctmsr.Runtime.Unity.asmdef: name \"Ctmsr.Runtime\" is also a plugin assembly's name; Unity refuses two assemblies of one name"));
    }

    [Test]
    public void MissingMeta_DuplicateGuid_AndOrphanMeta_AreReported()
    {
        var problems = ProblemsOf("metas", root =>
        {
            File.Delete(Path.Combine(root, "README.md.meta"));
            File.Copy(Path.Combine(root, "CHANGELOG.md.meta"), Path.Combine(root, "LICENSE.md.meta"), overwrite: true);
            File.WriteAllText(Path.Combine(root, "Gone.txt.meta"), "fileFormatVersion: 2\nguid: 0123456789abcdef0123456789abcdef\n");
        });

        Assert.That(problems, Has.Some.EqualTo("README.md: no .meta file (Unity ignores such an asset in an immutable package)"));
        Assert.That(problems, Has.Some.Matches<string>(p => p.StartsWith("LICENSE.md.meta: guid ", StringComparison.Ordinal) && p.EndsWith(" is also CHANGELOG.md.meta's", StringComparison.Ordinal)));
        Assert.That(problems, Has.Some.EqualTo("Gone.txt.meta: its asset Gone.txt is not in the package"));
    }

    [Test]
    public void NativeMeta_EnablingAnotherPlatform_IsReported()
    {
        const string meta = "Runtime/Plugins/Linux/x86_64/libonnxruntime.so.meta";
        var problems = ProblemsOf("native-meta", root =>
        {
            string path = Path.Combine(root, meta);
            File.WriteAllText(path, File.ReadAllText(path).Replace("Standalone: Win64\n    second:\n      enabled: 0", "Standalone: Win64\n    second:\n      enabled: 1"));
        });

        Assert.That(problems, Has.Some.EqualTo(meta + ": enables the standalone targets [Linux64, Win64], not only Linux64"));
    }

    [Test]
    public void MissingOrUndeclaredNativeLibrary_IsReported()
    {
        var problems = ProblemsOf("native", root =>
        {
            File.Delete(Path.Combine(root, "Runtime/Plugins/macOS/arm64/libonnxruntime.dylib"));
            File.WriteAllBytes(Path.Combine(root, "Runtime/Plugins/libextra.so"), [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        });

        Assert.That(problems, Has.Some.EqualTo("Runtime/Plugins/macOS/arm64/libonnxruntime.dylib: missing (ONNX Runtime for osx-arm64)"));
        Assert.That(problems, Has.Some.EqualTo("Runtime/Plugins/libextra.so: a native library without declared platform settings"));
    }

    [Test]
    public void SampleFolderMissing_IsReported()
    {
        var problems = ProblemsOf("sample", root => Directory.Delete(Path.Combine(root, "Samples~"), recursive: true));

        Assert.That(problems, Has.Some.EqualTo("package.json: samples[0]: path \"Samples~/BasicUpscale\" is not a folder under Samples~/ in the package"));
    }

    [Test]
    public void PluginReferencingANewerVersionThanShipped_IsReported()
    {
        var assemblies = new Dictionary<string, ManagedAssemblyInfo>
        {
            ["Runtime/Plugins/A.dll"] = new("A.dll", "A", new Version(1, 0, 0, 0), ".NETStandard,Version=v2.1", null,
                [("B", new Version(2, 0, 0, 0)), ("System.Memory", new Version(4, 0, 5, 0)), ("netstandard", new Version(2, 1, 0, 0))]),
            ["Runtime/Plugins/B.dll"] = new("B.dll", "B", new Version(1, 5, 0, 0), ".NETStandard,Version=v2.0", null, []),
        };
        var problems = new List<string>();

        UnityPackageChecker.CheckClosure(assemblies, problems);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "Runtime/Plugins/A.dll: references B 2.0.0.0, but the package carries 1.5.0.0",
            "Runtime/Plugins/A.dll: references System.Memory 4.0.5.0; the .NET Standard 2.1 profile provides 4.0.2.0",
        }));
    }
}
