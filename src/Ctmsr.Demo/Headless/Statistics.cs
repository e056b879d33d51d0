namespace Ctmsr.Demo.Headless;

/// <summary>Percentiles (linear interpolation between closest ranks) and means that skip NaN.</summary>
public static class Statistics
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        double rank = p / 100.0 * (v.Length - 1);
        int lo = (int)Math.Floor(rank), hi = Math.Min(v.Length - 1, lo + 1);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }

    public static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double x in values)
        {
            if (double.IsNaN(x)) continue;
            sum += x;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
