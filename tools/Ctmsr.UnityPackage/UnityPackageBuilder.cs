using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ctmsr.UnityPackage;

/// <summary>
/// Assembles the Unity package from the netstandard2.1 publish of Ctmsr.Runtime: the runtime and the closure of its
/// assembly references (less what Unity's .NET Standard 2.1 profile provides) as managed plugins, ONNX Runtime's
/// native library per desktop platform, package.json, the assembly definitions, docs, the sample and .meta files.
/// The result is then checked with <see cref="UnityPackageChecker"/>; a failed check is an error.
/// </summary>
public static class UnityPackageBuilder
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the package; returns the managed plugins' file names. Throws with the file and the reason on any fault.</summary>
    public static IReadOnlyList<string> Build(UnityPackageOptions options)
    {
        string publish = Path.GetFullPath(options.PublishDirectory);
        string output = Path.GetFullPath(options.OutputDirectory);
        EnsureReplaceable(output);
        var closure = ResolveClosure(publish, options);
        var packages = ReadPackageVersions(Path.Combine(publish, UnityPackageLayout.RuntimeAssembly + ".deps.json"));
        CheckOnnxRuntimeVersions(packages, options.OnnxRuntimePackageDirectory);

        PrepareOutput(output);
        string plugins = Path.Combine(output, UnityPackageLayout.PluginsFolder);
        Directory.CreateDirectory(plugins);
        var pluginFiles = new List<string>();
        foreach (var info in closure)
        {
            string file = Path.GetFileName(info.Path);
            File.Copy(info.Path, Path.Combine(plugins, file));
            pluginFiles.Add(file);
        }
        pluginFiles.Sort(StringComparer.Ordinal);
        foreach (var extra in new[] { ".xml", ".pdb" })
        {
            string source = Path.Combine(publish, UnityPackageLayout.RuntimeAssembly + extra);
            if (File.Exists(source))
                File.Copy(source, Path.Combine(plugins, UnityPackageLayout.RuntimeAssembly + extra));
        }
        foreach (var native in UnityPackageLayout.NativePlugins)
        {
            string source = Path.Combine(options.OnnxRuntimePackageDirectory, "runtimes", native.Rid, "native", native.FileName);
            if (!File.Exists(source))
                throw new FileNotFoundException($"ONNX Runtime's native library for {native.Rid} is not at {source}", source);
            Directory.CreateDirectory(Path.Combine(output, native.Folder));
            File.Copy(source, Path.Combine(output, native.PackagePath));
        }

        CopyContent(options.ContentDirectory, output, options.Version);
        File.Copy(options.LicenseFile, Path.Combine(output, "LICENSE.md"));
        WriteText(Path.Combine(output, "Third Party Notices.md"), ThirdPartyNotices(closure, packages, options.OnnxRuntimePackageDirectory));
        WriteText(Path.Combine(output, "package.json"), Manifest(options.Version).ToJsonString(Indented) + "\n");
        WriteText(Path.Combine(output, UnityPackageLayout.RuntimeAsmdefPath), RuntimeAsmdef(pluginFiles).ToJsonString(Indented) + "\n");
        WriteText(Path.Combine(output, UnityPackageLayout.SampleFolder, UnityPackageLayout.SampleAsmdefName + ".asmdef"),
            SampleAsmdef().ToJsonString(Indented) + "\n");
        WriteMetas(output, pluginFiles);

        var problems = UnityPackageChecker.Check(output);
        if (problems.Count > 0)
            throw new InvalidDataException($"the package built at {output} fails its check:\n  " + string.Join("\n  ", problems));
        options.Log?.Invoke($"{UnityPackageLayout.PackageName} {options.Version}: {pluginFiles.Count} managed plugins, "
                            + $"{UnityPackageLayout.NativePlugins.Count} native libraries -> {output}");
        return pluginFiles;
    }

    /// <summary>
    /// Ctmsr.Runtime.dll (netstandard2.1, of the expected version) and every assembly it references, transitively,
    /// that Unity does not provide; a reference found nowhere is an error naming both assemblies.
    /// </summary>
    public static IReadOnlyList<ManagedAssemblyInfo> ResolveClosure(string publish, UnityPackageOptions options)
    {
        string runtimePath = Path.Combine(publish, UnityPackageLayout.RuntimeAssembly + ".dll");
        if (!File.Exists(runtimePath))
            throw new FileNotFoundException($"{runtimePath} is missing: run `dotnet publish src/Ctmsr.Runtime -c Release -f netstandard2.1 -o {publish}` first", runtimePath);
        var runtime = ManagedAssemblyInfo.TryRead(runtimePath)
                      ?? throw new InvalidDataException($"{runtimePath} is not a managed assembly");
        if (runtime.TargetFramework != ".NETStandard,Version=v2.1")
            throw new InvalidDataException($"{runtimePath} is the {runtime.TargetFramework} build; the Unity package needs the netstandard2.1 one");
        string built = UnityPackageLayout.PackageVersion(runtime.InformationalVersion ?? "");
        if (built != options.Version)
            throw new InvalidDataException($"{runtimePath} is version \"{runtime.InformationalVersion}\", but this build is {options.Version}: publish the runtime again");

        var found = new Dictionary<string, ManagedAssemblyInfo>(StringComparer.OrdinalIgnoreCase) { [runtime.Name] = runtime };
        var pending = new Queue<ManagedAssemblyInfo>();
        pending.Enqueue(runtime);
        while (pending.Count > 0)
        {
            var info = pending.Dequeue();
            foreach (var (name, version) in info.References)
            {
                if (found.ContainsKey(name) || UnityProvidedAssemblies.Contains(name))
                    continue;
                string path = Path.Combine(publish, name + ".dll");
                var reference = File.Exists(path) ? ManagedAssemblyInfo.TryRead(path) : null;
                if (reference == null)
                    throw new FileNotFoundException($"{Path.GetFileName(info.Path)} references {name} {version}, which is neither in {publish} nor provided by Unity's .NET Standard 2.1 profile", path);
                found.Add(name, reference);
                pending.Enqueue(reference);
            }
        }
        foreach (var file in Directory.EnumerateFiles(publish, "*.dll").Order(StringComparer.Ordinal))
            if (!found.ContainsKey(Path.GetFileNameWithoutExtension(file)))
                options.Log?.Invoke($"left out {Path.GetFileName(file)}: no assembly of the closure references it");
        return found.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The package id and version of each runtime file of the publish, from its deps.json (file name -> (id, version)).</summary>
    public static Dictionary<string, (string Id, string Version)> ReadPackageVersions(string depsJson)
    {
        if (!File.Exists(depsJson))
            throw new FileNotFoundException($"{depsJson} is missing: the publish folder is incomplete", depsJson);
        var result = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(File.ReadAllText(depsJson));
        foreach (var target in json.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                int slash = library.Name.IndexOf('/');
                if (slash < 0 || !library.Value.TryGetProperty("runtime", out var runtime))
                    continue;
                foreach (var file in runtime.EnumerateObject())
                    result[Path.GetFileName(file.Name)] = (library.Name.Substring(0, slash), library.Name.Substring(slash + 1));
            }
        }
        return result;
    }

    // The managed ONNX Runtime binding and the native library must come from one release.
    private static void CheckOnnxRuntimeVersions(Dictionary<string, (string Id, string Version)> packages, string nativePackage)
    {
        if (!packages.TryGetValue("Microsoft.ML.OnnxRuntime.dll", out var managed))
            return;
        string native = Path.GetFileName(Path.TrimEndingDirectorySeparator(nativePackage));
        if (!string.Equals(managed.Version, native, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"ONNX Runtime's managed binding is {managed.Version} but the native package at {nativePackage} is {native}; they must match");
    }

    // The output folder must be absent, empty or an earlier build of this package: nothing else is deleted.
    private static void EnsureReplaceable(string output)
    {
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            string manifest = Path.Combine(output, "package.json");
            bool ours = false;
            if (File.Exists(manifest))
            {
                try
                {
                    using var json = JsonDocument.Parse(File.ReadAllText(manifest));
                    ours = json.RootElement.TryGetProperty("name", out var name) && name.GetString() == UnityPackageLayout.PackageName;
                }
                catch (JsonException)
                {
                }
            }
            if (!ours)
                throw new IOException($"{output} is not empty and is not an earlier build of {UnityPackageLayout.PackageName}: not overwriting it");
        }
    }

    private static void PrepareOutput(string output)
    {
        EnsureReplaceable(output);
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
        Directory.CreateDirectory(output);
    }

    private static void CopyContent(string content, string output, string version)
    {
        if (!Directory.Exists(content))
            throw new DirectoryNotFoundException($"the package's hand-written files are not at {content}");
        foreach (var file in Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(output, Path.GetRelativePath(content, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (file.EndsWith(".md", StringComparison.Ordinal))
                WriteText(target, File.ReadAllText(file).Replace("{{version}}", version, StringComparison.Ordinal));
            else
                File.Copy(file, target);
        }
    }

    private static JsonObject Manifest(string version)
    {
        var keywords = new JsonArray();
        foreach (var tag in BuildMetadata.Tags.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            keywords.Add(tag);
        return new JsonObject
        {
            ["name"] = UnityPackageLayout.PackageName,
            ["version"] = version,
            ["displayName"] = UnityPackageLayout.DisplayName,
            ["description"] = BuildMetadata.Description,
            ["unity"] = UnityPackageLayout.MinimumUnity,
            ["license"] = BuildMetadata.License,
            ["author"] = new JsonObject { ["name"] = BuildMetadata.Authors },
            ["keywords"] = keywords,
            ["samples"] = new JsonArray
            {
                new JsonObject
                {
                    ["displayName"] = "Basic upscale",
                    ["description"] = "Creates an upscaler context for a display size and quality mode and upscales one RGBA8 frame through the managed API; a MonoBehaviour upscales a readable Texture2D with it.",
                    ["path"] = UnityPackageLayout.SampleFolder,
                },
            },
        };
    }

    private static JsonObject RuntimeAsmdef(IReadOnlyList<string> pluginFiles)
    {
        var references = new JsonArray();
        foreach (var file in pluginFiles)
            references.Add(file);
        return new JsonObject
        {
            ["name"] = UnityPackageLayout.RuntimeAsmdefName,
            ["rootNamespace"] = "Ctmsr.Unity",
            ["references"] = new JsonArray(),
            ["includePlatforms"] = new JsonArray(),
            ["excludePlatforms"] = new JsonArray(),
            ["allowUnsafeCode"] = true,
            ["overrideReferences"] = true,
            ["precompiledReferences"] = references,
            ["autoReferenced"] = true,
            ["defineConstraints"] = new JsonArray(),
            ["versionDefines"] = new JsonArray(),
            ["noEngineReferences"] = false,
        };
    }

    private static JsonObject SampleAsmdef() => new()
    {
        ["name"] = UnityPackageLayout.SampleAsmdefName,
        ["rootNamespace"] = "Ctmsr.Samples",
        ["references"] = new JsonArray { UnityPackageLayout.RuntimeAsmdefName },
        ["includePlatforms"] = new JsonArray(),
        ["excludePlatforms"] = new JsonArray(),
        ["allowUnsafeCode"] = false,
        ["overrideReferences"] = false,
        ["precompiledReferences"] = new JsonArray(),
        ["autoReferenced"] = false,
        ["defineConstraints"] = new JsonArray(),
        ["versionDefines"] = new JsonArray(),
        ["noEngineReferences"] = false,
    };

    private static string ThirdPartyNotices(IReadOnlyList<ManagedAssemblyInfo> closure,
        Dictionary<string, (string Id, string Version)> packages, string nativePackage)
    {
        var text = new StringBuilder();
        text.Append("# Third-party notices\n\n")
            .Append("The package carries these assemblies and libraries from NuGet packages, each under its own licence ")
            .Append("(see the package's licence on nuget.org):\n\n| File | NuGet package | Version |\n|---|---|---|\n");
        foreach (var info in closure)
        {
            string file = Path.GetFileName(info.Path);
            if (info.Name == UnityPackageLayout.RuntimeAssembly)
                continue;
            var (id, version) = packages.TryGetValue(file, out var package) ? package : ("(unknown)", info.Version.ToString());
            text.Append("| ").Append(UnityPackageLayout.PluginsFolder).Append('/').Append(file).Append(" | ").Append(id).Append(" | ").Append(version).Append(" |\n");
        }
        string nativeVersion = Path.GetFileName(Path.TrimEndingDirectorySeparator(nativePackage));
        foreach (var native in UnityPackageLayout.NativePlugins)
            text.Append("| ").Append(native.PackagePath).Append(" | Microsoft.ML.OnnxRuntime (").Append(native.Rid).Append(") | ")
                .Append(nativeVersion).Append(" |\n");
        return text.ToString();
    }

    private static void WriteMetas(string output, IReadOnlyList<string> pluginFiles)
    {
        var managed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in pluginFiles)
            managed.Add(UnityPackageLayout.PluginsFolder + "/" + file);
        var entries = Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories).ToList();
        foreach (var entry in entries)
        {
            string relative = Path.GetRelativePath(output, entry).Replace('\\', '/');
            if (!UnityMeta.IsImported(relative))
                continue;
            WriteText(entry + ".meta", UnityMeta.For(UnityPackageLayout.PackageName, relative, Directory.Exists(entry), managed.Contains(relative)));
        }
    }

    private static void WriteText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal), new UTF8Encoding(false));
    }
}
