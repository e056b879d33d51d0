namespace Ctmsr.Contract.Tests;

/// <summary>How an 8-bit frame differs from the quantised reference: the largest difference in levels and how many values differ.</summary>
internal readonly record struct FrameDifference(int MaxLevels, int DifferingValues, int Values)
{
    public double DifferingFraction => Values == 0 ? 0 : (double)DifferingValues / Values;

    public override string ToString() =>
        $"max {MaxLevels} level(s), {DifferingValues} of {Values} values differ ({DifferingFraction:P3})";
}
