using System;

namespace Ctmsr.Runtime.Imaging
{
    /// <summary>
    /// Carries the alpha channel of a frame to the output size by bilinear interpolation with half-pixel centres
    /// (source coordinate = (x + 0.5) / s - 0.5, clamped at the edges), the same rule as ONNX <c>Resize</c> linear and
    /// PyTorch <c>interpolate(bilinear, align_corners=false)</c>. The taps are computed once per resolution.
    /// </summary>
    internal sealed class AlphaUpsampler
    {
        private readonly int[] _x0, _x1, _y0, _y1;
        private readonly float[] _fx, _fy;

        public AlphaUpsampler(int sourceWidth, int sourceHeight, int scale)
        {
            SourceWidth = sourceWidth;
            SourceHeight = sourceHeight;
            OutputWidth = sourceWidth * scale;
            OutputHeight = sourceHeight * scale;
            BuildTaps(sourceWidth, scale, out _x0, out _x1, out _fx);
            BuildTaps(sourceHeight, scale, out _y0, out _y1, out _fy);
        }

        public int SourceWidth { get; }
        public int SourceHeight { get; }
        public int OutputWidth { get; }
        public int OutputHeight { get; }

        /// <summary>Writes byte 3 (alpha, in both RGBA8 and BGRA8) of every output pixel.</summary>
        public void Upsample(ReadOnlySpan<byte> source, int strideBytes, Span<byte> destination, int outStrideBytes)
        {
            int[] x0 = _x0, x1 = _x1;
            float[] fx = _fx;
            for (int y = 0; y < OutputHeight; y++)
            {
                ReadOnlySpan<byte> top = source.Slice(_y0[y] * strideBytes);
                ReadOnlySpan<byte> bottom = source.Slice(_y1[y] * strideBytes);
                float wy = _fy[y];
                Span<byte> row = destination.Slice(y * outStrideBytes, OutputWidth * 4);
                for (int x = 0; x < OutputWidth; x++)
                {
                    int a = x0[x] * 4 + 3, b = x1[x] * 4 + 3;
                    float wx = fx[x];
                    float t = top[a] + (top[b] - top[a]) * wx;
                    float u = bottom[a] + (bottom[b] - bottom[a]) * wx;
                    row[x * 4 + 3] = (byte)(t + (u - t) * wy + 0.5f);
                }
            }
        }

        private static void BuildTaps(int size, int scale, out int[] i0, out int[] i1, out float[] frac)
        {
            int outSize = size * scale;
            i0 = new int[outSize];
            i1 = new int[outSize];
            frac = new float[outSize];
            for (int o = 0; o < outSize; o++)
            {
                double src = (o + 0.5) / scale - 0.5;
                if (src < 0) src = 0;
                int lo = (int)Math.Floor(src);
                if (lo > size - 1) lo = size - 1;
                i0[o] = lo;
                i1[o] = Math.Min(lo + 1, size - 1);
                frac[o] = (float)(src - lo);
            }
        }
    }
}
