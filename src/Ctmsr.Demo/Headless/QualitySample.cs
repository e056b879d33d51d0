using Ctmsr.Demo.Upscalers;

namespace Ctmsr.Demo.Headless;

/// <summary>One frame of one method against the display-resolution render; Temporal is NaN on the first frame.</summary>
public sealed record QualitySample(int Index, long SceneFrame, UpscaleMethod Method, double PsnrY, double SsimY, double Temporal);
