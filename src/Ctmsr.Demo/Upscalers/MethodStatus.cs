namespace Ctmsr.Demo.Upscalers;

/// <summary>A requested method: its upscaler, or why it cannot run here.</summary>
public sealed record MethodStatus(UpscaleMethod Method, FrameUpscaler? Upscaler, string? UnavailableReason)
{
    public bool Available => Upscaler != null;
}
