using System;

namespace Ctmsr.Runtime.Imaging
{
    /// <summary>
    /// Conversion between interleaved 8-bit frames and the planar [3, height, width] float RGB of the model contract
    /// (value / 255 in, clamp to [0, 1] and round out). Per-frame code: no allocation.
    /// </summary>
    internal static class PlanarPixels
    {
        private static readonly float[] UnitFromByte = BuildUnitTable();

        /// <summary>Byte offset of the red channel inside one pixel.</summary>
        public static int RedOffset(PixelFormat format) => format == PixelFormat.Bgra8 ? 2 : 0;

        /// <summary>Byte offset of the blue channel inside one pixel.</summary>
        public static int BlueOffset(PixelFormat format) => format == PixelFormat.Bgra8 ? 0 : 2;

        /// <summary>Writes the RGB of <paramref name="source"/> as planes R, G, B into <paramref name="planar"/>.</summary>
        public static void ToPlanar(ReadOnlySpan<byte> source, int width, int height, int strideBytes, PixelFormat format,
            Span<float> planar)
        {
            int plane = width * height;
            Span<float> r = planar.Slice(0, plane), g = planar.Slice(plane, plane), b = planar.Slice(2 * plane, plane);
            int ro = RedOffset(format), bo = BlueOffset(format);
            float[] table = UnitFromByte;
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = source.Slice(y * strideBytes, width * 4);
                int o = y * width;
                for (int x = 0, p = 0; x < width; x++, p += 4)
                {
                    r[o + x] = table[row[p + ro]];
                    g[o + x] = table[row[p + 1]];
                    b[o + x] = table[row[p + bo]];
                }
            }
        }

        /// <summary>
        /// Writes planes R, G, B of <paramref name="planar"/> into the colour bytes of <paramref name="destination"/>,
        /// clamped to [0, 1] (NaN to 0) and rounded to nearest. Alpha bytes are left alone.
        /// </summary>
        public static void FromPlanar(ReadOnlySpan<float> planar, int width, int height, Span<byte> destination,
            int strideBytes, PixelFormat format)
        {
            int plane = width * height;
            ReadOnlySpan<float> r = planar.Slice(0, plane), g = planar.Slice(plane, plane), b = planar.Slice(2 * plane, plane);
            int ro = RedOffset(format), bo = BlueOffset(format);
            for (int y = 0; y < height; y++)
            {
                Span<byte> row = destination.Slice(y * strideBytes, width * 4);
                int o = y * width;
                for (int x = 0, p = 0; x < width; x++, p += 4)
                {
                    row[p + ro] = ToByte(r[o + x]);
                    row[p + 1] = ToByte(g[o + x]);
                    row[p + bo] = ToByte(b[o + x]);
                }
            }
        }

        /// <summary>Clamps to [0, 1] (NaN counts as 0) and rounds to the nearest 8-bit value.</summary>
        public static byte ToByte(float unit)
        {
            if (!(unit > 0f)) return 0;
            if (unit >= 1f) return 255;
            return (byte)(unit * 255f + 0.5f);
        }

        private static float[] BuildUnitTable()
        {
            var table = new float[256];
            for (int i = 0; i < table.Length; i++) table[i] = i / 255f;
            return table;
        }
    }
}
