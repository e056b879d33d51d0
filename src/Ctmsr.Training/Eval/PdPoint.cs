using ScottPlot;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Eval;

/// <summary>One method's means on the perception-distortion plane for one LR kind.</summary>
public sealed record PdPoint(string Label, LowResKind LowRes, double SpectralDistance, double PsnrY);
