namespace Ctmsr.Demo.Upscalers;

/// <summary>
/// The host (CPU) twin of <c>shaders/demo/easu.comp</c>, the demo's edge-adaptive upscaler in the style of FSR 1 EASU:
/// the same half-pixel mapping, 12-tap footprint, direction and edge analysis on luma (0.299, 0.587, 0.114), polynomial
/// Lanczos-2-like kernel, clamp to the 2x2 centre texels and 8-bit output (round(clamp(c, 0, 1) * 255)), all in
/// single precision as the shader computes it. A test runs the shader on lavapipe and holds the two within 1 level.
/// </summary>
/// <remarks>
/// One source file compiled into both Ctmsr.Demo and Ctmsr.Training (linked; Training references neither Demo nor
/// Runtime), so it uses nothing but the base library. Pixels are interleaved 8-bit channels, 3 (RGB) or 4 (RGBA);
/// every channel is filtered, luma comes from the first three. The shader's <c>swap_rb</c> and destination offset are
/// presentation details the host twin does not model: it writes the channels in the source's order.
/// </remarks>
public static class HostEasu
{
    /// <summary>Upscales (or resamples) <paramref name="src"/> to <paramref name="dst"/> as easu.comp does.</summary>
    /// <param name="src">srcWidth x srcHeight pixels of <paramref name="channels"/> bytes, row-major, no padding.</param>
    /// <param name="channels">3 or 4 bytes per pixel, the same in source and destination.</param>
    /// <param name="dst">dstWidth x dstHeight pixels, written in full.</param>
    public static void Upscale(ReadOnlySpan<byte> src, int srcWidth, int srcHeight, int channels,
        Span<byte> dst, int dstWidth, int dstHeight)
    {
        if (channels is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 3 or 4");
        if (srcWidth <= 0 || srcHeight <= 0 || dstWidth <= 0 || dstHeight <= 0)
            throw new ArgumentException($"sizes must be positive; got {srcWidth}x{srcHeight} -> {dstWidth}x{dstHeight}");
        long srcBytes = (long)srcWidth * srcHeight * channels, dstBytes = (long)dstWidth * dstHeight * channels;
        if (src.Length < srcBytes)
            throw new ArgumentException($"a {srcWidth}x{srcHeight} source of {channels} channels needs {srcBytes} bytes; got {src.Length}", nameof(src));
        if (dst.Length < dstBytes)
            throw new ArgumentException($"a {dstWidth}x{dstHeight} destination of {channels} channels needs {dstBytes} bytes; got {dst.Length}", nameof(dst));

        var taps = new Tap[12];
        Span<float> sum = stackalloc float[4];
        float sw = srcWidth, sh = srcHeight, dw = dstWidth, dh = dstHeight;
        for (int oy = 0; oy < dstHeight; oy++)
        {
            // The shader: f = (vec2(o) + 0.5) * vec2(sw, sh) / vec2(dw, dh) - 0.5, in float.
            float fy = (oy + 0.5f) * sh / dh - 0.5f;
            int by = (int)MathF.Floor(fy);
            float ty = fy - by;
            for (int ox = 0; ox < dstWidth; ox++)
            {
                float fx = (ox + 0.5f) * sw / dw - 0.5f;
                int bx = (int)MathF.Floor(fx);
                float tx = fx - bx;
                // The 12-tap footprint in the shader's order: b, c / e, f, g, h / i, j, k, l / n, o.
                Load(ref taps[0], src, srcWidth, srcHeight, channels, bx, by, 0, -1);
                Load(ref taps[1], src, srcWidth, srcHeight, channels, bx, by, 1, -1);
                Load(ref taps[2], src, srcWidth, srcHeight, channels, bx, by, -1, 0);
                Load(ref taps[3], src, srcWidth, srcHeight, channels, bx, by, 0, 0);
                Load(ref taps[4], src, srcWidth, srcHeight, channels, bx, by, 1, 0);
                Load(ref taps[5], src, srcWidth, srcHeight, channels, bx, by, 2, 0);
                Load(ref taps[6], src, srcWidth, srcHeight, channels, bx, by, -1, 1);
                Load(ref taps[7], src, srcWidth, srcHeight, channels, bx, by, 0, 1);
                Load(ref taps[8], src, srcWidth, srcHeight, channels, bx, by, 1, 1);
                Load(ref taps[9], src, srcWidth, srcHeight, channels, bx, by, 2, 1);
                Load(ref taps[10], src, srcWidth, srcHeight, channels, bx, by, 0, 2);
                Load(ref taps[11], src, srcWidth, srcHeight, channels, bx, by, 1, 2);
                float lb = taps[0].L, lc = taps[1].L, le = taps[2].L, lf = taps[3].L, lg = taps[4].L, lh = taps[5].L;
                float li = taps[6].L, lj = taps[7].L, lk = taps[8].L, ll = taps[9].L, ln = taps[10].L, lo_ = taps[11].L;

                float dirX = 0f, dirY = 0f, len = 0f;
                Analyse(ref dirX, ref dirY, ref len, (1f - tx) * (1f - ty), lf, le, lg, lb, lj);
                Analyse(ref dirX, ref dirY, ref len, tx * (1f - ty), lg, lf, lh, lc, lk);
                Analyse(ref dirX, ref dirY, ref len, (1f - tx) * ty, lj, li, lk, lf, ln);
                Analyse(ref dirX, ref dirY, ref len, tx * ty, lk, lj, ll, lg, lo_);

                float d2 = dirX * dirX + dirY * dirY;
                if (d2 < 1f / 32768f)
                {
                    dirX = 1f;
                    dirY = 0f;
                }
                else
                {
                    float inv = 1f / MathF.Sqrt(d2);
                    dirX *= inv;
                    dirY *= inv;
                }
                len = Math.Clamp(len * 0.5f, 0f, 1f);
                len *= len;
                float m = MathF.Max(MathF.Abs(dirX), MathF.Abs(dirY));
                float diag = 1f / (m * m);
                float stretchX = 1f + (diag - 1f) * len, stretchY = 1f - 0.5f * len;
                float lobe = 0.5f - 0.29f * len;
                float clip = 1f / lobe;

                sum.Clear();
                float wsum = 0f;
                for (int k = 0; k < 12; k++)
                {
                    float offX = taps[k].Dx - tx, offY = taps[k].Dy - ty;
                    float vx = (offX * dirX + offY * dirY) * stretchX;
                    float vy = (-offX * dirY + offY * dirX) * stretchY;
                    float dd = MathF.Min(vx * vx + vy * vy, clip);
                    float b = 0.4f * dd - 1f;
                    float l = lobe * dd - 1f;
                    float w = (1.5625f * b * b - 0.5625f) * l * l;
                    for (int c = 0; c < channels; c++) sum[c] += taps[k].C(c) * w;
                    wsum += w;
                }

                int o = (oy * dstWidth + ox) * channels;
                for (int c = 0; c < channels; c++)
                {
                    // Clamp to the 2x2 centre (f, g, j, k) so the lobes cannot ring.
                    float cf = taps[3].C(c), cg = taps[4].C(c), cj = taps[7].C(c), ck = taps[8].C(c);
                    float lo = MathF.Min(MathF.Min(cf, cg), MathF.Min(cj, ck));
                    float hi = MathF.Max(MathF.Max(cf, cg), MathF.Max(cj, ck));
                    float v = Math.Clamp(sum[c] / wsum, lo, hi);
                    dst[o + c] = PackUnorm(v);
                }
            }
        }
    }

    /// <summary>packUnorm4x8 of one channel: round(clamp(v, 0, 1) * 255), ties to even.</summary>
    private static byte PackUnorm(float v) => (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f, MidpointRounding.ToEven);

    private static void Load(ref Tap tap, ReadOnlySpan<byte> src, int w, int h, int channels, int bx, int by, int dx, int dy)
    {
        int x = Math.Clamp(bx + dx, 0, w - 1), y = Math.Clamp(by + dy, 0, h - 1);
        int i = (y * w + x) * channels;
        // unpackUnorm4x8: byte / 255 in float.
        tap.R = src[i] / 255f;
        tap.G = src[i + 1] / 255f;
        tap.B = src[i + 2] / 255f;
        tap.A = channels == 4 ? src[i + 3] / 255f : 1f;
        tap.L = tap.R * 0.299f + tap.G * 0.587f + tap.B * 0.114f;
        tap.Dx = dx;
        tap.Dy = dy;
    }

    private static void Analyse(ref float dirX, ref float dirY, ref float len, float w, float l, float left, float right, float up, float down)
    {
        float gx = right - left;
        float sx = MathF.Max(MathF.Abs(right - l), MathF.Abs(l - left));
        float ex = sx > 0f ? Math.Clamp(MathF.Abs(gx) / sx, 0f, 1f) : 0f;
        float gy = down - up;
        float sy = MathF.Max(MathF.Abs(down - l), MathF.Abs(l - up));
        float ey = sy > 0f ? Math.Clamp(MathF.Abs(gy) / sy, 0f, 1f) : 0f;
        dirX += gx * w;
        dirY += gy * w;
        len += (ex * ex + ey * ey) * w;
    }

    private struct Tap
    {
        public float R, G, B, A, L;
        public int Dx, Dy;

        public readonly float C(int c) => c switch { 0 => R, 1 => G, 2 => B, _ => A };
    }
}
