using System;
using System.Collections.Generic;
using Ctmsr.Runtime.Resampling;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// Splits a frame into <see cref="FrameBand"/>s so that every buffer a descriptor covers stays within the device's
/// limits (maxStorageBufferRange, maxTexelBufferElements): one band when the frame fits, else as few bands of about
/// equal height as fit. Throws, quoting the limit, where not even a band of one row fits.
/// </summary>
internal static class FrameBands
{
    /// <summary>What the plan needs to know about the frame, the net and the device.</summary>
    public struct Request
    {
        public int RenderWidth, RenderHeight, DisplayWidth, DisplayHeight, Scale, Layers;
        public bool Direct;

        /// <summary>Bytes and texels of one LR row of one activation buffer; 0 texels when no kernel reads texels.</summary>
        public ulong ActRowBytes, ActRowTexels;

        /// <summary>The byte limit of one storage-buffer range and the texel limit of one texel buffer.</summary>
        public ulong MaxBytes, MaxTexels;

        /// <summary>The device's name, for messages.</summary>
        public string Device;

        /// <summary>The display rows' taps (needed when not <see cref="Direct"/>).</summary>
        public ResampleAxis? Rows;
    }

    public static FrameBand[] Plan(in Request r)
    {
        int h = r.RenderHeight, s = r.Scale, halo = r.Layers;
        string sizes = $"{r.RenderWidth}x{r.RenderHeight} -> {r.DisplayWidth}x{r.DisplayHeight}";
        // The most activation rows one buffer may hold, from the bytes and (where texels are read) the texel count.
        ulong actRows = r.MaxBytes / Math.Max(1UL, r.ActRowBytes);
        if (r.ActRowTexels > 0) actRows = Math.Min(actRows, r.MaxTexels / r.ActRowTexels);
        ulong srRowBytes = r.Direct ? 0 : (ulong)s * (ulong)r.RenderWidth * 16UL;
        ulong srLrRows = r.Direct ? ulong.MaxValue : r.MaxBytes / (srRowBytes * (ulong)s);

        if (actRows >= (ulong)h && srLrRows >= (ulong)h)
            return new[] { new FrameBand(0, h, 0, h, 0, r.DisplayHeight) };

        // Bands: each holds its rows plus the halo on both sides in the activation buffers.
        if (actRows < (ulong)(2 * halo + 1) || srLrRows < 1)
        {
            string need = actRows < (ulong)(2 * halo + 1)
                ? $"a band of one row needs {(ulong)(2 * halo + 1) * r.ActRowBytes} bytes ({2 * halo + 1} rows of {r.ActRowBytes} bytes: the row and a halo of {halo} rows each side)" +
                  (r.ActRowTexels > 0 ? $" and {(ulong)(2 * halo + 1) * r.ActRowTexels} texels" : "")
                : $"one SR row pair needs {srRowBytes * (ulong)s} bytes";
            throw new ArgumentException(
                $"the sizes {sizes} cannot run on {r.Device} even in bands: {need}; the device allows {r.MaxBytes} bytes per storage buffer (maxStorageBufferRange)" +
                (r.ActRowTexels > 0 ? $" and {r.MaxTexels} texels per texel buffer (maxTexelBufferElements)" : ""));
        }
        int maxRows = (int)Math.Min(Math.Min(actRows - (ulong)(2 * halo), srLrRows), (ulong)h);

        var bands = new List<FrameBand>();
        if (r.Direct)
        {
            int count = (h + maxRows - 1) / maxRows, rows = (h + count - 1) / count;
            for (int y = 0; y < h; y += rows)
            {
                int y1 = Math.Min(h, y + rows);
                bands.Add(Band(y, y1, h, halo, s * y, s * y1));
            }
            return bands.ToArray();
        }

        // Resampled: bands of display rows, each as tall as the LR rows its taps reach allow.
        ResampleAxis taps = r.Rows ?? throw new ArgumentException("the row taps are needed to band a resampled frame");
        int d = 0;
        while (d < r.DisplayHeight)
        {
            (int lo, int hi) = LrRows(taps, d, s);
            if (hi - lo > maxRows)
                throw new ArgumentException(
                    $"the sizes {sizes} cannot run on {r.Device} even in bands: display row {d} reads {hi - lo} LR rows; the device's limits allow {maxRows} per band " +
                    $"({r.MaxBytes} bytes per storage buffer, maxStorageBufferRange)");
            int d1 = d + 1;
            while (d1 < r.DisplayHeight)
            {
                (int l2, int h2) = LrRows(taps, d1, s);
                int nlo = Math.Min(lo, l2), nhi = Math.Max(hi, h2);
                if (nhi - nlo > maxRows) break;
                lo = nlo;
                hi = nhi;
                d1++;
            }
            bands.Add(Band(lo, hi, h, halo, d, d1));
            d = d1;
        }
        return bands.ToArray();
    }

    private static FrameBand Band(int row0, int row1, int h, int halo, int d0, int d1) =>
        new FrameBand(row0, row1, Math.Max(0, row0 - halo), Math.Min(h, row1 + halo), d0, d1);

    /// <summary>The LR rows [lo, hi) whose SR rows display row <paramref name="d"/> reads.</summary>
    private static (int, int) LrRows(ResampleAxis taps, int d, int s)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        for (int j = 0; j < taps.Taps; j++)
        {
            int sr = taps.Index[d * taps.Taps + j];
            lo = Math.Min(lo, sr / s);
            hi = Math.Max(hi, sr / s + 1);
        }
        return (lo, hi);
    }
}
