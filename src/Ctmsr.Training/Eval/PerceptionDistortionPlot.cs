using ScottPlot;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Eval;

/// <summary>
/// The perception-distortion plot of DESIGN.md (pd-plot.png): x = spectral distance (lower = closer to the HR
/// spectrum), y = PSNR-Y; one labelled point per method, circles for area LR and triangles for antialiased bicubic LR,
/// one colour per method. The best corner is the upper left.
/// </summary>
public static class PerceptionDistortionPlot
{
    public const int Width = 1000;
    public const int Height = 700;

    // Label layout, in pixels: the data area is about the image less the axes and title; 13-pt text.
    private const double PlotAreaWidth = Width - 90, PlotAreaHeight = Height - 90;
    private const double LabelDx = 7, LabelDy = -5, LabelLine = 16, LabelCharWidth = 7.5;

    /// <summary>The baselines every eval run has; taken from the current run only when merging earlier summaries.</summary>
    private static readonly HashSet<string> BaselineNames = new(StringComparer.Ordinal) { "nearest", "bilinear", "bicubic", "easu" };

    /// <summary>
    /// The points of this run's summary plus those of earlier summary.csv files. Earlier files' baselines are left out
    /// when this run has them (they should be the same images; a PSNR that differs is reported to <paramref name="log"/>);
    /// an earlier label already used gets its file's folder name appended.
    /// </summary>
    public static IReadOnlyList<PdPoint> Points(IReadOnlyList<EvalSummaryRow> current,
        IReadOnlyList<(string Path, IReadOnlyList<EvalSummaryRow> Rows)> earlier, TextWriter log)
    {
        var points = current.Select(r => new PdPoint(r.Method, r.LowRes, r.SpectralDistance, r.PsnrY)).ToList();
        var used = new HashSet<string>(points.Select(p => p.Label), StringComparer.Ordinal);
        foreach (var (path, rows) in earlier)
        {
            string folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? path;
            var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in rows)
            {
                if (BaselineNames.Contains(r.Method) && current.FirstOrDefault(c => c.Method == r.Method && c.LowRes == r.LowRes) is { } mine)
                {
                    if (Math.Abs(mine.PsnrY - r.PsnrY) > 1e-3 || mine.Images != r.Images)
                        log.WriteLine($"warning: '{path}' has {r.Method}/{Evaluator.Kind(r.LowRes)} at {r.PsnrY:F3} dB over {r.Images} image(s); " +
                                      $"this run has {mine.PsnrY:F3} dB over {mine.Images}: its points come from other images or settings");
                    continue;
                }
                if (!renamed.TryGetValue(r.Method, out string? label))
                {
                    label = r.Method;
                    if (used.Contains(label)) label = $"{r.Method} ({folder})";
                    for (int k = 2; used.Contains(label); k++) label = $"{r.Method} ({folder} {k})";
                    used.Add(label);
                    renamed[r.Method] = label;
                }
                points.Add(new PdPoint(label, r.LowRes, r.SpectralDistance, r.PsnrY));
            }
        }
        return points;
    }

    /// <summary>Draws the points and writes a PNG of <see cref="Width"/> x <see cref="Height"/> atomically.</summary>
    public static void Save(IReadOnlyList<PdPoint> points, int scale, string path)
    {
        var shown = points.Where(p => double.IsFinite(p.SpectralDistance) && double.IsFinite(p.PsnrY)).ToList();
        if (shown.Count == 0)
            throw new InvalidDataException($"no point to plot in '{path}': every method's spectral distance or PSNR is missing");
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var labels = shown.Select(p => p.Label).Distinct().ToList();
        foreach (var p in shown)
        {
            var shape = p.LowRes == LowResKind.Area ? MarkerShape.FilledCircle : MarkerShape.FilledTriangleUp;
            plot.Add.Marker(p.SpectralDistance, p.PsnrY, shape, 10, palette.GetColor(labels.IndexOf(p.Label)));
        }
        // Room on the right for the labels of the rightmost points.
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        double spanX = Math.Max(limits.Right - limits.Left, 1e-3), spanY = Math.Max(limits.Top - limits.Bottom, 1e-2);
        double left = limits.Left - 0.05 * spanX, right = limits.Right + 0.25 * spanX;
        double bottom = limits.Bottom - 0.08 * spanY, top = limits.Top + 0.08 * spanY;
        plot.Axes.SetLimits(left, right, bottom, top);

        // Label the area point of each method; the bicubic-LR triangle shares its colour (and is labelled when it
        // stands alone). A label that would cover an earlier one moves down a line (positions estimated in pixels).
        var placed = new List<(double X, double Y, double W)>();
        foreach (var p in shown)
        {
            bool labelled = p.LowRes == LowResKind.Area || !shown.Any(q => q.Label == p.Label && q.LowRes == LowResKind.Area);
            if (!labelled) continue;
            double px = (p.SpectralDistance - left) / (right - left) * PlotAreaWidth + LabelDx;
            double py = (top - p.PsnrY) / (top - bottom) * PlotAreaHeight + LabelDy;
            double pw = LabelCharWidth * p.Label.Length;
            while (placed.Any(o => px < o.X + o.W && o.X < px + pw && Math.Abs(py - o.Y) < LabelLine)) py += LabelLine;
            placed.Add((px, py, pw));
            var text = plot.Add.Text(p.Label, p.SpectralDistance, p.PsnrY);
            text.LabelFontSize = 13;
            text.LabelFontColor = palette.GetColor(labels.IndexOf(p.Label));
            text.LabelAlignment = Alignment.LowerLeft;
            text.OffsetX = (float)LabelDx;
            text.OffsetY = (float)(py - (top - p.PsnrY) / (top - bottom) * PlotAreaHeight);
        }
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "LR: area (box)", MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = Colors.Gray,
            MarkerLineColor = Colors.Gray, MarkerSize = 10,
        });
        if (shown.Any(p => p.LowRes == LowResKind.Bicubic))
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = "LR: antialiased bicubic", MarkerShape = MarkerShape.FilledTriangleUp, MarkerFillColor = Colors.Gray,
                MarkerLineColor = Colors.Gray, MarkerSize = 10,
            });
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title($"Perception-distortion, x{scale}: better is up and to the left");
        plot.XLabel("spectral distance (mean |log10 power| difference, r in [0.25, 0.5])");
        plot.YLabel("PSNR-Y (dB)");
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }
}
