namespace Ctmsr.Runtime.Models;

/// <summary>
/// The names and limits of the model contract, kept under this name for existing callers. The one definition, with
/// the contract's rules, is <see cref="Ctmsr.Contract.ModelContract"/>; every constant here is that one's.
/// </summary>
public static class ModelContract
{
    /// <summary>The low-resolution input, [1, 3, h, w] float32 RGB in [0, 1].</summary>
    public const string LowResInput = Contract.ModelContract.LowResInput;

    /// <summary>The noise input, [1, 3, s h, s w] float32 standard normal.</summary>
    public const string NoiseInput = Contract.ModelContract.NoiseInput;

    /// <summary>The super-resolved output, [1, 3, s h, s w] float32 RGB in [0, 1].</summary>
    public const string Output = Contract.ModelContract.Output;

    /// <summary>The number of colour channels of every tensor of the contract.</summary>
    public const int Channels = Contract.ModelContract.Channels;

    /// <summary>The contract version this runtime reads (metadata <see cref="FormatKey"/>).</summary>
    public const int FormatVersion = Contract.ModelContract.FormatVersion;

    /// <summary>The smallest integer scale the contract allows.</summary>
    public const int MinScale = Contract.ModelContract.MinScale;

    /// <summary>The largest integer scale the contract allows.</summary>
    public const int MaxScale = Contract.ModelContract.MaxScale;

    /// <summary>Metadata key: the contract version. Required.</summary>
    public const string FormatKey = Contract.ModelContract.FormatKey;

    /// <summary>Metadata key: the integer scale s. Required.</summary>
    public const string ScaleKey = Contract.ModelContract.ScaleKey;

    /// <summary>Metadata key: sigma_max. Required.</summary>
    public const string SigmaMaxKey = Contract.ModelContract.SigmaMaxKey;

    /// <summary>Metadata key: the network preset name. Optional at load.</summary>
    public const string PresetKey = Contract.ModelContract.PresetKey;

    /// <summary>Metadata key: multiply-accumulates per output pixel. Optional at load; a number when present.</summary>
    public const string MacPerPixelKey = Contract.ModelContract.MacPerPixelKey;

    /// <summary>Metadata key: a short JSON summary of the training run. Optional at load.</summary>
    public const string TrainingKey = Contract.ModelContract.TrainingKey;
}
