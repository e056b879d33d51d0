using Ctmsr.Runtime;
using Ctmsr.Runtime.Tests;

namespace Ctmsr.Contract.Tests;

/// <summary>
/// The one place this project reaches into the Vulkan backend: its SR buffer (the model's output before the resample
/// pass), read back after a dispatch through the runtime tests' typed read-backs (VulkanReadBacks.cs, linked). Kept apart so a change of the backend's test seam is a change of this file only.
/// </summary>
internal static class VulkanSeam
{
    /// <summary>The SR buffer (RGBA float per pixel) as planar [3, height, width].</summary>
    public static float[] ReadSrPlanar(UpscalerContext context, int width, int height)
    {
        var backend = context.VulkanBackend
            ?? throw new InvalidOperationException($"the context runs on {context.Backend}, not Vulkan: {context.BackendReason}");
        float[] rgba = VulkanReadBacks.Sr(backend);
        int pixels = width * height;
        if (rgba.Length < 4 * pixels)
            throw new InvalidOperationException($"the SR buffer holds {rgba.Length} floats; {width}x{height} RGBA needs {4 * pixels}");
        var planar = new float[3 * pixels];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < pixels; i++) planar[c * pixels + i] = rgba[4 * i + c];
        return planar;
    }
}
