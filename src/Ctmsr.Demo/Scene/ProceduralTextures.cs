using Ctmsr.Demo.Samples;
using SkiaSharp;

namespace Ctmsr.Demo.Scene;

/// <summary>
/// The scene's texture array, generated from integer hashes (never stored in the repository): brick, grass, signage
/// with text, alpha-tested foliage, chain-link, planks, cobble, brushed metal; every layer with a full mip chain.
/// </summary>
public static class ProceduralTextures
{
    public const int Size = 256;

    /// <summary>Mip levels of <see cref="Size"/> down to 1x1.</summary>
    public static int MipLevels => 1 + (int)Math.Log2(Size);

    /// <summary>Mip <c>[level][layer]</c>: RGBA8 (sRGB-encoded), tightly packed, (Size >> level)^2 pixels.</summary>
    public static byte[][][] Generate()
    {
        var top = new byte[Material.LayerCount][];
        top[Material.Brick] = Pixels(Brick);
        top[Material.Grass] = Pixels(Grass);
        top[Material.Signage] = Signage();
        top[Material.Foliage] = Foliage();
        top[Material.ChainLink] = Pixels(ChainLink);
        top[Material.Planks] = Pixels(Planks);
        top[Material.Cobble] = Pixels(Cobble);
        top[Material.Metal] = Pixels(Metal);
        var mips = new byte[MipLevels][][];
        mips[0] = top;
        for (int level = 1; level < MipLevels; level++)
        {
            mips[level] = new byte[Material.LayerCount][];
            for (int layer = 0; layer < Material.LayerCount; layer++)
                mips[level][layer] = Halve(mips[level - 1][layer], Size >> (level - 1));
        }
        return mips;
    }

    private static byte[] Halve(byte[] src, int size)
    {
        int half = size / 2;
        var dst = new byte[4 * half * half];
        for (int y = 0; y < half; y++)
            for (int x = 0; x < half; x++)
                for (int c = 0; c < 4; c++)
                {
                    int s = src[4 * ((2 * y) * size + 2 * x) + c] + src[4 * ((2 * y) * size + 2 * x + 1) + c]
                          + src[4 * ((2 * y + 1) * size + 2 * x) + c] + src[4 * ((2 * y + 1) * size + 2 * x + 1) + c];
                    dst[4 * (y * half + x) + c] = (byte)((s + 2) / 4);
                }
        return dst;
    }

