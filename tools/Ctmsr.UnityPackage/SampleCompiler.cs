using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Ctmsr.UnityPackage;

/// <summary>
/// Compiles the package's scripts the way Unity would split them, as netstandard2.1 libraries with C# 9 (Unity
/// 2021.3's language) against only the package's own DLLs: Runtime/ as the runtime asmdef's assembly (its
/// precompiledReferences, its allowUnsafeCode), then the sample against that and every managed plugin (the plugins
/// are auto-referenced). Unity is not here, so UnityEngine types the sample uses come from stub sources the caller
/// passes. The projects live in a scratch folder outside any repository; `dotnet build` does the work.
/// </summary>
public static class SampleCompiler
{
    /// <summary>The outcome: whether the build passed and its output.</summary>
    public sealed record Result(bool Succeeded, string Output);

    /// <summary>Builds the two projects in <paramref name="scratch"/>; <paramref name="extraSources"/> join the sample.</summary>
    public static Result Compile(string packageRoot, string scratch, IEnumerable<string> extraSources)
    {
        packageRoot = Path.GetFullPath(packageRoot);
        Directory.CreateDirectory(scratch);
        // Stop MSBuild's search for Directory.Build.* above the scratch folder.
        File.WriteAllText(Path.Combine(scratch, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(scratch, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(scratch, "Directory.Packages.props"), "<Project />\n");

        string plugins = Path.Combine(packageRoot, UnityPackageLayout.PluginsFolder);
        var allPlugins = Directory.EnumerateFiles(plugins, "*.dll").Order(StringComparer.Ordinal)
            .Where(f => ManagedAssemblyInfo.TryRead(f) != null).ToList();
        using var runtimeAsmdef = JsonDocument.Parse(File.ReadAllText(Path.Combine(packageRoot, UnityPackageLayout.RuntimeAsmdefPath)));
        var runtimeReferences = new List<string>();
        foreach (var name in runtimeAsmdef.RootElement.GetProperty("precompiledReferences").EnumerateArray())
            runtimeReferences.Add(Path.Combine(plugins, name.GetString()!));
        bool runtimeUnsafe = runtimeAsmdef.RootElement.TryGetProperty("allowUnsafeCode", out var u) && u.ValueKind == JsonValueKind.True;
        string sampleFolder = Path.Combine(packageRoot, UnityPackageLayout.SampleFolder);
        using var sampleAsmdef = JsonDocument.Parse(File.ReadAllText(Path.Combine(sampleFolder, UnityPackageLayout.SampleAsmdefName + ".asmdef")));
        bool sampleUnsafe = sampleAsmdef.RootElement.TryGetProperty("allowUnsafeCode", out var s) && s.ValueKind == JsonValueKind.True;

        string runtimeProject = Path.Combine(scratch, "runtime", UnityPackageLayout.RuntimeAsmdefName + ".csproj");
        WriteProject(runtimeProject, UnityPackageLayout.RuntimeAsmdefName, runtimeUnsafe,
            Directory.EnumerateFiles(Path.Combine(packageRoot, "Runtime"), "*.cs", SearchOption.AllDirectories), runtimeReferences, null);
        string sampleProject = Path.Combine(scratch, "sample", UnityPackageLayout.SampleAsmdefName + ".csproj");
        WriteProject(sampleProject, UnityPackageLayout.SampleAsmdefName, sampleUnsafe,
            Directory.EnumerateFiles(sampleFolder, "*.cs", SearchOption.AllDirectories).Concat(extraSources), allPlugins, runtimeProject);
        return Run(scratch, "build", sampleProject, "-c", "Release", "--nologo", "-v:q", "-nr:false",
            "-p:UseSharedCompilation=false", "-p:NuGetAudit=false");
    }

    private static void WriteProject(string path, string assemblyName, bool allowUnsafe, IEnumerable<string> sources,
        IEnumerable<string> references, string? projectReference)
    {
        var properties = new XElement("PropertyGroup",
            new XElement("TargetFramework", "netstandard2.1"),
            new XElement("LangVersion", "9.0"),
            new XElement("AssemblyName", assemblyName),
            new XElement("AllowUnsafeBlocks", allowUnsafe ? "true" : "false"),
            new XElement("TreatWarningsAsErrors", "true"),
            new XElement("Nullable", "disable"),
            new XElement("ImplicitUsings", "disable"),
            new XElement("EnableDefaultCompileItems", "false"),
            new XElement("GenerateDocumentationFile", "false"));
        var items = new XElement("ItemGroup");
        foreach (var source in sources)
            items.Add(new XElement("Compile", new XAttribute("Include", Path.GetFullPath(source))));
        foreach (var reference in references)
            items.Add(new XElement("Reference", new XAttribute("Include", Path.GetFileNameWithoutExtension(reference)),
                new XElement("HintPath", reference), new XElement("Private", "false")));
        if (projectReference != null)
            items.Add(new XElement("ProjectReference", new XAttribute("Include", projectReference)));
        var project = new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"), properties, items);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, project.ToString() + "\n");
    }

    private static Result Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // A test host or an outer build sets these; the nested build must find its own SDK and MSBuild.
        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "VSTEST_HOST_DEBUG" })
            start.Environment.Remove(variable);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return new Result(process.ExitCode == 0, output.ToString());
    }
}
