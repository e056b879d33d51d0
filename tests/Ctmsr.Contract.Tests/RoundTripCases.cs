namespace Ctmsr.Contract.Tests;

/// <summary>Each <see cref="RoundTripCase"/> built once per test run and shared by the tests of every backend.</summary>
internal static class RoundTripCases
{
    private static readonly Dictionary<(string Preset, int Scale), RoundTripCase> Built = new();
    private static readonly object Gate = new();

    public static RoundTripCase Get(string preset, int scale)
    {
        lock (Gate)
        {
            if (!Built.TryGetValue((preset, scale), out var rt)) Built[(preset, scale)] = rt = RoundTripCase.Create(preset, scale);
            return rt;
        }
    }
}
