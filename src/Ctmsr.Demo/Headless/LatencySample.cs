using Ctmsr.Demo.Upscalers;

namespace Ctmsr.Demo.Headless;

/// <summary>
/// One frame of one method, in milliseconds. RenderMs and UpscaleMs are the host wall clock around each synchronous
/// step (submit + wait for GPU work, Dispatch for host work), FrameMs their sum: the same clock for every method.
/// RenderGpuMs and UpscaleGpuMs come from timestamp queries (NaN for host work or where the queue has none); on
/// lavapipe they do not cover compute dispatches faithfully, which is why the wall clock leads.
/// </summary>
public sealed record LatencySample(int Index, long SceneFrame, UpscaleMethod Method, double RenderMs, double UpscaleMs, double FrameMs,
    double RenderGpuMs, double UpscaleGpuMs);
