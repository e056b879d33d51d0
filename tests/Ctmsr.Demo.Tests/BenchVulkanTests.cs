using System.Text.Json;
using NUnit.Framework;

namespace Ctmsr.Demo.Tests;

/// <summary>
/// <c>bench --vulkan --json</c> end to end on this machine's Vulkan driver (lavapipe in CI), at the small case with two
/// frames: the JSON carries the device, the measured peaks, every row (ONNX Runtime, bicubic graph, CTMSR on Vulkan,
/// EASU-style) with every field, and the Vulkan rows' GPU stages. No figure is compared with a time.
/// </summary>
[NonParallelizable] // Redirects Console.
public class BenchVulkanTests
{
    private static string _dir = "";
    private static int _rc;
    private static string _stdout = "", _stderr = "";
    private static JsonElement _root;

    private static readonly string[] TopFields = { "tool", "schema", "started_utc", "command", "host", "settings", "device", "peak", "peak_error", "rows", "skipped" };
    private static readonly string[] RowFields =
    {
        "method", "case", "render", "display", "model", "preset", "mac_per_px", "scale", "precision", "backend", "reason", "frames",
        "host_ms", "gpu_ms", "time_basis", "managed_bytes_per_frame", "flop_per_frame", "gflops", "fraction_of_peak", "peak_used",
        "floor_ms", "x_easu", "x_onnxruntime", "stages",
    };

    [OneTimeSetUp]
    public void RunOnce()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ctmsr-bench-vulkan-" + Guid.NewGuid().ToString("N"));
        string json = Path.Combine(_dir, "bench.json");
        (_rc, _stdout, _stderr) = Cli.Run("bench", "--vulkan", "--small", "--frames", "2", "--warmup", "1", "--threads", "1", "--backend", "Cpu",
            "--model", TinyModel(), "--json", json);
        if (_rc == 0) _root = JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>models/ctmsr-x2-tiny.onnx of this checkout, found upward from the test binaries.</summary>
    private static string TinyModel()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "models", "ctmsr-x2-tiny.onnx");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("models/ctmsr-x2-tiny.onnx not found above " + TestContext.CurrentContext.TestDirectory);
    }

    [Test]
    public void BenchVulkan_Succeeds_AndPrintsThePeakAndBothTables()
    {
        Assert.That(_rc, Is.EqualTo(0), _stderr + _stdout);
        Assert.That(_stdout, Does.Contain("measured peak (the better of two medians").And.Contain("GPU stages").And.Contain("| CTMSR (Vulkan) |")
            .And.Contain("| EASU-style (Vulkan) |"));
    }

    [Test]
    public void BenchVulkanJson_HasEveryTopLevelFieldAndTheMeasuredPeak()
    {
        Assume.That(_rc, Is.EqualTo(0), _stderr);
        foreach (string f in TopFields) Assert.That(_root.TryGetProperty(f, out _), Is.True, f);
        JsonElement peak = _root.GetProperty("peak");
        Assert.Multiple(() =>
        {
            Assert.That(_root.GetProperty("device").GetProperty("name").GetString(), Is.Not.Empty);
            Assert.That(_root.GetProperty("device").GetProperty("driver").GetString(), Is.Not.Empty);
            Assert.That(peak.GetProperty("fp32_gflops").GetDouble(), Is.GreaterThan(0));
            Assert.That(peak.GetProperty("bandwidth_gbps").GetDouble(), Is.GreaterThan(0));
            Assert.That(peak.GetProperty("fp16_gflops").ValueKind == JsonValueKind.Number || peak.GetProperty("fp16_absent").ValueKind == JsonValueKind.String, Is.True);
            Assert.That(_root.GetProperty("settings").GetProperty("frames").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public void BenchVulkanJson_EveryRowHasEveryField_AndEachMethodAppearsOnce()
    {
        Assume.That(_rc, Is.EqualTo(0), _stderr);
        JsonElement[] rows = _root.GetProperty("rows").EnumerateArray().ToArray();
        Assert.That(rows.Select(r => r.GetProperty("method").GetString()), Is.EquivalentTo(new[] { "onnxruntime", "bicubic-graph", "ctmsr", "easu" }));
        foreach (JsonElement row in rows)
        {
            foreach (string f in RowFields) Assert.That(row.TryGetProperty(f, out _), Is.True, $"{row.GetProperty("method")}: {f}");
            Assert.That(row.GetProperty("case").GetString(), Is.EqualTo("480x270 -> 960x540"));
            Assert.That(row.GetProperty("frames").GetInt32(), Is.EqualTo(2));
            Assert.That(row.GetProperty("host_ms").GetProperty("p50").GetDouble(), Is.GreaterThan(0));
        }
    }

    [Test]
    public void BenchVulkanJson_CtmsrRow_IsSetAgainstThePeakTheShaderAndOnnxRuntime()
    {
        Assume.That(_rc, Is.EqualTo(0), _stderr);
        JsonElement row = _root.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("method").GetString() == "ctmsr");
        Assert.Multiple(() =>
        {
            Assert.That(row.GetProperty("model").GetString(), Is.EqualTo("ctmsr-x2-tiny.onnx"));
            Assert.That(row.GetProperty("mac_per_px").GetDouble(), Is.EqualTo(2700));
            Assert.That(row.GetProperty("precision").GetString(), Is.AnyOf("fp32", "fp16"));
            Assert.That(row.GetProperty("gflops").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("fraction_of_peak").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("floor_ms").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("x_easu").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("x_onnxruntime").GetDouble(), Is.GreaterThan(0));
            // 2 MAC/px x 960 x 540 output pixels x 2 flop.
            Assert.That(row.GetProperty("flop_per_frame").GetDouble(), Is.EqualTo(2.0 * 2700 * 960 * 540).Within(1));
        });
    }

    [Test]
    public void BenchVulkanJson_CtmsrStages_CoverFirstBodyLastAndResample_WithConvFlop()
    {
        Assume.That(_rc, Is.EqualTo(0), _stderr);
        JsonElement row = _root.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("method").GetString() == "ctmsr");
        Assume.That(row.GetProperty("gpu_ms").ValueKind, Is.EqualTo(JsonValueKind.Object), "this device has no timestamp queries");
        JsonElement[] stages = row.GetProperty("stages").EnumerateArray().ToArray();
        string?[] names = stages.Select(s => s.GetProperty("name").GetString()).ToArray();
        Assert.That(names, Does.Contain("first").And.Contain("body").And.Contain("last").And.Contain("resample").And.Contain("upload").And.Contain("download"));
        double convFlop = stages.Where(s => s.GetProperty("flop").ValueKind == JsonValueKind.Number).Sum(s => s.GetProperty("flop").GetDouble());
        // The conv stages together are the model's whole arithmetic.
        Assert.That(convFlop, Is.EqualTo(row.GetProperty("flop_per_frame").GetDouble()).Within(0.001).Percent);
        foreach (JsonElement s in stages)
            foreach (string f in new[] { "name", "layer", "gpu_ms", "flop", "gflops", "fraction_of_peak" })
                Assert.That(s.TryGetProperty(f, out _), Is.True, f);
    }
}
