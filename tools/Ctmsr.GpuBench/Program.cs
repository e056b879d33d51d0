using Ctmsr.Bench;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.GpuBench;

/// <summary>ctmsr-gpubench: see <see cref="GpuBenchOptions.Usage"/>. Exit codes: 0 done, 1 no CTMSR row ran, 2 bad arguments or model, 3 no Vulkan device.</summary>
public static class Program
{
    public const int Ok = 0, NothingRan = 1, UsageError = 2, NoDevice = 3;

    public static int Main(string[] args)
    {
        GpuBenchOptions options;
        try
        {
            options = GpuBenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("ctmsr-gpubench: error: " + ex.Message);
            return UsageError;
        }
        if (options.Help)
        {
            Console.WriteLine(GpuBenchOptions.Usage);
            return Ok;
        }

        string? loader = BenchEnvironment.UseVulkanLoaderBeside(AppContext.BaseDirectory);
        Console.Error.WriteLine("ctmsr-gpubench: Vulkan loader: " + (loader ?? "the system's " + BenchEnvironment.LoaderFileName));

        List<(CtmsrModel Model, string Label)> models;
        List<BenchCase> cases;
        try
        {
            models = LoadModels(options);
            cases = options.Cases.Select(c => BenchCase.Parse(c, models[0].Model.Scale)).ToList();
            if (models.Any(m => m.Model.Scale != models[0].Model.Scale))
                throw new ArgumentException("every --model must have the same scale (the cases are render sizes times that scale)");
        }
        catch (Exception ex) when (ex is CtmsrModelException || ex is ArgumentException || ex is FormatException)
        {
            Console.Error.WriteLine("ctmsr-gpubench: error: " + ex.Message);
            return UsageError;
        }

        var runner = new GpuBenchRunner(options, models, cases, args, Console.Error);
        BenchReport report;
        try
        {
            report = runner.Run();
        }
        catch (VulkanUnavailableException ex)
        {
            Console.Error.WriteLine("ctmsr-gpubench: error: no usable Vulkan device: " + ex.Message);
            return NoDevice;
        }

        report.WriteTables(Console.Out);
        string path = Path.GetFullPath(options.Out);
        string? dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using (FileStream stream = File.Create(path)) report.WriteJson(stream);
        Console.WriteLine("wrote " + path);
        return report.Rows.Any(r => r.Method == BenchRow.Ctmsr) ? Ok : NothingRan;
    }

    /// <summary>The --model files, or the built-in pair: the runtime's embedded ctmsr-x2.onnx and this tool's ctmsr-x2-tiny.onnx.</summary>
    private static List<(CtmsrModel, string)> LoadModels(GpuBenchOptions options)
    {
        var models = new List<(CtmsrModel, string)>();
        foreach (string path in options.Models)
            models.Add((CtmsrModel.Load(path), Path.GetFileName(path)));
        if (models.Count > 0) return models;
        models.Add((CtmsrModel.LoadEmbedded(2), "ctmsr-x2.onnx"));
        using Stream? tiny = typeof(Program).Assembly.GetManifestResourceStream("Ctmsr.GpuBench.ctmsr-x2-tiny.onnx");
        if (tiny != null) models.Add((CtmsrModel.Load(tiny, "(built in) ctmsr-x2-tiny.onnx"), "ctmsr-x2-tiny.onnx"));
        return models;
    }
}
