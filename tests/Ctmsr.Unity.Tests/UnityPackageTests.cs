using System.Reflection;
using System.Text.Json;
using Ctmsr.UnityPackage;
using NUnit.Framework;

namespace Ctmsr.Unity.Tests;

/// <summary>The package tools/make-unity-package.sh makes, checked without Unity.</summary>
public class UnityPackageTests
{
    private static string Root => MadePackage.Root;

    private static string PluginPath(string file) => Path.Combine(Root, "Runtime", "Plugins", file);

    [Test]
    public void MadePackage_PassesEveryCheck()
    {
        Assert.That(UnityPackageChecker.Check(Root), Is.Empty);
    }

    [Test]
    public void Manifest_CarriesTheRequiredFieldsAndThisBuildsVersion()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "package.json")));
        var manifest = json.RootElement;
        // The test assembly is built from the same Directory.Build.props as the runtime.
        string testVersion = UnityPackageLayout.PackageVersion(
            typeof(UnityPackageTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
        string runtimeVersion = UnityPackageLayout.PackageVersion(ManagedAssemblyInfo.TryRead(PluginPath("Ctmsr.Runtime.dll"))!.InformationalVersion!);

        Assert.Multiple(() =>
        {
            Assert.That(manifest.GetProperty("name").GetString(), Is.EqualTo("com.ctmsr.runtime"));
            Assert.That(manifest.GetProperty("version").GetString(), Is.EqualTo(testVersion).And.EqualTo(runtimeVersion));
            Assert.That(manifest.GetProperty("unity").GetString(), Is.EqualTo("2021.3"));
            Assert.That(manifest.GetProperty("displayName").GetString(), Is.Not.Empty);
            Assert.That(manifest.GetProperty("description").GetString(), Does.Contain("super-resolution"));
            Assert.That(manifest.GetProperty("license").GetString(), Is.EqualTo("MIT"));
            Assert.That(manifest.GetProperty("samples")[0].GetProperty("path").GetString(), Is.EqualTo("Samples~/BasicUpscale"));
        });
    }

    [Test]
    public void RuntimeAsmdef_AllowsUnsafeCodeAndListsExactlyTheManagedPlugins()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "Runtime", "Ctmsr.Runtime.Unity.asmdef")));
        var asmdef = json.RootElement;
        var listed = asmdef.GetProperty("precompiledReferences").EnumerateArray().Select(e => e.GetString()).ToList();
        var managed = Directory.EnumerateFiles(Path.Combine(Root, "Runtime", "Plugins"), "*.dll")
            .Where(f => ManagedAssemblyInfo.TryRead(f) != null).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(asmdef.GetProperty("name").GetString(), Is.EqualTo("Ctmsr.Runtime.Unity"));
            Assert.That(asmdef.GetProperty("allowUnsafeCode").GetBoolean(), Is.True);
            Assert.That(asmdef.GetProperty("overrideReferences").GetBoolean(), Is.True);
            Assert.That(asmdef.GetProperty("autoReferenced").GetBoolean(), Is.True);
            Assert.That(listed, Is.EqualTo(managed));
        });
    }

    [Test]
    public void EveryManagedDll_TargetsNetStandard20Or21_AndTheRuntimeIs21()
    {
        var problems = new List<string>();
        var assemblies = UnityPackageChecker.ReadAssemblies(Root, problems);
        var frameworks = assemblies.Values.Select(a => a.Name + ": " + (a.TargetFramework ?? "none")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(assemblies.Keys, Does.Contain("Runtime/Plugins/Ctmsr.Runtime.dll"));
            Assert.That(assemblies["Runtime/Plugins/Ctmsr.Runtime.dll"].TargetFramework, Is.EqualTo(".NETStandard,Version=v2.1"));
            Assert.That(assemblies.Values.Where(a => !UnityPackageChecker.IsNetStandard(a)), Is.Empty, string.Join("\n", frameworks));
            // Exactly these carry no TargetFrameworkAttribute and pass by referencing only netstandard.
            Assert.That(assemblies.Values.Where(a => a.TargetFramework == null).Select(a => a.Name),
                Is.EquivalentTo(new[] { "System.Runtime.CompilerServices.Unsafe" }));
        });
    }

    [Test]
    public void DependencyClosure_IsCompleteAgainstUnitysNetStandard21Set()
    {
        var problems = new List<string>();
        var assemblies = UnityPackageChecker.ReadAssemblies(Root, problems);
        var shipped = assemblies.Values.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unresolved = assemblies.Values.SelectMany(a => a.References)
            .Where(r => !shipped.Contains(r.Name) && !UnityProvidedAssemblies.Contains(r.Name)).Select(r => r.Name).Distinct().ToList();
        UnityPackageChecker.CheckClosure(assemblies, problems);

        Assert.Multiple(() =>
        {
            Assert.That(unresolved, Is.Empty);
            Assert.That(problems, Is.Empty);
            Assert.That(shipped.Where(UnityProvidedAssemblies.Contains), Is.Empty, "the package ships an assembly Unity provides");
            Assert.That(shipped, Is.SupersetOf(new[]
            {
                "Ctmsr.Runtime", "Ctmsr.Contract", "Silk.NET.Vulkan", "Silk.NET.Core", "Microsoft.ML.OnnxRuntime", "OnnxSharp", "Google.Protobuf",
                "System.Runtime.CompilerServices.Unsafe",
            }));
        });
    }

    [Test]
    public void UnityProvidedSet_IsTheNetStandard21ReferenceSet()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                          ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string reference = Path.Combine(packages, "netstandard.library.ref", "2.1.0", "ref", "netstandard2.1");
        Assume.That(Directory.Exists(reference), $"NETStandard.Library.Ref 2.1.0 is not restored at {reference}");
        var names = Directory.EnumerateFiles(reference, "*.dll").Select(Path.GetFileNameWithoutExtension).ToList();
        var versions = names.ToDictionary(n => n!, n => ManagedAssemblyInfo.TryRead(Path.Combine(reference, n + ".dll"))!.Version);

        Assert.Multiple(() =>
        {
            Assert.That(UnityProvidedAssemblies.Names, Is.EquivalentTo(names));
            foreach (var (name, version) in UnityProvidedAssemblies.Versions)
                Assert.That(versions[name], Is.EqualTo(version), name);
        });
    }

    [Test]
    public void NativeLibraries_OnePerDesktopPlatform_EachEnabledOnlyForItsOwn()
    {
        var found = new List<string>();
        foreach (var native in UnityPackageLayout.NativePlugins)
        {
            string path = Path.Combine(Root, native.PackagePath);
            if (File.Exists(path) && new FileInfo(path).Length > 1 << 20)
                found.Add(native.Rid);
        }
        var problems = new List<string>();
        UnityPackageChecker.CheckMetas(Root, problems);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.EqualTo(new[] { "linux-x64", "win-x64", "osx-arm64" }));
            Assert.That(problems, Is.Empty);
            Assert.That(File.ReadAllText(Path.Combine(Root, "Runtime/Plugins/Linux/x86_64/libonnxruntime.so.meta")),
                Does.Contain("Standalone: Linux64\n    second:\n      enabled: 1"));
        });
    }

    [Test]
    public void Metas_CoverEveryImportedAsset_WithDeterministicUniqueGuids()
    {
        var entries = Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Select(e => Path.GetRelativePath(Root, e).Replace('\\', '/'))
            .Where(r => !r.EndsWith(".meta", StringComparison.Ordinal) && UnityMeta.IsImported(r)).ToList();
        var guids = new List<string>();
        foreach (var entry in entries)
        {
            string meta = File.ReadAllText(Path.Combine(Root, entry + ".meta"));
            string guid = meta.Split('\n')[1]["guid: ".Length..];
            Assert.That(guid, Is.EqualTo(UnityMeta.Guid("com.ctmsr.runtime", entry)), entry);
            guids.Add(guid);
        }

        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.GreaterThan(30));
            Assert.That(guids, Is.Unique);
            Assert.That(entries.Where(e => e.StartsWith("Samples~", StringComparison.Ordinal) || e.StartsWith("Documentation~", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public void Tarball_HoldsEveryFileUnderPackage()
    {
        string tarball = Directory.EnumerateFiles(MadePackage.OutDirectory, "com.ctmsr.runtime-*.tgz").Single();
        var files = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => "package/" + Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(tarball), Is.EqualTo($"com.ctmsr.runtime-{BuildMetadata.Version}.tgz"));
            Assert.That(UnityTarball.ReadEntries(tarball), Is.EqualTo(files));
            Assert.That(files, Does.Contain("package/package.json"));
        });
    }

    [Test]
    public void Script_RefusesToOverwriteAFolderThatIsNotThePackage()
    {
        string output = Path.Combine(Path.GetTempPath(), "ctmsr-unity-refuse-" + Environment.ProcessId);
        string keep = Path.Combine(output, "com.ctmsr.runtime", "mine.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(keep)!);
        File.WriteAllText(keep, "not a package");
        try
        {
            var (code, log) = MadePackage.Run("dotnet", MadePackage.RepoRoot,
                Path.Combine(Path.GetDirectoryName(typeof(UnityPackageBuilder).Assembly.Location)!, "ctmsr-unity-package.dll"),
                "make", "--publish", Path.Combine(MadePackage.Root, "Runtime", "Plugins"), "--out", Path.GetDirectoryName(keep)!);

            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(1), log);
                Assert.That(log, Does.Contain("not overwriting"));
                Assert.That(File.ReadAllText(keep), Is.EqualTo("not a package"));
            });
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
