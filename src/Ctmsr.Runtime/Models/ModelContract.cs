namespace Ctmsr.Runtime.Models
{
    /// <summary>
    /// The names and limits of the model contract (DESIGN.md, "The model contract"): what the trainer writes and the
    /// runtime reads.
    /// </summary>
    public static class ModelContract
    {
        /// <summary>The low-resolution input, [1, 3, h, w] float32 RGB in [0, 1].</summary>
        public const string LowResInput = "lr";

        /// <summary>The noise input, [1, 3, s h, s w] float32 standard normal.</summary>
        public const string NoiseInput = "noise";

        /// <summary>The super-resolved output, [1, 3, s h, s w] float32 RGB in [0, 1].</summary>
        public const string Output = "sr";

        /// <summary>The number of colour channels of every tensor of the contract.</summary>
        public const int Channels = 3;

        /// <summary>The contract version this runtime reads (metadata <see cref="FormatKey"/>).</summary>
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

        /// <summary>Metadata key: the network preset name. Optional.</summary>
        public const string PresetKey = "ctmsr.preset";

        /// <summary>Metadata key: multiply-accumulates per output pixel. Optional; a number when present.</summary>
        public const string MacPerPixelKey = "ctmsr.mac_per_px";

        /// <summary>Metadata key: a short JSON summary of the training run. Optional.</summary>
        public const string TrainingKey = "ctmsr.training";
    }
}
