using Ctmsr.Training.Nets;

namespace Ctmsr.Training.Export;

/// <summary>
/// What the export verb needs from a checkpoint. The trainer's checkpoint format lives with the trainer
/// (<c>Ctmsr.Training.Trainer.Checkpoint.LoadEma</c>); the export verb of the command line plugs it in.
/// </summary>
public interface ICheckpointSource
{
    /// <summary>Loads the EMA weights and the facts the export needs; throws a user error naming a bad file.</summary>
    (CompactSrNet Net, ExportCheckpointInfo Info) LoadEma(string path);
}
