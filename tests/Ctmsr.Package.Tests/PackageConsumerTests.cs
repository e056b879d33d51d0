using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Xml.Linq;
using NUnit.Framework;

namespace Ctmsr.Package.Tests;

/// <summary>
/// Ctmsr.Runtime as a user gets it: `dotnet pack` into a local feed (a unique version per run, built in its own
/// artifacts folder), then a fresh console project in a temporary folder outside the repository (`dotnet new console`,
/// `dotnet add package Ctmsr.Runtime`) that knows the runtime only through that package, built and run on the CPU and
/// on Vulkan (lavapipe in CI). The package's contents are checked file by file. The consumer restores into a private
/// package folder with the machine's global one as a read-only fallback, so no stale cached copy can stand in for the
/// package just packed and nothing is left behind.
/// </summary>
[NonParallelizable]
public class PackageConsumerTests
{
    private const int RenderWidth = 96, RenderHeight = 64, DisplayWidth = 192, DisplayHeight = 128;
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(8);

    private static string _work = "", _repo = "", _version = "", _nupkg = "", _consumer = "";
    private static Step _pack, _create, _add, _build, _cpu, _vulkan, _readme;

    private readonly record struct Step(int Rc, string Log)
    {
        public bool Ok => Rc == 0;
    }

    [OneTimeSetUp]
    public void PackBuildAndRunOnce()
    {
        _repo = RepoRoot();
        _work = Path.Combine(Path.GetTempPath(), "ctmsr-package-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
        string feed = Path.Combine(_work, "feed");
        string suffix = "test" + DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _version = VersionPrefix(_repo) + "-" + suffix;

        _pack = Dotnet(_repo, "pack", Path.Combine(_repo, "src", "Ctmsr.Runtime", "Ctmsr.Runtime.csproj"), "-c", "Release",
            "-o", feed, "--version-suffix", suffix, "--artifacts-path", Path.Combine(_work, "artifacts"), "--nologo", "--disable-build-servers");
        TestContext.Progress.WriteLine($"pack: rc {_pack.Rc}");
        if (!_pack.Ok) return;
        _nupkg = Path.Combine(feed, $"Ctmsr.Runtime.{_version}.nupkg");

        // The consumer lives under the temp folder, so no Directory.Build.* or central package versions of the repository apply.
        _consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(_consumer);
        File.WriteAllText(Path.Combine(_consumer, "nuget.config"), NuGetConfig(feed, GlobalPackagesFolder()));
        _create = Dotnet(_consumer, "new", "console", "--framework", "net10.0", "--no-restore", "--force");
        if (!_create.Ok) return;
        _add = Dotnet(_consumer, "add", "package", "Ctmsr.Runtime", "--version", _version);
        if (!_add.Ok) return;
        string here = TestContext.CurrentContext.TestDirectory;
        File.Copy(Path.Combine(here, "Consumer", "Program.cs"), Path.Combine(_consumer, "Program.cs"), overwrite: true);
        File.WriteAllText(Path.Combine(_consumer, "ReadmeExample.cs"), ReadmeExampleSource(File.ReadAllText(Path.Combine(_repo, "src", "Ctmsr.Runtime", "PACKAGE.md"))));
        _build = Dotnet(_consumer, "build", "-c", "Release", "--nologo", "--disable-build-servers");
        TestContext.Progress.WriteLine($"consumer build: rc {_build.Rc}");
        if (!_build.Ok) return;

        _cpu = Dotnet(_consumer, "run", "-c", "Release", "--no-build", "--", "cpu", Path.Combine(_work, "cpu"));
        _vulkan = Dotnet(_consumer, "run", "-c", "Release", "--no-build", "--", "vulkan", Path.Combine(_work, "vulkan"));
        _readme = Dotnet(_consumer, "run", "-c", "Release", "--no-build", "--", "readme");
        foreach ((string name, Step s) in new[] { ("cpu", _cpu), ("vulkan", _vulkan), ("readme", _readme) })
            TestContext.Progress.WriteLine($"consumer {name}: rc {s.Rc}\n{s.Log.TrimEnd()}");
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void Pack_HoldsBothTargetsWithXmlDocs_TheReadmeAndTheLicence()
    {
        Assert.That(_pack.Rc, Is.EqualTo(0), _pack.Log);
        Assert.That(File.Exists(_nupkg), Is.True, $"{_nupkg} was not written; the feed holds: {string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(_nupkg)!))}");
        using ZipArchive zip = ZipFile.OpenRead(_nupkg);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        TestContext.Out.WriteLine($"{Path.GetFileName(_nupkg)}: {new FileInfo(_nupkg).Length} bytes\n  " + string.Join("\n  ", entries));

        Assert.That(entries, Is.SupersetOf(new[]
        {
            "lib/netstandard2.1/Ctmsr.Runtime.dll", "lib/netstandard2.1/Ctmsr.Runtime.xml",
            "lib/net10.0/Ctmsr.Runtime.dll", "lib/net10.0/Ctmsr.Runtime.xml",
            // The model contract travels inside this one package.
            "lib/netstandard2.1/Ctmsr.Contract.dll", "lib/netstandard2.1/Ctmsr.Contract.xml",
            "lib/net10.0/Ctmsr.Contract.dll", "lib/net10.0/Ctmsr.Contract.xml",
            "README.md", "LICENSE", "Ctmsr.Runtime.nuspec",
        }));
        Assert.That(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Select(e => e.Split('/')[1]).Distinct(),
            Is.EquivalentTo(new[] { "netstandard2.1", "net10.0" }));
        foreach (string tfm in new[] { "netstandard2.1", "net10.0" })
            Assert.That(ReadText(zip, $"lib/{tfm}/Ctmsr.Runtime.xml"), Does.Contain("<member name=\"T:Ctmsr.Runtime.UpscalerContext\">"), tfm);
        Assert.That(ReadText(zip, "README.md"), Is.EqualTo(File.ReadAllText(Path.Combine(_repo, "src", "Ctmsr.Runtime", "PACKAGE.md"))));
        Assert.That(ReadText(zip, "LICENSE"), Is.EqualTo(File.ReadAllText(Path.Combine(_repo, "LICENSE"))));
    }

    [Test]
    public void Nuspec_TakesItsVersionAndMetadataFromDirectoryBuildProps_AndDependsOnOnnxRuntimesCpuBuildForBothTargets()
    {
        Assume.That(_pack.Ok && File.Exists(_nupkg), _pack.Log);
        using ZipArchive zip = ZipFile.OpenRead(_nupkg);
        XElement meta = XDocument.Parse(ReadText(zip, "Ctmsr.Runtime.nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => meta.Elements().Single(e => e.Name.LocalName == name).Value;
        XElement props = XDocument.Load(Path.Combine(_repo, "Directory.Build.props")).Root!;
        string Prop(string name) => props.Descendants(name).Single().Value;

        Assert.Multiple(() =>
        {
            Assert.That(Field("id"), Is.EqualTo("Ctmsr.Runtime"));
            Assert.That(Field("version"), Is.EqualTo(_version));
            Assert.That(Field("authors"), Is.EqualTo(Prop("Authors")));
            Assert.That(Field("description"), Is.EqualTo(Prop("Description")));
            Assert.That(Field("license"), Is.EqualTo(Prop("PackageLicenseExpression")));
            Assert.That(Field("readme"), Is.EqualTo("README.md"));
            Assert.That(Field("tags").Split(' '), Is.EquivalentTo(Prop("PackageTags").Split(';')));
        });

        XElement[] groups = meta.Elements().Single(e => e.Name.LocalName == "dependencies").Elements().ToArray();
        Assert.That(groups.Select(g => g.Attribute("targetFramework")?.Value), Is.EquivalentTo(new[] { ".NETStandard2.1", "net10.0" }));
        foreach (XElement g in groups)
        {
            var deps = g.Elements().ToDictionary(d => d.Attribute("id")!.Value, d => d);
            string tfm = g.Attribute("targetFramework")!.Value;
            Assert.That(deps.Keys, Is.SupersetOf(new[] { "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Managed", "Silk.NET.Vulkan", "OnnxSharp", "Google.Protobuf" }), tfm);
            Assert.That(deps.Keys, Has.None.StartsWith("Microsoft.ML.OnnxRuntime.Gpu"), tfm);
            Assert.That(deps.Keys, Has.None.StartsWith("Ctmsr."), tfm + ": Ctmsr.Contract is inside the package, not a dependency");
            // The native library must reach the consumer: its "native" and "runtime" assets may not be excluded.
            string exclude = deps["Microsoft.ML.OnnxRuntime"].Attribute("exclude")?.Value ?? "";
            Assert.That(exclude.Split(','), Has.None.EqualTo("Native").And.None.EqualTo("Runtime").And.None.EqualTo("All"), tfm);
        }
    }

    [TestCase("netstandard2.1")]
    [TestCase("net10.0")]
    public void PackedAssembly_EmbedsTheDefaultModel_TheSpirvKernels_AndAPortablePdbWithItsSources(string tfm)
    {
        Assume.That(_pack.Ok && File.Exists(_nupkg), _pack.Log);
        using ZipArchive zip = ZipFile.OpenRead(_nupkg);
        using var dll = new MemoryStream();
        using (Stream s = zip.GetEntry($"lib/{tfm}/Ctmsr.Runtime.dll")!.Open()) s.CopyTo(dll);
        dll.Position = 0;
        using var pe = new PEReader(dll);
        MetadataReader md = pe.GetMetadataReader();
        string[] resources = md.ManifestResources.Select(h => md.GetString(md.GetManifestResource(h).Name)).ToArray();

        Assert.That(resources, Does.Contain("Ctmsr.Runtime.ctmsr-x2.onnx"));
        Assert.That(resources.Where(r => r.StartsWith("Ctmsr.Shaders.", StringComparison.Ordinal) && r.EndsWith(".spv", StringComparison.Ordinal)),
            Is.SupersetOf(new[] { "Ctmsr.Shaders.conv.comp.body.f32.spv", "Ctmsr.Shaders.conv.comp.last.f16.spv", "Ctmsr.Shaders.resample.comp.f32.spv" }));
        DebugDirectoryEntry pdbEntry = pe.ReadDebugDirectory().SingleOrDefault(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        Assert.That(pdbEntry.DataSize, Is.GreaterThan(0), "no embedded portable PDB");
        using MetadataReaderProvider pdb = pe.ReadEmbeddedPortablePdbDebugDirectoryData(pdbEntry);
        MetadataReader p = pdb.GetMetadataReader();
        var embeddedSource = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
        int documents = p.Documents.Count;
        int withSource = p.CustomDebugInformation.Count(h =>
        {
            CustomDebugInformation c = p.GetCustomDebugInformation(h);
            return c.Parent.Kind == HandleKind.Document && p.GetGuid(c.Kind) == embeddedSource;
        });
        string[] names = p.Documents.Select(h => p.GetString(p.GetDocument(h).Name)).ToArray();
        Assert.That(names.Any(n => n.EndsWith("UpscalerContext.cs", StringComparison.Ordinal)), Is.True, "UpscalerContext.cs is not among the PDB's documents");
        Assert.That(withSource, Is.EqualTo(documents), $"{withSource} of {documents} documents carry their source");
    }

    [Test]
    public void Consumer_RestoresThePackageFromTheLocalFeed_AndBuildsWithOnnxRuntimesCpuLibrary()
    {
        Assume.That(_pack.Ok, _pack.Log);
        Assert.That(_create.Rc, Is.EqualTo(0), _create.Log);
        Assert.That(_add.Rc, Is.EqualTo(0), _add.Log);
        Assert.That(_build.Rc, Is.EqualTo(0), _build.Log);
        string csproj = File.ReadAllText(Path.Combine(_consumer, "consumer.csproj"));
        Assert.That(csproj, Does.Contain($"<PackageReference Include=\"Ctmsr.Runtime\" Version=\"{_version}\" />"));
        Assert.That(csproj, Does.Not.Contain("ProjectReference").And.Not.Contain("OnnxRuntime").And.Not.Contain("Silk"));
        string bin = Path.Combine(_consumer, "bin", "Release", "net10.0");
        Assert.That(File.Exists(Path.Combine(bin, "Ctmsr.Runtime.dll")), Is.True);
        Assert.That(File.Exists(Path.Combine(bin, "Ctmsr.Contract.dll")), Is.True, "the contract assembly did not reach the consumer's output");
        Assert.That(File.Exists(Path.Combine(bin, "runtimes", "linux-x64", "native", "libonnxruntime.so")), Is.True,
            "ONNX Runtime's native library did not reach the consumer's output");
        // The package came from the feed just written, into this consumer's private package folder.
        string restored = Path.Combine(_work, "packages", "ctmsr.runtime", _version.ToLowerInvariant());
        Assert.That(File.Exists(Path.Combine(restored, $"ctmsr.runtime.{_version.ToLowerInvariant()}.nupkg")), Is.True, restored);
    }

    [Test]
    public void Consumer_OnTheCpuBackend_UpscalesTheFrameOnTheCpu()
    {
        Assume.That(_build.Ok, _build.Log);
        Assert.That(_cpu.Rc, Is.EqualTo(0), _cpu.Log);
        Assert.That(Fact(_cpu, "backend"), Is.EqualTo("Cpu"), _cpu.Log);
        Assert.That(Fact(_cpu, "model"), Does.Contain("(x2,"), _cpu.Log);
        CheckFrame(_cpu, "cpu");
    }

    [Test]
    public void Consumer_OnTheVulkanBackend_RunsOnVulkan_AndAgreesWithTheCpu()
    {
        Assume.That(_build.Ok, _build.Log);
        Assert.That(_vulkan.Rc, Is.EqualTo(0), _vulkan.Log);
        Assert.That(Fact(_vulkan, "backend"), Is.EqualTo("Vulkan"), _vulkan.Log);
        Assert.That(Fact(_vulkan, "reason"), Does.Contain("fp32"), _vulkan.Log);
        CheckFrame(_vulkan, "vulkan");

        Assume.That(_cpu.Ok, _cpu.Log);
        byte[] cpu = File.ReadAllBytes(Path.Combine(_work, "cpu", "out.rgba"));
        byte[] vk = File.ReadAllBytes(Path.Combine(_work, "vulkan", "out.rgba"));
        int maxDiff = 0, differing = 0;
        for (int i = 0; i < cpu.Length; i++)
        {
            int d = Math.Abs(cpu[i] - vk[i]);
            maxDiff = Math.Max(maxDiff, d);
            if (d != 0) differing++;
        }
        TestContext.Out.WriteLine($"CPU vs Vulkan: max diff {maxDiff}, {differing} of {cpu.Length} bytes differ");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1), "8-bit outputs may differ only where a value sits on a rounding edge");
        Assert.That(differing, Is.LessThan(cpu.Length / 100), "more than 1 % of the bytes differ");
    }

    [Test]
    public void Consumer_ThePackageReadmesExample_CompilesAndRuns()
    {
        Assume.That(_pack.Ok && _create.Ok && _add.Ok, _pack.Log + _create.Log + _add.Log);
        Assert.That(_build.Rc, Is.EqualTo(0), "the README example is part of the consumer's build\n" + _build.Log);
        Assert.That(_readme.Rc, Is.EqualTo(0), _readme.Log);
        Assert.That(_readme.Log, Does.Match(@"(?m)^(Vulkan|Cuda|Cpu): \S"), "the example prints the backend and its reason");
    }

    /// <summary>Size, alpha, content: not uniform, and the output box-downscaled back to the render size is the input within 25 dB PSNR.</summary>
    private static void CheckFrame(Step run, string dir)
    {
        Assert.That(Fact(run, "size"), Is.EqualTo($"{DisplayWidth}x{DisplayHeight}"));
        byte[] input = File.ReadAllBytes(Path.Combine(_work, dir, "in.rgba"));
        byte[] output = File.ReadAllBytes(Path.Combine(_work, dir, "out.rgba"));
        Assert.That(output, Has.Length.EqualTo(4 * DisplayWidth * DisplayHeight));

        double sum = 0, sumSq = 0, se = 0;
        int opaque = 0;
        for (int i = 0; i < output.Length; i += 4)
        {
            double luma = 0.299 * output[i] + 0.587 * output[i + 1] + 0.114 * output[i + 2];
            sum += luma;
            sumSq += luma * luma;
            if (output[i + 3] == 255) opaque++;
        }
        int pixels = DisplayWidth * DisplayHeight;
        double std = Math.Sqrt(Math.Max(0, sumSq / pixels - (sum / pixels) * (sum / pixels)));
        for (int y = 0; y < RenderHeight; y++)
            for (int x = 0; x < RenderWidth; x++)
                for (int c = 0; c < 3; c++)
                {
                    int o(int dx, int dy) => output[4 * ((2 * y + dy) * DisplayWidth + 2 * x + dx) + c];
                    double down = (o(0, 0) + o(1, 0) + o(0, 1) + o(1, 1)) / 4.0;
                    double d = down - input[4 * (y * RenderWidth + x) + c];
                    se += d * d;
                }
        double psnr = 10 * Math.Log10(255.0 * 255.0 / (se / (3.0 * RenderWidth * RenderHeight)));
        TestContext.Out.WriteLine($"{dir}: luma std {std:0.0}, box-down PSNR vs input {psnr:0.00} dB, mean {Fact(run, "mean")}");
        Assert.That(opaque, Is.EqualTo(pixels), "an opaque input must stay opaque");
        Assert.That(std, Is.GreaterThan(20), "the output is nearly uniform");
        Assert.That(psnr, Is.GreaterThan(25), "the output does not look like the input");
    }

    private static string Fact(Step run, string key)
    {
        string prefix = key + "=";
        foreach (string line in run.Log.Split('\n'))
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..].TrimEnd('\r');
        Assert.Fail($"the consumer printed no '{key}=' line:\n{run.Log}");
        return "";
    }

    /// <summary>The first csharp block of PACKAGE.md as a method: its leading using directives on top, the rest as the body.</summary>
    internal static string ReadmeExampleSource(string markdown)
    {
        const string open = "```csharp\n";
        int start = markdown.IndexOf(open, StringComparison.Ordinal);
        if (start < 0) throw new InvalidDataException("PACKAGE.md has no ```csharp block");
        start += open.Length;
        int end = markdown.IndexOf("```", start, StringComparison.Ordinal);
        if (end < 0) throw new InvalidDataException("PACKAGE.md's ```csharp block is not closed");
        var usings = new StringBuilder();
        var body = new StringBuilder();
        bool header = true; // using directives come first; "using var" further down is a statement
        foreach (string line in markdown[start..end].Split('\n'))
        {
            header &= line.Length == 0 || (line.StartsWith("using ", StringComparison.Ordinal) && !line.Contains('='));
            (header ? usings : body).AppendLine(line);
        }
        return usings + "\ninternal static class ReadmeExample\n{\n    public static void Run()\n    {\n" + body + "    }\n}\n";
    }

    private static string NuGetConfig(string feed, string globalFolder) =>
        // The local feed on top of the machine's own sources; the machine's global folder serves what it already holds.
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="ctmsr-local" value="{feed}" />
          </packageSources>
          <fallbackPackageFolders>
            <add key="machine" value="{globalFolder}" />
          </fallbackPackageFolders>
        </configuration>
        """;

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string VersionPrefix(string repo) =>
        XDocument.Load(Path.Combine(repo, "Directory.Build.props")).Root!.Descendants("VersionPrefix").Single().Value;

    private static string ReadText(ZipArchive zip, string entry)
    {
        ZipArchiveEntry e = zip.GetEntry(entry) ?? throw new FileNotFoundException($"{entry} is not in the package");
        using var r = new StreamReader(e.Open());
        return r.ReadToEnd();
    }

    /// <summary>Runs the dotnet CLI in <paramref name="dir"/> without the test host's MSBuild settings.</summary>
    private static Step Dotnet(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (string key in psi.Environment.Keys.ToArray())
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        // The consumer's private package folder (its nuget.config names the machine's as a fallback); the pack itself
        // restores the repository's way.
        if (dir != _repo) psi.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "packages");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(StepLimit))
        {
            p.Kill(entireProcessTree: true);
            return new Step(-1, $"dotnet {string.Join(' ', args)}: no exit after {StepLimit.TotalMinutes} minutes\n{stderr.Result}{stdout.Result}");
        }
        string log = $"$ dotnet {string.Join(' ', args)}   ({sw.Elapsed.TotalSeconds:0.0} s)\n{stdout.Result}{stderr.Result}";
        return new Step(p.ExitCode, log);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Ctmsr.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("no Ctmsr.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
