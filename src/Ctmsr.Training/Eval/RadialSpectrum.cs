using Ctmsr.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Eval;

/// <summary>
/// The radially averaged log power spectrum of a luma plane and the spectral distance of DESIGN.md's realism measures.
/// Recipe: subtract the plane's mean; multiply by a separable symmetric Hann window (0.5 - 0.5 cos(2 pi n / (N - 1))
/// per axis, so the plane's edges do not leak as a bright cross); 2-D DFT (torch.fft.rfft2, any size); power
/// |F|^2 / sum(window^2), which reads as luma^2 per frequency (white noise of variance v gives about v in every bin);
/// average the power in rings of normalised frequency r = sqrt(fx^2 + fy^2) cycles/pixel over [0, 0.5]
/// (frequencies beyond 0.5, the corners, are left out); log10 of each ring's mean, floored at <see cref="PowerFloor"/>.
/// </summary>
internal sealed class RadialSpectrum
{
    /// <summary>
    /// Power floor (luma^2 per frequency) under the log: 8-bit quantisation alone puts about 0.03 in every bin, so real
    /// images sit far above it; it only keeps synthetic, noise-free planes from reaching log10(0).
    /// </summary>
    public const double PowerFloor = 1e-4;

    /// <summary>The most rings; planes shorter than 4 x this use min(width, height) / 2 (rounded down to even).</summary>
    public const int MaxBins = 64;

    private RadialSpectrum(int width, int height, double[] logPower, int[] counts)
    {
        Width = width;
        Height = height;
        LogPower = logPower;
        Counts = counts;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>log10(max(mean power, floor)) per ring; ring i covers r in [i, i + 1) * 0.5 / Bins (the last includes 0.5).</summary>
    public double[] LogPower { get; }

    /// <summary>How many DFT frequencies fell into each ring (0: the ring is empty and ignored).</summary>
    public int[] Counts { get; }

    public int Bins => LogPower.Length;

    /// <summary>Lower edge of ring <paramref name="bin"/> in cycles per pixel.</summary>
    public double BinStart(int bin) => 0.5 * bin / Bins;

    /// <summary>The number of rings for a plane: an even number, min(width, height) / 2 at most, 2..<see cref="MaxBins"/>.</summary>
    public static int BinCount(int width, int height) => Math.Clamp(2 * (Math.Min(width, height) / 4), 2, MaxBins);

    public static RadialSpectrum Compute(LumaPlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        int w = plane.Width, h = plane.Height;
        var wx = Hann(w);
        var wy = Hann(h);
        double mean = 0;
        foreach (double v in plane.Values) mean += v;
        mean /= plane.Values.Length;
        var windowed = new double[w * h];
        double energy = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double win = wx[x] * wy[y];
                windowed[y * w + x] = (plane.Values[y * w + x] - mean) * win;
                energy += win * win;
            }
        // rfft2 keeps columns kx = 0..w/2; every other column stands for itself and its conjugate twin (w - kx), whose
        // power is equal, so it counts twice: the rings get exactly the full-plane fft2 averages at half the work.
        double[] power;
        using (torch.NewDisposeScope())
        {
            var t = torch.tensor(windowed, new long[] { h, w }, dtype: ScalarType.Float64);
            power = torch.fft.rfft2(t).abs().square().contiguous().data<double>().ToArray();
        }
        var layout = RingLayout.For(w, h);
        int bins = layout.Bins, cols = w / 2 + 1;
        var sums = new double[bins];
        var counts = new int[bins];
        for (int i = 0; i < power.Length; i++)
        {
            int bin = layout.Ring[i];
            if (bin < 0) continue;
            int twins = layout.Twins[i % cols];
            sums[bin] += twins * power[i];
            counts[bin] += twins;
        }
        var log = new double[bins];
        for (int i = 0; i < bins; i++)
            log[i] = counts[i] == 0 ? double.NaN : Math.Log10(Math.Max(sums[i] / counts[i] / energy, PowerFloor));
        return new RadialSpectrum(w, h, log, counts);
    }

    /// <summary>
    /// The spectral distance of DESIGN.md's realism measures: mean absolute difference of the radially averaged log10
    /// power spectra of SR and HR over r in [0.25, 0.5] cycles/pixel; 0 = same spectrum, lower is better.
    /// </summary>
    public static double SpectralDistance(LumaPlane sr, LumaPlane hr)
    {
        ArgumentNullException.ThrowIfNull(sr);
        ArgumentNullException.ThrowIfNull(hr);
        if (sr.Width != hr.Width || sr.Height != hr.Height)
            throw new ArgumentException($"planes differ in size: {sr.Width}x{sr.Height} vs {hr.Width}x{hr.Height}");
        return Distance(Compute(sr), Compute(hr));
    }

    /// <summary>
    /// Mean |log10 P_a - log10 P_b| over the non-empty rings of the upper half of the frequencies (r in [0.25, 0.5]).
    /// 0 for identical spectra; a factor of 10 in power everywhere there reads 1. Both must come from planes of one size.
    /// </summary>
    public static double Distance(RadialSpectrum a, RadialSpectrum b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"spectra of planes of different sizes: {a.Width}x{a.Height} vs {b.Width}x{b.Height}");
        double sum = 0;
        int n = 0;
        for (int i = a.Bins / 2; i < a.Bins; i++)
        {
            if (a.Counts[i] == 0) continue;
            sum += Math.Abs(a.LogPower[i] - b.LogPower[i]);
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>Which ring each rfft2 coefficient of a plane size falls in (-1: r &gt; 0.5); the last size is kept.</summary>
    private sealed class RingLayout
    {
        private static RingLayout? _last;

        private RingLayout(int width, int height)
        {
            Width = width;
            Height = height;
            Bins = BinCount(width, height);
            int cols = width / 2 + 1;
            Ring = new int[height * cols];
            Twins = new int[cols];
            for (int x = 0; x < cols; x++) Twins[x] = x == 0 || 2 * x == width ? 1 : 2;
            for (int y = 0; y < height; y++)
            {
                double fy = Frequency(y, height);
                for (int x = 0; x < cols; x++)
                {
                    double fx = (double)x / width;
                    double r = Math.Sqrt(fx * fx + fy * fy);
                    Ring[y * cols + x] = r > 0.5 ? -1 : Math.Min(Bins - 1, (int)(r * 2 * Bins));
                }
            }
        }

        public int Width { get; }
        public int Height { get; }
        public int Bins { get; }
        public int[] Ring { get; }
        public int[] Twins { get; }

        public static RingLayout For(int width, int height)
        {
            var l = _last;
            if (l is null || l.Width != width || l.Height != height) _last = l = new RingLayout(width, height);
            return l;
        }
    }

    /// <summary>Signed DFT frequency of index k of n, in cycles per pixel (numpy's fftfreq).</summary>
    private static double Frequency(int k, int n) => (k <= (n - 1) / 2 ? k : k - n) / (double)n;

    private static double[] Hann(int n)
    {
        var w = new double[n];
        if (n == 1)
        {
            w[0] = 1;
            return w;
        }
        for (int i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1));
        return w;
    }
}
