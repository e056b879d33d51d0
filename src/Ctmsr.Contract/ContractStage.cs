namespace Ctmsr.Contract;

/// <summary>Which side checks a model: what the exporter must write is stricter than what a loader accepts.</summary>
public enum ContractStage
{
    /// <summary>A model being loaded: preset, MAC/px and training summary are optional (valid when present).</summary>
    Load,

    /// <summary>A model the trainer wrote: every metadata key is required, and the Vulkan plan must read it.</summary>
    Export,
}
