namespace Ctmsr.Runtime;

/// <summary>
/// Named ratios of display size to render size, per axis, as in FSR and Unity's upscaler interface.
/// <see cref="QualityModes.Ratio(QualityMode)"/> gives the number.
/// </summary>
public enum QualityMode
{
    /// <summary>Render at display / 1.3.</summary>
    UltraQuality = 0,

    /// <summary>Render at display / 1.5.</summary>
    Quality = 1,

    /// <summary>Render at display / 1.7.</summary>
    Balanced = 2,

    /// <summary>Render at display / 2.0.</summary>
    Performance = 3,

    /// <summary>Render at display / 3.0.</summary>
    UltraPerformance = 4,
}
