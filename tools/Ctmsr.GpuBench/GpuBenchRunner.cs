using Ctmsr.Bench;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.GpuBench;

/// <summary>
/// The bench matrix: the device's peak first, then per case the EASU-style shader and every model in fp32 and fp16 (fp16
/// only where the device can run it; otherwise a skipped row with the reason). A row that fails is skipped with its error,
/// and the rest still run.
/// </summary>
public sealed class GpuBenchRunner(GpuBenchOptions options, IReadOnlyList<(CtmsrModel Model, string Label)> models,
    IReadOnlyList<BenchCase> cases, IReadOnlyList<string> args, TextWriter log)
{
    /// <exception cref="VulkanUnavailableException">No loader, no device, or none matches --device.</exception>
    public BenchReport Run()
    {
        var settings = new BenchSettings(options.Frames, options.Warmup, options.SecondsPerRow, Math.Min(3, options.Frames));
        var commandLine = new List<string> { "ctmsr-gpubench" };
        commandLine.AddRange(args);
        var report = new BenchReport("ctmsr-gpubench", settings, commandLine);

        log.WriteLine("ctmsr-gpubench: measuring the device's peak" + (options.Device != null ? $" (device matching '{options.Device}')" : ""));
        VulkanPeak peak = VulkanCalibration.Measure(options.Device, options.CalibrationMilliseconds, options.CalibrationRepetitions);
        report.Peak = peak;
        log.WriteLine("ctmsr-gpubench: " + peak);
        string device = peak.DeviceName; // every row on exactly the device measured

        foreach (BenchCase c in cases)
        {
            byte[] frame = BenchFrame.Generate(c.Render.Width, c.Render.Height);
            if (options.Easu) Try(report, c, BenchRow.Easu, null, null, () => EasuBench.Time(c, device, frame, settings));
            foreach (var (model, label) in models)
            {
                if (options.Fp32)
                    Try(report, c, BenchRow.Ctmsr, label, "fp32", () => CtmsrVulkanBench.Time(model, label, c, VulkanPrecision.Fp32, device, frame, settings));
                if (!options.Fp16) continue;
                if (!peak.SupportsFp16Backend)
                {
                    report.Skipped.Add(new BenchSkip(c, BenchRow.Ctmsr, label, "fp16", $"{peak.DeviceName} lacks 16-bit storage buffers or shaderFloat16"));
                    continue;
                }
                Try(report, c, BenchRow.Ctmsr, label, "fp16", () => CtmsrVulkanBench.Time(model, label, c, VulkanPrecision.Fp16, device, frame, settings));
            }
        }
        // The peak again after the rows, the better of the two kept (on a shared machine the load moves).
        report.Peak = peak.Best(VulkanCalibration.Measure(device, options.CalibrationMilliseconds, options.CalibrationRepetitions));
        log.WriteLine("ctmsr-gpubench: peak, the better of before and after the rows: " + report.Peak);
        report.Complete();
        return report;
    }

    private void Try(BenchReport report, BenchCase c, string method, string? model, string? precision, Func<BenchRow> time)
    {
        string what = $"{c} {method}{(model != null ? " " + model : "")}{(precision != null ? " " + precision : "")}";
        log.WriteLine("ctmsr-gpubench: timing " + what);
        try
        {
            BenchRow row = time();
            report.Rows.Add(row);
            log.WriteLine($"ctmsr-gpubench:   {row.Frames} frames, p50 {BenchReport.Ms(row.Milliseconds)} ms ({row.TimeBasis})");
        }
        catch (Exception ex) when (ex is NotSupportedException || ex is VulkanException || ex is VulkanUnavailableException || ex is CtmsrModelException)
        {
            report.Skipped.Add(new BenchSkip(c, method, model, precision, ex.GetType().Name + ": " + ex.Message));
            log.WriteLine("ctmsr-gpubench:   skipped: " + ex.Message);
        }
    }
}
