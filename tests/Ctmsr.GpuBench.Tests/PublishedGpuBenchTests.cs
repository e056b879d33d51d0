using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;

namespace Ctmsr.GpuBench.Tests;

/// <summary>
/// tools/gpu-bench.sh end to end, as CI runs it so the tool cannot rot: it publishes the self-contained trimmed folder,
/// which then runs a --quick bench on this machine's Vulkan driver (lavapipe in CI) with no .NET on PATH, no DOTNET_ROOT
/// and no ONNX Runtime library anywhere in the folder, and writes every promised field. No figure is compared with a time.
/// </summary>
[NonParallelizable]
public class PublishedGpuBenchTests
{
    private const long MaxFolderBytes = 40L << 20;
    private static string _work = "", _folder = "", _buildLog = "", _runLog = "";
    private static int _buildRc = -1, _runRc = -1;
    private static JsonElement _root;

    [OneTimeSetUp]
    public void BuildAndRunOnce()
    {
        _work = Path.Combine(Path.GetTempPath(), "ctmsr-gpubench-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
        string script = Path.Combine(RepoRoot(), "tools", "gpu-bench.sh");
        string printed;
        (_buildRc, _buildLog, printed) = Run("bash", new[] { script, "--build-only", "--print-dir", "--out-dir", Path.Combine(_work, "folder") }, null);
        if (_buildRc != 0) return;
        _folder = printed.TrimEnd().Split('\n')[^1].Trim(); // --print-dir: the folder is the last line

        // The folder alone: a minimal environment without the SDK on PATH (the apphost must not look for one).
        var env = new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = _work };
        string json = Path.Combine(_work, "quick.json");
        (_runRc, _runLog, _) = Run(Path.Combine(_folder, "gpu-bench.sh"), new[] { "--quick", "--out", json }, env);
        if (_runRc == 0) _root = JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void Script_PublishesASelfContainedFolderUnder40MiB_WithTheLoaderAndNoOnnxRuntime()
    {
        Assert.That(_buildRc, Is.EqualTo(0), _buildLog);
        string[] files = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories);
        long bytes = files.Sum(f => new FileInfo(f).Length);
        string[] names = files.Select(Path.GetFileName).ToArray()!;
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.LessThanOrEqualTo(MaxFolderBytes), $"{bytes / (1 << 20)} MiB");
            Assert.That(names, Does.Contain("ctmsr-gpubench").And.Contain("gpu-bench.sh").And.Contain("libcoreclr.so"));
            Assert.That(names, Has.None.StartsWith("libonnxruntime"));
            if (File.Exists("/usr/lib/x86_64-linux-gnu/libvulkan.so.1") || File.Exists("/lib/x86_64-linux-gnu/libvulkan.so.1"))
                Assert.That(names, Does.Contain("libvulkan.so.1"));
        });
    }

    [Test]
    public void PublishedFolder_RunsQuickBench_AndSaysWhichLoaderItUses()
    {
        Assume.That(_buildRc, Is.EqualTo(0), _buildLog);
        Assert.That(_runRc, Is.EqualTo(0), _runLog);
        Assert.That(_runLog, Does.Contain("Vulkan loader: ").And.Contain("measured peak (the better of two medians bracketing the rows, 6 runs in all").And.Contain("| CTMSR (Vulkan) |"));
    }

    [Test]
    public void PublishedFolder_Json_HasThePeakAndEveryRowOfTheMatrix()
    {
        Assume.That(_runRc, Is.EqualTo(0), _runLog);
        Assert.That(_root.GetProperty("tool").GetString(), Is.EqualTo("ctmsr-gpubench"));
        JsonElement peak = _root.GetProperty("peak");
        Assert.That(peak.GetProperty("fp32_gflops").GetDouble(), Is.GreaterThan(0));
        Assert.That(peak.GetProperty("bandwidth_gbps").GetDouble(), Is.GreaterThan(0));

        JsonElement[] rows = _root.GetProperty("rows").EnumerateArray().ToArray();
        var ctmsr = rows.Where(r => r.GetProperty("method").GetString() == "ctmsr").ToArray();
        Assert.That(rows.Count(r => r.GetProperty("method").GetString() == "easu"), Is.EqualTo(1));
        // Both built-in models in fp32; fp16 as a row or as a skipped entry with its reason.
        Assert.That(ctmsr.Where(r => r.GetProperty("precision").GetString() == "fp32").Select(r => r.GetProperty("model").GetString()),
            Is.EquivalentTo(new[] { "ctmsr-x2.onnx", "ctmsr-x2-tiny.onnx" }));
        int fp16 = ctmsr.Count(r => r.GetProperty("precision").GetString() == "fp16") + _root.GetProperty("skipped").GetArrayLength();
        Assert.That(fp16, Is.EqualTo(2));
        foreach (JsonElement r in ctmsr)
        {
            Assert.That(r.GetProperty("case").GetString(), Is.EqualTo("128x72 -> 256x144"));
            Assert.That(r.GetProperty("gflops").GetDouble(), Is.GreaterThan(0));
            Assert.That(r.GetProperty("fraction_of_peak").GetDouble(), Is.GreaterThan(0));
            Assert.That(r.GetProperty("floor_ms").GetDouble(), Is.GreaterThan(0));
            Assert.That(r.GetProperty("x_easu").GetDouble(), Is.GreaterThan(0));
            Assert.That(r.GetProperty("x_onnxruntime").ValueKind, Is.EqualTo(JsonValueKind.Null)); // no ONNX Runtime here
            Assert.That(r.GetProperty("stages").GetArrayLength(), Is.GreaterThanOrEqualTo(6));
        }
    }

    /// <summary>Runs a process; the exit code, stderr then stdout, and stdout alone.</summary>
    private static (int Rc, string Output, string Stdout) Run(string file, string[] args, Dictionary<string, string?>? env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (env != null)
        {
            psi.Environment.Clear();
            foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            // Keep the display driver's own settings (a test machine may point the loader somewhere).
            foreach (string keep in new[] { "VK_DRIVER_FILES", "VK_ICD_FILENAMES", "LP_NUM_THREADS" })
                if (Environment.GetEnvironmentVariable(keep) is string v) psi.Environment[keep] = v;
        }
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "timed out after 10 minutes\n" + stderr.Result + stdout.Result, stdout.Result);
        }
        return (p.ExitCode, stderr.Result + stdout.Result, stdout.Result);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Ctmsr.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("no Ctmsr.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
