namespace Ctmsr.Demo.Upscalers;

/// <summary>Names of the methods: a display name for tables and the HUD, a file-safe key for CLI and file names.</summary>
public static class UpscaleMethods
{
    public static readonly UpscaleMethod[] All = Enum.GetValues<UpscaleMethod>();

    public static string DisplayName(UpscaleMethod m) => m switch
    {
        UpscaleMethod.Nearest => "nearest",
        UpscaleMethod.Bilinear => "bilinear",
        UpscaleMethod.Bicubic => "bicubic",
        UpscaleMethod.Easu => "EASU-style",
        UpscaleMethod.CtmsrVulkan => "CTMSR (Vulkan)",
        UpscaleMethod.CtmsrOnnx => "CTMSR (ONNX)",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "unknown method"),
    };

    public static string Key(UpscaleMethod m) => m switch
    {
        UpscaleMethod.Nearest => "nearest",
        UpscaleMethod.Bilinear => "bilinear",
        UpscaleMethod.Bicubic => "bicubic",
        UpscaleMethod.Easu => "easu",
        UpscaleMethod.CtmsrVulkan => "ctmsr-vulkan",
        UpscaleMethod.CtmsrOnnx => "ctmsr-onnx",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "unknown method"),
    };

    /// <summary>Parses a key (or the enum name), case-insensitively.</summary>
    public static bool TryParse(string text, out UpscaleMethod method)
    {
        foreach (UpscaleMethod m in All)
        {
            if (string.Equals(Key(m), text, StringComparison.OrdinalIgnoreCase) || string.Equals(m.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                method = m;
                return true;
            }
        }
        method = default;
        return false;
    }

    public static string KeyList => string.Join(", ", All.Select(Key));
}
