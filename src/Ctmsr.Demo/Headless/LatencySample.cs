using Ctmsr.Demo.Upscalers;

namespace Ctmsr.Demo.Headless;

/// <summary>
/// One frame of one method: scene render and upscale in milliseconds, and the whole frame (render + upscale). GPU methods
/// are timed with timestamp queries; host methods' upscale with the wall clock around Dispatch (UpscaleClock says which).
/// </summary>
public sealed record LatencySample(int Index, long SceneFrame, UpscaleMethod Method, double RenderMs, double UpscaleMs, double FrameMs, string UpscaleClock);
