using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ctmsr.UnityPackage;

/// <summary>
/// Checks a Unity package layout on disk without Unity: the manifest and the assembly definitions parse and carry
/// the required fields; every managed DLL targets .NET Standard 2.0 or 2.1; every assembly reference is satisfied by
/// the package or by Unity's .NET Standard 2.1 profile (<see cref="UnityProvidedAssemblies"/>); the native libraries
/// are where their platform settings say; every imported asset has a .meta file with a unique GUID.
/// Each problem is one line that names the file and what was wrong.
/// </summary>
public static partial class UnityPackageChecker
{
    /// <summary>Every problem found in the package rooted at <paramref name="root"/>; empty when it passes.</summary>
    public static IReadOnlyList<string> Check(string root)
    {
        var problems = new List<string>();
        if (!Directory.Exists(root))
        {
            problems.Add($"{root}: no such folder");
            return problems;
        }
        var assemblies = ReadAssemblies(root, problems);
        CheckManifest(root, assemblies, problems);
        CheckAssemblyDefinitions(root, assemblies, problems);
        CheckAssemblies(root, assemblies, problems);
        CheckClosure(assemblies, problems);
        CheckMetas(root, problems);
        return problems;
    }

    /// <summary>Every managed assembly in the package by its '/'-separated path; native libraries are left out.</summary>
    public static Dictionary<string, ManagedAssemblyInfo> ReadAssemblies(string root, List<string> problems)
    {
        var assemblies = new Dictionary<string, ManagedAssemblyInfo>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                var info = ManagedAssemblyInfo.TryRead(file);
                if (info != null)
                    assemblies.Add(Relative(root, file), info);
            }
            catch (Exception e) when (e is BadImageFormatException or InvalidDataException or IOException)
            {
                problems.Add($"{Relative(root, file)}: cannot be read as a plugin ({e.Message})");
            }
        }
        return assemblies;
    }

    /// <summary>package.json: parses; name, version, displayName, description, unity, license and the samples are valid.</summary>
    public static void CheckManifest(string root, IReadOnlyDictionary<string, ManagedAssemblyInfo> assemblies, List<string> problems)
    {
        const string file = "package.json";
        using var json = ParseJson(root, file, problems);
        if (json == null)
            return;
        var manifest = json.RootElement;
        if (manifest.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{file}: the root is a {manifest.ValueKind}, not an object");
            return;
        }
        string? name = RequiredString(manifest, file, "name", problems);
        if (name != null && (name.Length > 214 || !PackageNamePattern().IsMatch(name)))
            problems.Add($"{file}: name \"{name}\" is not a lower-case reverse-DNS package name (like com.company.package)");
        string? version = RequiredString(manifest, file, "version", problems);
        if (version != null && !SemVerPattern().IsMatch(version))
            problems.Add($"{file}: version \"{version}\" is not MAJOR.MINOR.PATCH[-PRERELEASE]");
        RequiredString(manifest, file, "displayName", problems);
        RequiredString(manifest, file, "description", problems);
        RequiredString(manifest, file, "license", problems);
        string? unity = RequiredString(manifest, file, "unity", problems);
        if (unity != null)
        {
            var match = UnityVersionPattern().Match(unity);
            if (!match.Success)
                problems.Add($"{file}: unity \"{unity}\" is not YEAR.MINOR (like 2021.3)");
            else if (int.Parse(match.Groups[1].Value) * 100 + int.Parse(match.Groups[2].Value) < 2021_02)
                problems.Add($"{file}: unity \"{unity}\" predates 2021.2, the first Unity with the .NET Standard 2.1 profile the plugins need");
        }
        string runtimePath = UnityPackageLayout.PluginsFolder + "/" + UnityPackageLayout.RuntimeAssembly + ".dll";
        if (version != null && assemblies.TryGetValue(runtimePath, out var runtime))
        {
            string? built = runtime.InformationalVersion == null ? null : UnityPackageLayout.PackageVersion(runtime.InformationalVersion);
            if (built != version)
                problems.Add($"{file}: version \"{version}\" differs from {runtimePath}'s informational version \"{runtime.InformationalVersion}\"");
        }
        if (!manifest.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array || samples.GetArrayLength() == 0)
        {
            problems.Add($"{file}: samples is missing or not a non-empty array");
            return;
        }
        int index = 0;
        foreach (var sample in samples.EnumerateArray())
        {
            string where = $"{file}: samples[{index++}]";
            if (sample.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{where} is a {sample.ValueKind}, not an object");
                continue;
            }
            RequiredString(sample, where, "displayName", problems);
            RequiredString(sample, where, "description", problems);
            string? path = RequiredString(sample, where, "path", problems);
            if (path != null && (!path.StartsWith("Samples~/", StringComparison.Ordinal) || !Directory.Exists(Path.Combine(root, path))))
                problems.Add($"{where}: path \"{path}\" is not a folder under Samples~/ in the package");
        }
    }

    /// <summary>
    /// The .asmdef files: each parses and is named; the runtime's allows unsafe code, is auto-referenced and lists
    /// exactly the package's managed plugins as precompiled references; the sample's references the runtime's.
    /// </summary>
    public static void CheckAssemblyDefinitions(string root, IReadOnlyDictionary<string, ManagedAssemblyInfo> assemblies, List<string> problems)
    {
        var pluginNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pluginFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, info) in assemblies)
        {
            pluginNames.Add(info.Name);
            pluginFiles.Add(path.Substring(path.LastIndexOf('/') + 1));
        }
        foreach (var file in Directory.EnumerateFiles(root, "*.asmdef", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Relative(root, file);
            using var json = ParseJson(root, relative, problems);
            if (json == null)
                continue;
            string? name = RequiredString(json.RootElement, relative, "name", problems);
            if (name != null && pluginNames.Contains(name))
                problems.Add($"{relative}: name \"{name}\" is also a plugin assembly's name; Unity refuses two assemblies of one name");
        }
        using (var runtime = ParseJson(root, UnityPackageLayout.RuntimeAsmdefPath, problems))
        {
            if (runtime != null)
            {
                string file = UnityPackageLayout.RuntimeAsmdefPath;
                RequireTrue(runtime.RootElement, file, "allowUnsafeCode", problems);
                RequireTrue(runtime.RootElement, file, "autoReferenced", problems);
                RequireTrue(runtime.RootElement, file, "overrideReferences", problems);
                var listed = StringArray(runtime.RootElement, file, "precompiledReferences", problems);
                if (listed != null)
                {
                    foreach (var missing in pluginFiles.Except(listed).Order(StringComparer.Ordinal))
                        problems.Add($"{file}: precompiledReferences lacks the plugin {missing}");
                    foreach (var extra in listed.Except(pluginFiles).Order(StringComparer.Ordinal))
                        problems.Add($"{file}: precompiledReferences lists {extra}, which is not a managed plugin in the package");
                }
            }
        }
        string sampleFile = UnityPackageLayout.SampleFolder + "/" + UnityPackageLayout.SampleAsmdefName + ".asmdef";
        using var sample = ParseJson(root, sampleFile, problems);
        if (sample != null)
        {
            var references = StringArray(sample.RootElement, sampleFile, "references", problems);
            if (references != null && !references.Contains(UnityPackageLayout.RuntimeAsmdefName))
                problems.Add($"{sampleFile}: references lacks {UnityPackageLayout.RuntimeAsmdefName}");
        }
    }

    /// <summary>
    /// Every managed DLL targets .NET Standard 2.0 or 2.1, is named as its file, and is not one Unity ships; the
    /// runtime is the netstandard2.1 build; every native library is a declared one and every declared one is there.
    /// </summary>
    public static void CheckAssemblies(string root, IReadOnlyDictionary<string, ManagedAssemblyInfo> assemblies, List<string> problems)
    {
        foreach (var (path, info) in assemblies)
        {
            if (!IsNetStandard(info))
                problems.Add($"{path}: targets {info.TargetFramework ?? "an unknown framework (no TargetFrameworkAttribute, references " + string.Join(", ", info.References.Select(r => r.Name)) + ")"}, not .NET Standard 2.0 or 2.1");
            if (!string.Equals(Path.GetFileNameWithoutExtension(path), info.Name, StringComparison.Ordinal))
                problems.Add($"{path}: the assembly inside is named {info.Name}");
            if (UnityProvidedAssemblies.Contains(info.Name))
                problems.Add($"{path}: Unity's .NET Standard 2.1 profile already provides {info.Name}; a second copy stops compilation");
        }
        string runtimePath = UnityPackageLayout.PluginsFolder + "/" + UnityPackageLayout.RuntimeAssembly + ".dll";
        if (!assemblies.TryGetValue(runtimePath, out var runtime))
            problems.Add($"{runtimePath}: missing");
        else if (runtime.TargetFramework != ".NETStandard,Version=v2.1")
            problems.Add($"{runtimePath}: is the {runtime.TargetFramework} build, not the netstandard2.1 one");

        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var native in UnityPackageLayout.NativePlugins)
        {
            declared.Add(native.PackagePath);
            if (!File.Exists(Path.Combine(root, native.PackagePath)))
                problems.Add($"{native.PackagePath}: missing (ONNX Runtime for {native.Rid})");
        }
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Relative(root, file);
            bool library = relative.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || relative.EndsWith(".so", StringComparison.Ordinal)
                           || relative.EndsWith(".dylib", StringComparison.Ordinal);
            if (library && !assemblies.ContainsKey(relative) && !declared.Contains(relative))
                problems.Add($"{relative}: a native library without declared platform settings");
        }
    }

    /// <summary>
    /// Every assembly reference of every managed DLL resolves: to a DLL in the package of at least the referenced
    /// version, or to an assembly of Unity's .NET Standard 2.1 profile (of at most the set's version where
    /// <see cref="UnityProvidedAssemblies.Versions"/> records it).
    /// </summary>
    public static void CheckClosure(IReadOnlyDictionary<string, ManagedAssemblyInfo> assemblies, List<string> problems)
    {
        var byName = new Dictionary<string, ManagedAssemblyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in assemblies.Values)
            byName.TryAdd(info.Name, info);
        foreach (var (path, info) in assemblies)
        {
            foreach (var (name, version) in info.References)
            {
                if (byName.TryGetValue(name, out var shipped))
                {
                    if (shipped.Version < version)
                        problems.Add($"{path}: references {name} {version}, but the package carries {shipped.Version}");
                }
                else if (UnityProvidedAssemblies.Contains(name))
                {
                    if (UnityProvidedAssemblies.Versions.TryGetValue(name, out var provided) && version > provided)
                        problems.Add($"{path}: references {name} {version}; the .NET Standard 2.1 profile provides {provided}");
                }
                else
                {
                    problems.Add($"{path}: references {name} {version}, which is neither in the package nor provided by Unity's .NET Standard 2.1 profile");
                }
            }
        }
    }

    /// <summary>
    /// Every file and folder Unity imports (not under a "~" folder) has a .meta file; every .meta file has its asset,
    /// a 32-hex-digit GUID unique in the package; each native library's .meta enables exactly its own platform.
    /// </summary>
    public static void CheckMetas(string root, List<string> problems)
    {
        var guids = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(e => Relative(root, e)).Order(StringComparer.Ordinal).ToList();
        foreach (var relative in entries)
        {
            string full = Path.Combine(root, relative);
            if (relative.EndsWith(".meta", StringComparison.Ordinal))
            {
                string asset = relative.Substring(0, relative.Length - ".meta".Length);
                if (!File.Exists(Path.Combine(root, asset)) && !Directory.Exists(Path.Combine(root, asset)))
                    problems.Add($"{relative}: its asset {asset} is not in the package");
                var match = GuidPattern().Match(File.ReadAllText(full));
                if (!match.Success)
                    problems.Add($"{relative}: no \"guid: <32 lower-case hex digits>\" line");
                else if (guids.TryGetValue(match.Groups[1].Value, out var other))
                    problems.Add($"{relative}: guid {match.Groups[1].Value} is also {other}'s");
                else
                    guids.Add(match.Groups[1].Value, relative);
                continue;
            }
            if (UnityMeta.IsImported(relative) && !File.Exists(full + ".meta"))
                problems.Add($"{relative}: no .meta file (Unity ignores such an asset in an immutable package)");
        }
        foreach (var native in UnityPackageLayout.NativePlugins)
        {
            string meta = native.PackagePath + ".meta";
            string full = Path.Combine(root, meta);
            if (!File.Exists(full))
                continue;
            var enabled = EnabledStandaloneTargets(File.ReadAllLines(full));
            if (enabled.Count != 1 || enabled[0] != native.StandaloneTarget)
                problems.Add($"{meta}: enables the standalone targets [{string.Join(", ", enabled)}], not only {native.StandaloneTarget}");
            string text = File.ReadAllText(full);
            if (!text.Contains("OS: " + native.EditorOs + "\n", StringComparison.Ordinal) || !text.Contains("CPU: " + native.Cpu + "\n", StringComparison.Ordinal))
                problems.Add($"{meta}: the editor settings are not OS {native.EditorOs}, CPU {native.Cpu}");
        }
    }

    /// <summary>
    /// A .NET Standard 2.0/2.1 assembly: by its TargetFrameworkAttribute, or, for an assembly built without one (the
    /// IL-authored System.Runtime.CompilerServices.Unsafe), when its only reference is netstandard 2.0 or 2.1.
    /// </summary>
    public static bool IsNetStandard(ManagedAssemblyInfo info)
    {
        if (info.TargetFramework != null)
            return info.TargetFramework is ".NETStandard,Version=v2.0" or ".NETStandard,Version=v2.1";
        return info.References.Count == 1 && info.References[0].Name == "netstandard"
               && info.References[0].Version >= new Version(2, 0, 0, 0) && info.References[0].Version <= UnityProvidedAssemblies.NetStandardVersion;
    }

    private static List<string> EnabledStandaloneTargets(string[] lines)
    {
        var enabled = new List<string>();
        string? target = null;
        foreach (var raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith("Standalone: ", StringComparison.Ordinal))
                target = line.Substring("Standalone: ".Length);
            else if (line.StartsWith("first:", StringComparison.Ordinal) && line != "first:")
                target = null;
            else if (target != null && line.StartsWith("enabled: ", StringComparison.Ordinal))
            {
                if (line == "enabled: 1")
                    enabled.Add(target);
                target = null;
            }
        }
        return enabled;
    }

    private static JsonDocument? ParseJson(string root, string relative, List<string> problems)
    {
        string full = Path.Combine(root, relative);
        if (!File.Exists(full))
        {
            problems.Add($"{relative}: missing");
            return null;
        }
        try
        {
            return JsonDocument.Parse(File.ReadAllText(full));
        }
        catch (JsonException e)
        {
            problems.Add($"{relative}: not valid JSON ({e.Message})");
            return null;
        }
    }

    private static string? RequiredString(JsonElement element, string where, string property, List<string> problems)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            return value.GetString();
        problems.Add($"{where}: {property} is missing or not a non-empty string");
        return null;
    }

    private static void RequireTrue(JsonElement element, string where, string property, List<string> problems)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.True)
            problems.Add($"{where}: {property} is not true");
    }

    private static HashSet<string>? StringArray(JsonElement element, string where, string property, List<string> problems)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where}: {property} is missing or not an array");
            return null;
        }
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
                set.Add(item.GetString()!);
            else
                problems.Add($"{where}: {property} holds a {item.ValueKind}, not a string");
        }
        return set;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*){2,}$")]
    private static partial Regex PackageNamePattern();

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVerPattern();

    [GeneratedRegex(@"^([0-9]{4})\.([0-9]+)$")]
    private static partial Regex UnityVersionPattern();

    [GeneratedRegex(@"^guid: ([0-9a-f]{32})$", RegexOptions.Multiline)]
    private static partial Regex GuidPattern();
}
