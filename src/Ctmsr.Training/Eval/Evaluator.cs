using System.Globalization;
using System.Text;
using Ctmsr.Metrics;
using Ctmsr.Training.Imaging;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Eval;

/// <summary>
/// Evaluates exported models and interpolation baselines on HR images, as DESIGN.md's "How we judge it": each image
/// is cropped to a multiple of s, made LR by area and by antialiased bicubic (8-bit), upscaled by every method (8-bit),
/// and compared on Y (BT.601) with s pixels shaved: PSNR, SSIM, HF energy ratio, gradient-histogram distance and the
/// spectral distance. Baselines: nearest, bilinear, bicubic (torch) and the demo's EASU-style upscaler (host twin).
/// </summary>
public static class Evaluator
{
    public static EvalReport Run(EvalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = options.Log ?? Console.Error;
        int s = options.Scale;
        if (s < 2 || s > 4) throw new ArgumentException($"--scale must be 2, 3 or 4; got {s}");
        if (options.MaxImages is <= 0) throw new ArgumentException($"--max-images must be positive; got {options.MaxImages}");
        if (options.SheetCount < 0) throw new ArgumentException($"--sheet-count must be >= 0; got {options.SheetCount}");
        if (options.Labels.Count > 0 && options.Labels.Count != options.Models.Count)
            throw new ArgumentException(
                $"--label was given {options.Labels.Count} time(s) for {options.Models.Count} --model(s); give one label per model, in the same order");
        for (int i = 0; i < options.Labels.Count; i++)
            if (string.IsNullOrWhiteSpace(options.Labels[i]))
                throw new ArgumentException($"--label number {i + 1} (for model '{options.Models[i]}') is blank");
        if (options.PlotFrom.Count > 0 && options.OutDir is null)
            throw new ArgumentException("--plot-from needs --out: the merged plot is written there as pd-plot.png");
        // Earlier summaries are read before the (long) evaluation so that a bad file fails at once.
        var earlier = options.PlotFrom.Select(p => (p, SummaryCsvFile.Read(p))).ToList();
        var images = ImagePaths(options);

        var methods = new List<IUpscaleMethod>();
        try
        {
            for (int i = 0; i < options.Models.Count; i++)
            {
                string path = options.Models[i];
                var m = new OnnxModelMethod(path, name: options.Labels.Count > 0 ? options.Labels[i] : null);
                methods.Add(m);
                if (m.Scale != s)
                    throw new ArgumentException($"model '{path}' is a x{m.Scale} model (ctmsr.scale); --scale is {s}");
            }
            if (options.IncludeBaselines)
            {
                methods.AddRange(InterpolationMethod.Baselines(s));
                methods.Add(new EasuMethod(s));
            }
            if (methods.Count == 0) throw new ArgumentException("nothing to evaluate: no models and baselines are off");
            var names = methods.Select(m => m.Name).ToList();
            var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
            if (dup != null)
                throw new ArgumentException($"two methods are named '{dup.Key}'; give the model files distinct names or distinct --label values");
            return Evaluate(options, images, methods, earlier, log);
        }
        finally
        {
            foreach (var m in methods) m.Dispose();
        }
    }

