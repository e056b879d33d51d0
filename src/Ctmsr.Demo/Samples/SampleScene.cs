using SkiaSharp;

namespace Ctmsr.Demo.Samples;

/// <summary>
/// A procedural game-like street frame for trying the upscaler: gradient sky and sun, a skyline with lit windows,
/// power lines, a brick wall with a neon sign, a checker floor and shaded spheres. Drawn in a 480x270 design space and
/// scaled to the requested size; the same size gives the same pixels.
/// </summary>
public static class SampleScene
{
    public const int DesignWidth = 480;
    public const int DesignHeight = 270;

    public static void Draw(SKCanvas canvas, int width, int height)
    {
        canvas.Save();
        canvas.Scale(width / (float)DesignWidth, height / (float)DesignHeight);
        DrawSky(canvas);
        DrawSkyline(canvas);
        DrawWires(canvas);
        DrawBrickWall(canvas);
        DrawSign(canvas);
        DrawFloor(canvas);
        DrawSpheres(canvas);
        DrawFence(canvas);
        canvas.Restore();
    }

    private static void DrawSky(SKCanvas canvas)
    {
        using var sky = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 170),
                new[] { new SKColor(0x14, 0x1e, 0x5a), new SKColor(0x6a, 0x3d, 0x8f), new SKColor(0xf2, 0x8c, 0x5a) },
                new[] { 0f, 0.55f, 1f }, SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, DesignWidth, 170, sky);

        using var sun = new SKPaint
        {
            IsAntialias = true,
            Shader = SKShader.CreateRadialGradient(new SKPoint(372, 88), 38,
                new[] { new SKColor(0xff, 0xf6, 0xc8), new SKColor(0xff, 0xb0, 0x40), new SKColor(0xff, 0x70, 0x30, 0) },
                new[] { 0f, 0.7f, 1f }, SKShaderTileMode.Clamp),
        };
        canvas.DrawCircle(372, 88, 38, sun);

        using var star = new SKPaint { Color = new SKColor(0xff, 0xff, 0xff, 0xc0) };
        uint state = 12345;
        for (int i = 0; i < 40; i++)
        {
            float x = Next(ref state) % DesignWidth, y = Next(ref state) % 70;
            canvas.DrawRect(x, y, 1, 1, star);
        }
    }

    private static void DrawSkyline(SKCanvas canvas)
    {
        using var building = new SKPaint { Color = new SKColor(0x24, 0x18, 0x3a) };
        using var window = new SKPaint { Color = new SKColor(0xff, 0xd8, 0x6a) };
        uint state = 777;
        float x = 0;
        while (x < DesignWidth)
        {
            float w = 26 + Next(ref state) % 30, h = 40 + Next(ref state) % 70;
            float top = 170 - h;
            canvas.DrawRect(x, top, w - 2, h, building);
            for (float wy = top + 5; wy < 165; wy += 7)
                for (float wx = x + 4; wx < x + w - 7; wx += 6)
                    if (Next(ref state) % 3 == 0) canvas.DrawRect(wx, wy, 3, 3, window);
            x += w;
        }
    }

    private static void DrawWires(SKCanvas canvas)
    {
        using var pole = new SKPaint { Color = new SKColor(0x1a, 0x12, 0x10), IsAntialias = true };
        canvas.DrawRect(60, 40, 4, 120, pole);
        canvas.DrawRect(300, 30, 4, 130, pole);
        canvas.DrawRect(52, 46, 20, 3, pole);
        canvas.DrawRect(292, 36, 20, 3, pole);

        using var wire = new SKPaint { Color = new SKColor(0x10, 0x10, 0x14), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1f };
        for (int i = 0; i < 3; i++)
        {
            using var path = new SKPath();
            float y0 = 47 + i * 1.5f, y1 = 37 + i * 1.5f;
            path.MoveTo(-20, 62 + i * 4);
            path.QuadTo(20, 70 + i * 4, 54 + i * 8, y0);
            path.QuadTo(180, 82 + i * 6, 294 + i * 8, y1);
            path.QuadTo(400, 70 + i * 5, DesignWidth + 20, 52 + i * 6);
            canvas.DrawPath(path, wire);
        }
    }

    private static void DrawBrickWall(SKCanvas canvas)
    {
        using var mortar = new SKPaint { Color = new SKColor(0x8a, 0x80, 0x78) };
        canvas.DrawRect(0, 150, 320, 80, mortar);
        var bricks = new[] { new SKColor(0x9c, 0x3b, 0x2a), new SKColor(0xa8, 0x46, 0x30), new SKColor(0x86, 0x32, 0x25) };
        using var brick = new SKPaint();
        uint state = 4242;
        for (int row = 0; row < 8; row++)
        {
            float y = 150 + row * 10, offset = row % 2 == 0 ? 0 : -12;
            for (float x = offset; x < 320; x += 24)
            {
                brick.Color = bricks[Next(ref state) % 3];
                float left = Math.Max(x + 1, 0), right = Math.Min(x + 23, 320);
                canvas.DrawRect(left, y + 1, right - left, 8, brick);
            }
        }
        using var shade = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 150), new SKPoint(0, 230),
                new[] { new SKColor(0, 0, 0, 0), new SKColor(0, 0, 0, 0x60) }, SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 150, 320, 80, shade);
    }

    private static void DrawSign(SKCanvas canvas)
    {
        using var panel = new SKPaint { Color = new SKColor(0x12, 0x10, 0x1c) };
        using var border = new SKPaint { Color = new SKColor(0x30, 0xe8, 0xff), Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
        var rect = new SKRect(96, 158, 228, 206);
        canvas.DrawRoundRect(rect, 4, 4, panel);
        canvas.DrawRoundRect(rect, 4, 4, border);
        using var neon = new SKPaint { Color = new SKColor(0xff, 0x4f, 0xb8) };
        BlockFont.Draw(canvas, "CTMSR", 162 - BlockFont.Measure("CTMSR", 2.5f) / 2, 163, 2.5f, neon);
        using var small = new SKPaint { Color = new SKColor(0xff, 0xe8, 0x70) };
        BlockFont.Draw(canvas, "OPEN 24H", 162 - BlockFont.Measure("OPEN 24H", 1.5f) / 2, 186, 1.5f, small);

        using var plate = new SKPaint { Color = new SKColor(0xe8, 0xe8, 0xe0) };
        canvas.DrawRect(250, 166, 50, 14, plate);
        using var ink = new SKPaint { Color = new SKColor(0x20, 0x40, 0x90) };
        BlockFont.Draw(canvas, "EXIT", 252, 169, 1f, ink);
        BlockFont.Draw(canvas, "-2", 280, 169, 1f, ink);
    }

    private static void DrawFloor(SKCanvas canvas)
    {
        using var dark = new SKPaint { Color = new SKColor(0x3a, 0x3c, 0x44) };
        using var light = new SKPaint { Color = new SKColor(0xb8, 0xb4, 0xa8) };
        canvas.DrawRect(0, 230, DesignWidth, 40, dark);
        for (int row = 0; row < 4; row++)
            for (int col = 0; col < DesignWidth / 12; col++)
                if ((row + col) % 2 == 0) canvas.DrawRect(col * 12, 230 + row * 10, 12, 10, light);
        using var curb = new SKPaint { Color = new SKColor(0x60, 0x5c, 0x58) };
        canvas.DrawRect(320, 150, DesignWidth - 320, 80, curb);
        using var line = new SKPaint { Color = new SKColor(0xf0, 0xd0, 0x30), StrokeWidth = 1.5f, IsAntialias = true };
        canvas.DrawLine(330, 228, 470, 160, line);
    }

    private static void DrawSpheres(SKCanvas canvas)
    {
        (float x, float y, float r, SKColor c)[] balls =
        {
            (360, 205, 18, new SKColor(0x2a, 0x70, 0xe0)),
            (405, 214, 12, new SKColor(0xe0, 0x30, 0x40)),
            (440, 200, 22, new SKColor(0x30, 0xb0, 0x60)),
            (30, 246, 9, new SKColor(0xf0, 0xa0, 0x20)),
        };
        foreach (var (x, y, r, c) in balls)
        {
            using var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 0x50), IsAntialias = true };
            canvas.DrawOval(x + r * 0.3f, y + r * 0.95f, r * 0.9f, r * 0.25f, shadow);
            using var body = new SKPaint
            {
                IsAntialias = true,
                Shader = SKShader.CreateRadialGradient(new SKPoint(x - r * 0.35f, y - r * 0.4f), r * 1.4f,
                    new[] { SKColors.White, c, new SKColor((byte)(c.Red / 4), (byte)(c.Green / 4), (byte)(c.Blue / 4)) },
                    new[] { 0f, 0.3f, 1f }, SKShaderTileMode.Clamp),
            };
            canvas.DrawCircle(x, y, r, body);
        }
    }

    private static void DrawFence(SKCanvas canvas)
    {
        using var wire = new SKPaint { Color = new SKColor(0xc0, 0xc4, 0xcc, 0xb0), IsAntialias = true, StrokeWidth = 0.8f };
        for (float x = 0; x < 90; x += 6)
        {
            canvas.DrawLine(x, 206, x + 24, 230, wire);
            canvas.DrawLine(x + 24, 206, x, 230, wire);
        }
    }

    // A small deterministic generator so the scene never depends on System.Random's algorithm.
    private static uint Next(ref uint state)
    {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    }
}
