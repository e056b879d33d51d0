namespace Ctmsr.Training.Degradation;

/// <summary>How the HR image is reduced to LR size.</summary>
public enum DownscaleKernel
{
    /// <summary>Box average over s x s blocks (avg_pool2d): what a supersampled render gives.</summary>
    Area,

    /// <summary>Bilinear, no antialiasing, half-pixel centres: a cheap render-target blit.</summary>
    Bilinear,

    /// <summary>Bicubic with antialiasing (PyTorch/PIL style): the usual SR benchmark protocol.</summary>
    AntialiasedBicubic,

    /// <summary>Nearest neighbour: a plain low-resolution render (aliased).</summary>
    Nearest,
}
