using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Bench;

/// <summary>Process-wide set-up of a bench tool.</summary>
public static class BenchEnvironment
{
    /// <summary>The file name of the Vulkan loader a tool may carry beside itself.</summary>
    public const string LoaderFileName = "libvulkan.so.1";

    /// <summary>
    /// Makes every Vulkan device of this process (the calibration's, the EASU-style shader's and the runtime backend's)
    /// open the loader at <paramref name="path"/> instead of the system's libvulkan. Call before the first device.
    /// </summary>
    public static void UseVulkanLoader(string path) => VulkanDevice.LoaderLibraryOverride = Path.GetFullPath(path);

    /// <summary>
    /// Uses <see cref="LoaderFileName"/> from <paramref name="directory"/> when it is there (a machine with a GPU driver
    /// but no loader); returns its path, or null when the system's loader will be used.
    /// </summary>
    public static string? UseVulkanLoaderBeside(string directory)
    {
        string candidate = Path.Combine(directory, LoaderFileName);
        if (!File.Exists(candidate)) return null;
        UseVulkanLoader(candidate);
        return Path.GetFullPath(candidate);
    }
}
