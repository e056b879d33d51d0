namespace Ctmsr.Contract;

/// <summary>
/// The names and limits of the model contract (README, "The model contract"): the one set that the trainer's exporter
/// writes through and <see cref="ModelContractChecker"/> (used by the exporter and by the runtime's loader) checks.
/// </summary>
/// <remarks>
/// Rules decided here, where the trainer's and the runtime's old checks disagreed:
/// <list type="bullet">
/// <item>Opset and IR: every model, at export and at load, imports exactly the default ONNX domain at
/// <see cref="OpsetVersion"/> and no other domain, with IR version <see cref="MinIrVersion"/> or newer. (The runtime
/// used to accept any opset and IR 3; README says it "refuses anything else".)</item>
/// <item>Scale: an integer from <see cref="MinScale"/> to <see cref="MaxScale"/> on both sides (the trainer's nets and
/// the runtime's kernels support exactly these).</item>
/// <item>Metadata: <see cref="FormatKey"/>, <see cref="ScaleKey"/> and <see cref="SigmaMaxKey"/> are required
/// everywhere. <see cref="PresetKey"/>, <see cref="MacPerPixelKey"/> and <see cref="TrainingKey"/> are required of what
/// the trainer exports (<see cref="ContractStage.Export"/>) and optional at load (<see cref="ContractStage.Load"/>), so
/// hand-made contract models such as the runtime's bicubic baseline still load; when present they must be valid.</item>
/// <item>sigma_max: positive at export (the trainer's noise level); zero is allowed at load (a model that ignores the
/// noise).</item>
/// </list>
/// </remarks>
public static class ModelContract
{
    /// <summary>The ONNX operator set of the default domain every contract model imports.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The oldest ONNX IR version the contract accepts (what the exporter writes).</summary>
    public const long MinIrVersion = 8;

    /// <summary>The low-resolution input, [1, 3, h, w] float32 RGB in [0, 1].</summary>
    public const string LowResInput = "lr";

    /// <summary>The noise input, [1, 3, s h, s w] float32 standard normal.</summary>
    public const string NoiseInput = "noise";

    /// <summary>The super-resolved output, [1, 3, s h, s w] float32 RGB in [0, 1].</summary>
    public const string Output = "sr";

    /// <summary>The symbolic height of <see cref="LowResInput"/> in exported models.</summary>
    public const string LowResHeight = "h";

    /// <summary>The symbolic width of <see cref="LowResInput"/> in exported models.</summary>
    public const string LowResWidth = "w";

    /// <summary>The symbolic height of <see cref="NoiseInput"/> and <see cref="Output"/> in exported models.</summary>
    public const string HighResHeight = "H";

    /// <summary>The symbolic width of <see cref="NoiseInput"/> and <see cref="Output"/> in exported models.</summary>
    public const string HighResWidth = "W";

    /// <summary>The number of colour channels of every tensor of the contract.</summary>
    public const int Channels = 3;

    /// <summary>The contract version (metadata <see cref="FormatKey"/>).</summary>
    public const int FormatVersion = 1;

    /// <summary>The smallest integer scale the contract allows.</summary>
    public const int MinScale = 2;

    /// <summary>The largest integer scale the contract allows.</summary>
    public const int MaxScale = 4;

    /// <summary>Metadata key: the contract version, <c>1</c>. Required.</summary>
    public const string FormatKey = "ctmsr.format";

    /// <summary>Metadata key: the integer scale s. Required.</summary>
    public const string ScaleKey = "ctmsr.scale";

    /// <summary>Metadata key: sigma_max, the noise level of the trajectory's end. Required.</summary>
    public const string SigmaMaxKey = "ctmsr.sigma_max";

    /// <summary>Metadata key: the network preset name. Required at export, optional at load.</summary>
    public const string PresetKey = "ctmsr.preset";

    /// <summary>Metadata key: multiply-accumulates per output pixel. Required at export, optional at load; a number.</summary>
    public const string MacPerPixelKey = "ctmsr.mac_per_px";

    /// <summary>Metadata key: a short JSON summary of the training run. Required at export, optional at load.</summary>
    public const string TrainingKey = "ctmsr.training";
}
