using Ctmsr.Training.Trainer;
using System.CommandLine;
using Ctmsr.Training.Export;
using Ctmsr.Training.Nets;
using TorchSharp;

namespace Ctmsr.Training.Cli;

/// <summary>The 'export' verb: checkpoint (EMA weights) -> .onnx file following the model contract.</summary>
public static class ExportCommand
{
    /// <summary>Where checkpoints come from: the trainer's checkpoint files (replaceable in tests).</summary>
    public static ICheckpointSource? CheckpointSource { get; set; } = new TrainerCheckpointSource();

    public static Command Create()
    {
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "trainer checkpoint to export (its EMA weights)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "the .onnx file to write", Required = true };
        var cmd = new Command("export", "write a checkpoint's EMA weights as a one-step .onnx model (opset 17, t = 1 folded)")
        {
            checkpoint, output,
        };
        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            var source = CheckpointSource
                ?? throw new UserErrorException("export: no checkpoint loader is connected in this build");
            var report = Run(source, pr.GetValue(checkpoint)!.FullName, pr.GetValue(output)!.FullName);
            Console.WriteLine(report);
            return 0;
        }));
        return cmd;
    }

    /// <summary>Loads, checks and exports; returns a one-line summary.</summary>
    public static string Run(ICheckpointSource source, string checkpointPath, string outPath)
    {
        if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"checkpoint '{checkpointPath}' does not exist", checkpointPath);
        if (!outPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--out '{outPath}' should end in .onnx");
        var (net, info) = source.LoadEma(checkpointPath);
        if (net.Scale != info.Scale)
            throw new InvalidDataException($"checkpoint '{checkpointPath}' says scale {info.Scale}; its network has scale {net.Scale}");
        if (!string.Equals(net.Preset.Name, info.Preset, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"checkpoint '{checkpointPath}' says preset '{info.Preset}'; its network is '{net.Preset.Name}'");
        // A model with NaN or infinite weights gives black frames and the runtime refuses it: say so here, by tensor.
        foreach (var (name, p) in net.named_parameters())
        {
            using var bad = (~torch.isfinite(p)).flatten().nonzero();
            if (bad.shape[0] > 0)
                throw new InvalidDataException(
                    $"checkpoint '{checkpointPath}': EMA tensor '{name}' [{string.Join(", ", p.shape)}] holds {bad.shape[0]} " +
                    $"non-finite values (the first at index {bad[0].item<long>()}); nothing was exported");
        }
        var parsed = string.IsNullOrWhiteSpace(info.TrainingSummaryJson)
            ? new ModelMetadata("unknown", info.Iteration, info.Objective, DateTimeOffset.UtcNow)
            : ModelMetadata.FromTrainingJson(info.TrainingSummaryJson);
        // The checkpoint's own iterations (with those of the runs it was initialised from) and objective win over
        // whatever the summary recorded.
        var meta = parsed with
        {
            Iterations = info.PriorIterations + info.Iteration,
            PriorIterations = info.PriorIterations,
            Objective = info.Objective,
        };
        net.eval();
        OnnxExporter.Export(net, info.SigmaMax, meta, outPath);
        return $"wrote {outPath}: {net.Preset.Name} x{net.Scale}, sigma_max {info.SigmaMax}, " +
               $"{net.Preset.MacPerPixel(net.Scale):F0} MAC/px, iteration {info.Iteration}" +
               (info.PriorIterations > 0 ? $" (+{info.PriorIterations} before --init-from)" : "");
    }
}
