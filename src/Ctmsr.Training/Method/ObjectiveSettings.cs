namespace Ctmsr.Training.Method;

/// <summary>The parts of one CTMSR step that the trainer and the tests share.</summary>
public sealed record ObjectiveSettings(
    double SigmaMax = 1.0,
    double StructuralWeight = 0.5,
    double DtmLambda = 0.8,
    double DtmT = 1.0 / 3.0,
    DtmDistance DtmDistance = DtmDistance.L2,
    double AnchorWeight = 0.0,
    double FrequencyWeight = 0.0,
    double SpectralWeight = 0.0);
