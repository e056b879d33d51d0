using Ctmsr.Training.Export;
using Ctmsr.Training.Nets;

namespace Ctmsr.Training.Trainer;

/// <summary>Feeds the exporter from the trainer's checkpoint files (their EMA weights).</summary>
public sealed class TrainerCheckpointSource : ICheckpointSource
{
    public (CompactSrNet Net, ExportCheckpointInfo Info) LoadEma(string path)
    {
        var (net, info) = Checkpoint.LoadEma(path);
        return (net, new ExportCheckpointInfo(info.SigmaMax, info.Scale, info.Preset, info.Iteration, info.Objective,
            info.TrainingSummaryJson, info.PriorIterations));
    }
}
