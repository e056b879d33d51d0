using Ctmsr.Training.Nets;

namespace Ctmsr.Training.Export;

/// <summary>
/// The checkpoint facts the exporter uses (a mirror of the trainer's CheckpointInfo). <paramref name="Iteration"/> is
/// this run's; <paramref name="PriorIterations"/> those of the runs its starting weights came from (--init-from).
/// </summary>
public sealed record ExportCheckpointInfo(
    double SigmaMax, int Scale, string Preset, long Iteration, string Objective, string TrainingSummaryJson,
    long PriorIterations = 0);
