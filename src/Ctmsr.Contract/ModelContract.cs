namespace Ctmsr.Training.Export;

/// <summary>The fixed names and numbers of DESIGN.md's model contract, shared by the exporter and its reader.</summary>
public static class ModelContract
{
    public const long OpsetVersion = 17;
    public const long IrVersion = 8;
    public const string FormatVersion = "1";

    public const string LrInput = "lr";
    public const string NoiseInput = "noise";
    public const string SrOutput = "sr";

    /// <summary>Symbolic dimension names: LR height/width and HR (output, noise) height/width.</summary>
    public const string LrHeight = "h";
    public const string LrWidth = "w";
    public const string HrHeight = "H";
    public const string HrWidth = "W";

    public const string KeyFormat = "ctmsr.format";
    public const string KeyScale = "ctmsr.scale";
    public const string KeySigmaMax = "ctmsr.sigma_max";
    public const string KeyPreset = "ctmsr.preset";
    public const string KeyMacPerPixel = "ctmsr.mac_per_px";
    public const string KeyTraining = "ctmsr.training";
}
