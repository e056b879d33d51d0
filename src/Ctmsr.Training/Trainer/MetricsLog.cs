using System.Globalization;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Trainer;

/// <summary>
/// Per-iteration metrics as CSV (iteration, phase, loss, ct_loss, dtm_loss, lr, seconds, anchor_loss, and the gradient
/// norms grad_ct, grad_anchor, grad_dtm where measured) and a loss-curve PNG.
/// On resume, rows past the checkpoint's iteration are dropped so the file matches the weights. Each row is flushed as
/// it is written (a few dozen bytes per iteration), so a killed run's file shows the last iteration it completed.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private const string Header = "iteration,phase,loss,ct_loss,dtm_loss,lr,seconds,anchor_loss,grad_ct,grad_anchor,grad_dtm,dtm_scale";
    private readonly StreamWriter _writer;
    private readonly List<double> _its = new();
    private readonly List<double> _losses = new();

    public MetricsLog(string path, long keepUpTo)
    {
        Path = path;
        var kept = new List<string>();
        if (keepUpTo > 0 && File.Exists(path))
        {
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var parts = line.Split(',');
                if (parts.Length < 3 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out long it)) continue;
                if (it >= keepUpTo) continue;
                kept.Add(line);
                _its.Add(it);
                _losses.Add(double.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }
        // The kept rows go through a temporary file and a rename, so a kill during a resume never loses the history;
        // every row is then flushed as it is written, so after a kill the file says how far the run had got.
        string tmp = path + ".tmp";
        using (var rewrite = new StreamWriter(tmp, append: false))
        {
            rewrite.WriteLine(Header);
            foreach (var line in kept) rewrite.WriteLine(line);
        }
        File.Move(tmp, path, overwrite: true);
        _writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    public string Path { get; }

    public void Append(StepResult r, double seconds)
    {
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Iteration},{r.Phase},{r.Loss:G6},{r.CtLoss:G6},{r.DtmLoss:G6},{r.LearningRate:G4},{seconds:F1},{r.AnchorLoss:G6},{Opt(r.Norms.Ct)},{Opt(r.Norms.Anchor)},{Opt(r.Norms.Dtm)},{Opt(r.DtmScale)}"));
        _its.Add(r.Iteration);
        _losses.Add(r.Loss);
    }

    private static string Opt(double v) => double.IsNaN(v) ? "" : v.ToString("G5", CultureInfo.InvariantCulture);

    public void Flush() => _writer.Flush();

    /// <summary>Writes the loss curve (raw and a moving average) as a PNG.</summary>
    public void Plot(string pngPath, long ctIterations)
    {
        if (_its.Count < 2) return;
        var plot = new ScottPlot.Plot();
        var ys = _losses.Select(v => Math.Log10(Math.Max(v, 1e-8))).ToArray();
        var raw = plot.Add.Scatter(_its.ToArray(), ys);
        raw.LineWidth = 1;
        raw.MarkerSize = 0;
        raw.Color = ScottPlot.Colors.LightBlue;
        raw.LegendText = "loss";
        int win = Math.Max(1, _its.Count / 100);
        var smooth = new double[ys.Length];
        double acc = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            acc += ys[i];
            if (i >= win) acc -= ys[i - win];
            smooth[i] = acc / Math.Min(i + 1, win);
        }
        var sm = plot.Add.Scatter(_its.ToArray(), smooth);
        sm.LineWidth = 2;
        sm.MarkerSize = 0;
        sm.Color = ScottPlot.Colors.DarkBlue;
        sm.LegendText = $"moving average ({win})";
        if (ctIterations > 0 && ctIterations < _its[^1])
        {
            var v = plot.Add.VerticalLine(ctIterations);
            v.LegendText = "DTM stage starts";
        }
        plot.Title("Training loss");
        plot.XLabel("iteration");
        plot.YLabel("log10(loss)");
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(pngPath, plot.GetImageBytes(900, 450, ScottPlot.ImageFormat.Png));
    }

    public void Dispose() => _writer.Dispose();
}
