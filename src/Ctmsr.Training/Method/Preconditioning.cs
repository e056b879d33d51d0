namespace Ctmsr.Training.Method;

/// <summary>
/// EDM-style preconditioning of DESIGN.md, with sigma = sigma_max * t and sigma_data = 0.5:
/// c_skip = sd^2 / ((sigma/0.1)^2 + sd^2), c_out = (sigma/0.1) / sqrt((sigma/0.1)^2 + sd^2),
/// c_noise = ln(sigma + 0.002) / 4. At t = 0, c_skip = 1 and c_out = 0, so D(x, 0) = x exactly.
/// </summary>
public readonly record struct Preconditioning(double CSkip, double COut, double CNoise)
{
    public const double SigmaData = 0.5;

    public static Preconditioning At(double t, double sigmaMax)
    {
        double sigma = sigmaMax * t;
        double r = sigma / 0.1;
        double sd2 = SigmaData * SigmaData;
        return new Preconditioning(
            CSkip: sd2 / (r * r + sd2),
            COut: r / Math.Sqrt(r * r + sd2),
            CNoise: Math.Log(sigma + 0.002) / 4.0);
    }
}