    private static EvalReport Evaluate(EvalOptions options, IReadOnlyList<string> images, List<IUpscaleMethod> methods,
        IReadOnlyList<(string Path, IReadOnlyList<EvalSummaryRow> Rows)> earlier, TextWriter log)
    {
        int s = options.Scale;
        var perImage = new List<EvalImageResult>();
        var skipped = new List<string>();
        var sheet = new CropSheet();
        int evaluated = 0;
        foreach (var path in images)
        {
            if (options.MaxImages is { } max && evaluated >= max) break;
            RgbImage hr;
            try
            {
                hr = ImageFile.Load(path);
            }
            // ArgumentException too: SkiaSharp's Decode throws ArgumentNullException ('codec') on undecodable bytes.
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                log.WriteLine($"warning: skipping '{path}': {e.Message}");
                skipped.Add(path);
                continue;
            }
            int w = hr.Width - hr.Width % s, h = hr.Height - hr.Height % s;
            int minSide = MinimumImageSide(s);
            if (w < minSide || h < minSide)
            {
                log.WriteLine($"warning: skipping '{path}': {hr.Width}x{hr.Height} is too small for x{s} evaluation (needs {minSide}x{minSide}: " +
                              $"SSIM's {ImageMetrics.SsimWindow}x{ImageMetrics.SsimWindow} window must fit after shaving {s} pixels per side)");
                skipped.Add(path);
                continue;
            }
            if (w != hr.Width || h != hr.Height) hr = hr.Crop(0, 0, w, h);
            string name = Path.GetFileName(path);
            var hrY = LumaPlane.FromPixels(hr.Pixels, w, h, 3, border: s);
            var hrSpectrum = RadialSpectrum.Compute(hrY);
            bool inSheet = evaluated < options.SheetCount;
            int crop = Math.Min(options.SheetCrop, Math.Min(w, h));
            var (cx, cy) = inSheet ? CropSheet.DetailedCrop(hr, crop) : (0, 0);

            foreach (var kind in Enum.GetValues<LowResKind>())
            {
                var lr = Resampling.Downscale(hr, s, kind);
                var tiles = new List<(string, RgbImage)>();
                if (inSheet) tiles.Add(("HR", hr.Crop(cx, cy, crop, crop)));
                foreach (var m in methods)
                {
                    var sr = m.Upscale(lr);
                    if (sr.Width != w || sr.Height != h)
                        throw new InvalidDataException($"{m.Name} made {sr.Width}x{sr.Height} from {lr.Width}x{lr.Height}; expected {w}x{h}");
                    var srY = LumaPlane.FromPixels(sr.Pixels, w, h, 3, border: s);
                    perImage.Add(new EvalImageResult(name, kind, m.Name,
                        ImageMetrics.Psnr(srY, hrY), ImageMetrics.Ssim(srY, hrY),
                        ImageMetrics.HighFrequencyRatio(srY, hrY), ImageMetrics.GradientHistogramDistance(srY, hrY),
                        RadialSpectrum.Distance(RadialSpectrum.Compute(srY), hrSpectrum)));
                    if (inSheet) tiles.Add((m.Name, sr.Crop(cx, cy, crop, crop)));
                }
                if (inSheet) sheet.AddRow($"{name} - LR {kind.ToString().ToLowerInvariant()}", tiles);
            }
            evaluated++;
        }
        if (evaluated == 0)
            throw new InvalidDataException(
                $"no image could be evaluated ({images.Count} candidates, {skipped.Count} skipped); see the warnings above");

