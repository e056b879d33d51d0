using System.Globalization;
using System.Text;

namespace Ctmsr.Training.Eval;

/// <summary>
/// How far each method falls below plain bicubic on its worst images (per LR kind): the per-image PSNR-Y difference to
/// bicubic, its minimum and the image it comes from, and how many images are more than <see cref="Margin"/> dB below.
/// A mean gain can hide a model that paints detail into flat images (skies, skyboxes), which in a game is shimmer.
/// </summary>
public static class BicubicGap
{
    /// <summary>The tolerated loss against bicubic on one image, in dB.</summary>
    public const double Margin = 0.5;

    /// <summary>One method's worst case against bicubic for one LR kind.</summary>
    public sealed record Row(LowResKind LowRes, string Method, int Images, double MeanGain, double WorstGain,
        string WorstImage, int BelowMargin);

    /// <summary>Rows for every method except bicubic itself; empty when bicubic was not evaluated.</summary>
    public static IReadOnlyList<Row> Compute(IReadOnlyList<EvalImageResult> results)
    {
        var rows = new List<Row>();
        foreach (var kind in Enum.GetValues<LowResKind>())
        {
            var bicubic = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var r in results)
                if (r.LowRes == kind && r.Method == "bicubic") bicubic[r.Image] = Capped(r.PsnrY);
            if (bicubic.Count == 0) continue;
            foreach (var method in results.Where(r => r.LowRes == kind && r.Method != "bicubic").Select(r => r.Method).Distinct())
            {
                double sum = 0, worst = double.PositiveInfinity;
                string worstImage = "";
                int n = 0, below = 0;
                foreach (var r in results)
                {
                    if (r.LowRes != kind || r.Method != method || !bicubic.TryGetValue(r.Image, out double b)) continue;
                    double gain = Capped(r.PsnrY) - b;
                    if (double.IsNaN(gain)) continue;
                    n++;
                    sum += gain;
                    if (gain < -Margin) below++;
                    if (gain < worst) (worst, worstImage) = (gain, r.Image);
                }
                if (n > 0) rows.Add(new Row(kind, method, n, sum / n, worst, worstImage, below));
            }
        }
        return rows;
    }

    private static double Capped(double psnr) => Math.Min(psnr, Evaluator.PsnrCap);

    public static string Csv(IEnumerable<Row> rows)
    {
        var sb = new StringBuilder("lr,method,images,mean_gain_db,worst_gain_db,worst_image,images_below_margin\n");
        foreach (var r in rows)
            sb.Append(Evaluator.Kind(r.LowRes)).Append(',').Append(Evaluator.Csv(r.Method)).Append(',')
              .Append(r.Images.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Evaluator.Num(r.MeanGain)).Append(',').Append(Evaluator.Num(r.WorstGain)).Append(',')
              .Append(Evaluator.Csv(r.WorstImage)).Append(',').Append(r.BelowMargin.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }
}
