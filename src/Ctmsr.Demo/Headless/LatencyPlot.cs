using Ctmsr.Demo.Upscalers;
using SkiaSharp;
using Ctmsr.Demo.IO;

namespace Ctmsr.Demo.Headless;

/// <summary>
/// Per-frame latency of each method (ScottPlot), one panel per method stacked vertically because the methods differ by
/// orders of magnitude; each panel has the method's p50, p95 and p99 as horizontal lines.
/// </summary>
public static class LatencyPlot
{
    public const int PanelWidth = 900, PanelHeight = 260;

    public static void Write(HeadlessReport report, string path)
    {
        var methods = report.Methods.Select(m => m.Method).ToList();
        var panels = new List<byte[]>();
        foreach (UpscaleMethod m in methods)
        {
            var samples = report.Latency.Where(s => s.Method == m).ToList();
            double[] xs = samples.Select(s => (double)s.SceneFrame).ToArray();
            double[] ys = samples.Select(s => s.UpscaleMs).ToArray();
            var plot = new ScottPlot.Plot();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = "upscale (wall clock)";
            line.MarkerSize = 3;
            string[] names = { "p50", "p95", "p99" };
            double[] ps = { 50, 95, 99 };
            ScottPlot.Color[] colors = { ScottPlot.Colors.Green, ScottPlot.Colors.Orange, ScottPlot.Colors.Red };
            for (int i = 0; i < 3; i++)
            {
                double v = Statistics.Percentile(ys, ps[i]);
                var h = plot.Add.HorizontalLine(v);
                h.LinePattern = ScottPlot.LinePattern.Dashed;
                h.Color = colors[i];
                h.LegendText = $"{names[i]} {v:0.00} ms";
            }
            plot.Title($"{UpscaleMethods.DisplayName(m)}: upscale latency per frame");
            plot.XLabel("frame");
            plot.YLabel("ms");
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
            panels.Add(plot.GetImageBytes(PanelWidth, PanelHeight, ScottPlot.ImageFormat.Png));
        }
        using var surface = SKSurface.Create(new SKImageInfo(PanelWidth, Math.Max(1, panels.Count) * PanelHeight))
                            ?? throw new InvalidOperationException("cannot create the plot surface");
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            using SKBitmap panel = SKBitmap.Decode(panels[i]);
            surface.Canvas.DrawBitmap(panel, 0, i * PanelHeight);
        }
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, data.SaveTo);
    }
}