        var methodNames = methods.Select(m => m.Name).ToList();
        var summary = Summarise(perImage, methodNames);
        string? perCsv = null, sumCsv = null, png = null, pdPng = null;
        if (options.OutDir is { } dir)
        {
            Directory.CreateDirectory(dir);
            perCsv = Path.Combine(dir, "per-image.csv");
            WriteAtomically(perCsv, PerImageCsv(perImage));
            sumCsv = Path.Combine(dir, "summary.csv");
            WriteAtomically(sumCsv, SummaryCsv(summary));
            if (sheet.RowCount > 0)
            {
                png = Path.Combine(dir, "sheet.png");
                sheet.Save(png);
            }
            WriteAtomically(Path.Combine(dir, "bicubic-gap.csv"), BicubicGap.Csv(BicubicGap.Compute(perImage)));
            pdPng = Path.Combine(dir, "pd-plot.png");
            PerceptionDistortionPlot.Save(PerceptionDistortionPlot.Points(summary, earlier, log), s, pdPng);
        }
        return new EvalReport(s, methodNames, perImage, summary, skipped, perCsv, sumCsv, png, pdPng);
    }

    /// <summary>
    /// The smallest HR side evaluated at x<paramref name="scale"/>: a multiple of the scale, at least 4 LR pixels, and
    /// large enough that SSIM's window (<see cref="ImageMetrics.SsimWindow"/>) fits after the shave of s pixels per side
    /// (x2: 16, x3: 18, x4: 20). Smaller images are skipped with a warning rather than scored NaN.
    /// </summary>
    public static int MinimumImageSide(int scale)
    {
        int ssim = (ImageMetrics.SsimWindow + 2 * scale + scale - 1) / scale * scale;
        return Math.Max(4 * scale, ssim);
    }

    /// <summary>The candidate image paths, in a stable order.</summary>
    public static IReadOnlyList<string> ImagePaths(EvalOptions options)
    {
        if ((options.ImagesDir is null) == (options.ListFile is null))
            throw new ArgumentException("give exactly one of --images DIR and --list FILE.tsv");
        IReadOnlyList<string> paths;
        if (options.ImagesDir is { } dir)
        {
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"image folder '{dir}' does not exist");
            paths = Directory.EnumerateFiles(dir).Where(ImageFile.HasImageExtension).Order(StringComparer.Ordinal).ToList();
            if (paths.Count == 0)
                throw new InvalidDataException($"image folder '{dir}' has no {string.Join("/", ImageFile.Extensions)} files");
        }
        else
        {
            paths = ImageListFile.PathsOfSplit(options.ListFile!, options.Split);
        }
        return paths;
    }

    /// <summary>Means per (LR kind, method); infinite PSNRs (exact matches) make the mean infinite, NaNs are left out.</summary>
    public static IReadOnlyList<EvalSummaryRow> Summarise(IReadOnlyList<EvalImageResult> results, IReadOnlyList<string> methods)
    {
        var rows = new List<EvalSummaryRow>();
        foreach (var kind in Enum.GetValues<LowResKind>())
            foreach (var m in methods)
            {
                var r = results.Where(x => x.LowRes == kind && x.Method == m).ToList();
                if (r.Count == 0) continue;
                rows.Add(new EvalSummaryRow(kind, m, r.Count, Mean(r.Select(x => Math.Min(x.PsnrY, PsnrCap))), Mean(r.Select(x => x.SsimY)),
                    Mean(r.Select(x => x.HfRatio)), Mean(r.Select(x => x.GradHistDistance)), Mean(r.Select(x => x.SpectralDistance))));
            }
        return rows;
    }

    /// <summary>
    /// Per-image PSNR is capped here before averaging: an exact reconstruction (a flat texture, say) has infinite PSNR
    /// and would make every mean infinite. Per-image CSV rows keep the true value.
    /// </summary>
    public const double PsnrCap = 100.0;

    private static double Mean(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToList();
        return v.Count == 0 ? double.NaN : v.Average();
    }

    public static string PerImageCsv(IEnumerable<EvalImageResult> results)
    {
        var sb = new StringBuilder("image,lr,method,psnr_y,ssim_y,hf_ratio,grad_hist_l1,spectral\n");
        foreach (var r in results)
            sb.Append(Csv(r.Image)).Append(',').Append(Kind(r.LowRes)).Append(',').Append(Csv(r.Method)).Append(',')
              .Append(Num(r.PsnrY)).Append(',').Append(Num(r.SsimY)).Append(',').Append(Num(r.HfRatio)).Append(',')
              .Append(Num(r.GradHistDistance)).Append(',')
              .Append(Num(r.SpectralDistance)).Append('\n');
        return sb.ToString();
    }

    public static string SummaryCsv(IEnumerable<EvalSummaryRow> rows)
    {
        var sb = new StringBuilder("lr,method,images,psnr_y,ssim_y,hf_ratio,grad_hist_l1,spectral\n");
        foreach (var r in rows)
            sb.Append(Kind(r.LowRes)).Append(',').Append(Csv(r.Method)).Append(',')
              .Append(r.Images.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Num(r.PsnrY)).Append(',').Append(Num(r.SsimY)).Append(',').Append(Num(r.HfRatio)).Append(',')
              .Append(Num(r.GradHistDistance)).Append(',')
              .Append(Num(r.SpectralDistance)).Append('\n');
        return sb.ToString();
    }

    internal static string Kind(LowResKind k) => k.ToString().ToLowerInvariant();

    internal static string Num(double v) =>
        double.IsPositiveInfinity(v) ? "inf" : double.IsNaN(v) ? "nan" : v.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A CSV field: quoted (with doubled quotes) when it holds a comma, quote or newline.</summary>
    internal static string Csv(string s) =>
        s.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static void WriteAtomically(string path, string text) => AtomicFile.WriteAllText(path, text);
}
