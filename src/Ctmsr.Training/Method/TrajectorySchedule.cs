namespace Ctmsr.Training.Method;

/// <summary>
/// The coarse time grid of consistency training: t_i = i / (N - 1), N = 5 for the first half of the CT iterations and
/// N = 4 after (the switch point is a fraction of the CT iterations: 0.5 by default, 0 for a continuation that
/// starts from weights already trained past the switch).
/// </summary>
public sealed class TrajectorySchedule
{
    public TrajectorySchedule(int ctIterations, int firstN = 5, int secondN = 4, double switchFraction = 0.5)
    {
        if (ctIterations < 0) throw new ArgumentOutOfRangeException(nameof(ctIterations), ctIterations, "must be >= 0");
        if (!(switchFraction >= 0 && switchFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(switchFraction), switchFraction, "must be in [0, 1]");
        SwitchIteration = (long)Math.Floor(ctIterations * switchFraction);
        if (firstN < 2 || secondN < 2) throw new ArgumentException($"a grid needs N >= 2; got {firstN} and {secondN}");
        CtIterations = ctIterations;
        FirstN = firstN;
        SecondN = secondN;
    }

    public int CtIterations { get; }
    public int FirstN { get; }
    public int SecondN { get; }

    /// <summary>Grid size N at a (0-based) iteration. Iterations past the CT stage keep the second N.</summary>
    public int GridSize(long iteration) => iteration < SwitchIteration ? FirstN : SecondN;

    /// <summary>The first iteration on the second grid.</summary>
    public long SwitchIteration { get; }

    public static double T(int i, int n) => i / (double)(n - 1);
}