    private static byte[] Pixels(Func<int, int, (float R, float G, float B, float A)> f)
    {
        var p = new byte[4 * Size * Size];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                var (r, g, b, a) = f(x, y);
                int i = 4 * (y * Size + x);
                p[i] = ToByte(r);
                p[i + 1] = ToByte(g);
                p[i + 2] = ToByte(b);
                p[i + 3] = ToByte(a);
            }
        return p;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v * 255f), 0, 255);

    /// <summary>A well-mixed 32-bit hash to [0, 1).</summary>
    public static float Hash(int x, int y, int salt)
    {
        uint h = (uint)x * 0x8da6b343u ^ (uint)y * 0xd8163841u ^ (uint)salt * 0xcb1ab31fu;
        h ^= h >> 16;
        h *= 0x7feb352du;
        h ^= h >> 15;
        h *= 0x846ca68bu;
        h ^= h >> 16;
        return (h >> 8) / 16777216f;
    }

    private static (float, float, float, float) Brick(int x, int y)
    {
        const int bw = 64, bh = 32, mortar = 3;
        int row = y / bh;
        int sx = x + (row % 2) * (bw / 2);
        int col = (sx / bw) % (Size / bw);
        if (y % bh < mortar || sx % bw < mortar) { float m = 0.62f + 0.1f * Hash(x, y, 1); return (m, m * 0.97f, m * 0.9f, 1); }
        float tone = 0.75f + 0.25f * Hash(col, row, 2);
        float grain = 0.85f + 0.3f * Hash(x, y, 3);
        return (0.62f * tone * grain, 0.27f * tone * grain, 0.2f * tone * grain, 1);
    }

    private static (float, float, float, float) Grass(int x, int y)
    {
        // Blades: vertical streaks of random length and shade on a darker base.
        float blade = Hash(x, y / 6, 4);
        float shade = 0.55f + 0.45f * blade * Hash(x, y, 5);
        float tint = Hash(x / 16, y / 16, 6);
        return (0.3f * shade + 0.06f * tint, 0.66f * shade, 0.17f * shade, 1);
    }

    private static (float, float, float, float) ChainLink(int x, int y)
    {
        // Two families of diagonal wires, 32 px apart, about 2.5 px thick.
        const int period = 32;
        int a = ((x + y) % period + period) % period, b = ((x - y) % period + period) % period;
        float d = MathF.Min(MathF.Min(a, period - a), MathF.Min(b, period - b));
        if (d > 1.3f) return (0, 0, 0, 0);
        float s = 0.65f + 0.25f * Hash(x, y, 7);
        return (s, s, s * 1.05f, 1);
    }

    private static (float, float, float, float) Planks(int x, int y)
    {
        int board = y / 32;
        if (y % 32 < 2) return (0.18f, 0.12f, 0.08f, 1);
        float grain = 0.8f + 0.2f * MathF.Sin((x + 37 * board) * 0.15f + 6f * Hash(x / 8, y, 8));
        float tone = 0.8f + 0.2f * Hash(board, 0, 9);
        return (0.55f * grain * tone, 0.38f * grain * tone, 0.22f * grain * tone, 1);
    }

    private static (float, float, float, float) Cobble(int x, int y)
    {
        // Stones: nearest jittered centre of a 32 px grid; the gap between two nearest centres is mortar.
        const int cell = 32;
        int cx = x / cell, cy = y / cell;
        float best = float.MaxValue, second = float.MaxValue;
        int bestId = 0;
        for (int j = -1; j <= 1; j++)
            for (int i = -1; i <= 1; i++)
            {
                int gx = cx + i, gy = cy + j;
                int wx = (gx % (Size / cell) + Size / cell) % (Size / cell), wy = (gy % (Size / cell) + Size / cell) % (Size / cell);
                float px = gx * cell + cell * (0.2f + 0.6f * Hash(wx, wy, 10));
                float py = gy * cell + cell * (0.2f + 0.6f * Hash(wx, wy, 11));
                float d = MathF.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
                if (d < best) { second = best; best = d; bestId = wx * 31 + wy; }
                else if (d < second) second = d;
            }
        if (second - best < 2.5f) return (0.2f, 0.19f, 0.18f, 1);
        float tone = 0.45f + 0.25f * Hash(bestId, 0, 12) + 0.08f * Hash(x, y, 13);
        return (tone, tone * 0.96f, tone * 0.9f, 1);
    }

    private static (float, float, float, float) Metal(int x, int y)
    {
        float brushed = 0.7f + 0.12f * Hash(0, y, 14) + 0.05f * Hash(x, y, 15);
        return (brushed * 0.85f, brushed * 0.88f, brushed * 0.92f, 1);
    }

    private static byte[] Signage()
    {
        return Draw(canvas =>
        {
            canvas.Clear(new SKColor(20, 34, 60));
            using var border = new SKPaint { Color = new SKColor(230, 200, 60), IsAntialias = false };
            canvas.DrawRect(4, 4, Size - 8, 4, border);
            canvas.DrawRect(4, Size - 8, Size - 8, 4, border);
            canvas.DrawRect(4, 4, 4, Size - 8, border);
            canvas.DrawRect(Size - 8, 4, 4, Size - 8, border);
            using var white = new SKPaint { Color = SKColors.White, IsAntialias = false };
            using var red = new SKPaint { Color = new SKColor(235, 70, 60), IsAntialias = false };
            BlockFont.Draw(canvas, "HOTEL", 22, 18, 6, white);
            BlockFont.Draw(canvas, "MAIN STREET", 20, 72, 3, border);
            BlockFont.Draw(canvas, "OPEN 24", 20, 104, 3, red);
            // Small print: lines of 1 px cells, the detail an upscaler must not smear.
            string[] small = { "CTMSR X2 SAMPLE TEXT", "NO EXIT - 24 HRS", "REAL TIME SR", "ONNX - PSNR - 2X", "PSNR SSIM TEST" };
            for (int i = 0; i < small.Length; i++) BlockFont.Draw(canvas, small[i], 20, 140 + 18 * i, i % 2 == 0 ? 2 : 1.5f, white);
        });
    }

    private static byte[] Foliage()
    {
        return Draw(canvas =>
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { IsAntialias = false };
            for (int i = 0; i < 420; i++)
            {
                float cx = Size * Hash(i, 0, 16), cy = Size * (0.05f + 0.9f * Hash(i, 1, 17));
                float r = 3f + 5f * Hash(i, 2, 18);
                float g = 0.35f + 0.4f * Hash(i, 3, 19);
                paint.Color = new SKColor((byte)(255 * g * 0.35f), (byte)(255 * g), (byte)(255 * g * 0.25f));
                canvas.Save();
                canvas.RotateDegrees(360 * Hash(i, 4, 20), cx, cy);
                canvas.DrawOval(cx, cy, r, r * 0.45f, paint);
                canvas.Restore();
            }
            using var twig = new SKPaint { Color = new SKColor(70, 50, 30), IsAntialias = false, StrokeWidth = 2 };
            for (int i = 0; i < 12; i++)
                canvas.DrawLine(Size / 2f, Size, Size * Hash(i, 5, 21), Size * 0.2f * Hash(i, 6, 22), twig);
        });
    }

    private static byte[] Draw(Action<SKCanvas> draw)
    {
        var info = new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul))
                            ?? throw new InvalidOperationException("cannot create a texture drawing surface");
        draw(surface.Canvas);
        var pixels = new byte[info.BytesSize];
        using SKImage image = surface.Snapshot();
        unsafe
        {
            fixed (byte* p = pixels)
                if (!image.ReadPixels(info, (IntPtr)p, info.RowBytes, 0, 0))
                    throw new InvalidOperationException("cannot read a texture's pixels back");
        }
        return pixels;
    }
}
