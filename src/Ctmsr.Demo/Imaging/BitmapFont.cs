namespace Ctmsr.Demo.Imaging;

/// <summary>
/// A 5x7 bitmap font (upper case, digits, a little punctuation) for labels and the viewer's HUD: no system fonts are
/// needed (the NoDependencies Skia build has no fontconfig), and the same table feeds the HUD shader.
/// </summary>
public static class BitmapFont
{
    public const int GlyphWidth = 5, GlyphHeight = 7, Advance = 6;

    /// <summary>The characters in table order; anything else draws as a blank.</summary>
    public const string Characters = " ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;-_/()%=+[]<>|*'!?#";

    private static readonly string[] Rows =
    {
        ".....|.....|.....|.....|.....|.....|.....", // space
        ".###.|#...#|#...#|#####|#...#|#...#|#...#", // A
        "####.|#...#|#...#|####.|#...#|#...#|####.", // B
        ".####|#....|#....|#....|#....|#....|.####", // C
        "####.|#...#|#...#|#...#|#...#|#...#|####.", // D
        "#####|#....|#....|####.|#....|#....|#####", // E
        "#####|#....|#....|####.|#....|#....|#....", // F
        ".####|#....|#....|#.###|#...#|#...#|.###.", // G
        "#...#|#...#|#...#|#####|#...#|#...#|#...#", // H
        "#####|..#..|..#..|..#..|..#..|..#..|#####", // I
        "..###|...#.|...#.|...#.|...#.|#..#.|.##..", // J
        "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#", // K
        "#....|#....|#....|#....|#....|#....|#####", // L
        "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#", // M
        "#...#|##..#|#.#.#|#..##|#...#|#...#|#...#", // N
        ".###.|#...#|#...#|#...#|#...#|#...#|.###.", // O
        "####.|#...#|#...#|####.|#....|#....|#....", // P
        ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#", // Q
        "####.|#...#|#...#|####.|#.#..|#..#.|#...#", // R
        ".####|#....|#....|.###.|....#|....#|####.", // S
        "#####|..#..|..#..|..#..|..#..|..#..|..#..", // T
        "#...#|#...#|#...#|#...#|#...#|#...#|.###.", // U
        "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..", // V
        "#...#|#...#|#...#|#.#.#|#.#.#|##.##|#...#", // W
        "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#", // X
        "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..", // Y
        "#####|....#|...#.|..#..|.#...|#....|#####", // Z
        ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.", // 0
        "..#..|.##..|..#..|..#..|..#..|..#..|.###.", // 1
        ".###.|#...#|....#|...#.|..#..|.#...|#####", // 2
        "####.|....#|....#|.###.|....#|....#|####.", // 3
        "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.", // 4
        "#####|#....|####.|....#|....#|#...#|.###.", // 5
        ".###.|#....|#....|####.|#...#|#...#|.###.", // 6
        "#####|....#|...#.|..#..|.#...|.#...|.#...", // 7
        ".###.|#...#|#...#|.###.|#...#|#...#|.###.", // 8
        ".###.|#...#|#...#|.####|....#|....#|.###.", // 9
        ".....|.....|.....|.....|.....|.##..|.##..", // .
        ".....|.....|.....|.....|.##..|..#..|.#...", // ,
        ".....|.##..|.##..|.....|.##..|.##..|.....", // :
        ".....|.##..|.##..|.....|.##..|..#..|.#...", // ;
        ".....|.....|.....|#####|.....|.....|.....", // -
        ".....|.....|.....|.....|.....|.....|#####", // _
        "....#|...#.|...#.|..#..|.#...|.#...|#....", // /
        "...#.|..#..|.#...|.#...|.#...|..#..|...#.", // (
        ".#...|..#..|...#.|...#.|...#.|..#..|.#...", // )
        "##..#|##..#|...#.|..#..|.#...|#..##|#..##", // %
        ".....|.....|#####|.....|#####|.....|.....", // =
        ".....|..#..|..#..|#####|..#..|..#..|.....", // +
        ".###.|.#...|.#...|.#...|.#...|.#...|.###.", // [
        ".###.|...#.|...#.|...#.|...#.|...#.|.###.", // ]
        "...#.|..#..|.#...|#....|.#...|..#..|...#.", // <
        ".#...|..#..|...#.|....#|...#.|..#..|.#...", // >
        "..#..|..#..|..#..|..#..|..#..|..#..|..#..", // |
        ".....|#.#.#|.###.|#####|.###.|#.#.#|.....", // *
        "..#..|..#..|.#...|.....|.....|.....|.....", // '
        "..#..|..#..|..#..|..#..|..#..|.....|..#..", // !
        ".###.|#...#|....#|...#.|..#..|.....|..#..", // ?
        ".#.#.|#####|.#.#.|.#.#.|.#.#.|#####|.#.#.", // #
    };

    private static readonly ushort[][] Bits = BuildBits();

    private static ushort[][] BuildBits()
    {
        if (Rows.Length != Characters.Length) throw new InvalidOperationException($"font table has {Rows.Length} glyphs for {Characters.Length} characters");
        var bits = new ushort[Rows.Length][];
        for (int g = 0; g < Rows.Length; g++)
        {
            string[] rows = Rows[g].Split('|');
            bits[g] = new ushort[GlyphHeight];
            for (int r = 0; r < GlyphHeight; r++)
                for (int c = 0; c < GlyphWidth; c++)
                    if (rows[r][c] == '#') bits[g][r] |= (ushort)(1 << c);
        }
        return bits;
    }

    /// <summary>Index of <paramref name="c"/> in the table (lower case maps to upper case); 0 (blank) when absent.</summary>
    public static int GlyphIndex(char c)
    {
        int i = Characters.IndexOf(char.ToUpperInvariant(c));
        return i < 0 ? 0 : i;
    }

    /// <summary>Row <paramref name="row"/> of glyph <paramref name="glyph"/>: bit c set = pixel at column c lit.</summary>
    public static int RowBits(int glyph, int row) => Bits[glyph][row];

    /// <summary>Pixel width of <paramref name="text"/> at integer <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

    /// <summary>Draws <paramref name="text"/> into an RGBA8 image with its top-left at (x, y), clipped to the image.</summary>
    public static void Draw(RgbaImage image, string text, int x, int y, int scale, byte r, byte g, byte b)
    {
        byte[] p = image.Pixels;
        for (int i = 0; i < text.Length; i++)
        {
            int glyph = GlyphIndex(text[i]);
            for (int row = 0; row < GlyphHeight; row++)
                for (int col = 0; col < GlyphWidth; col++)
                {
                    if ((Bits[glyph][row] & (1 << col)) == 0) continue;
                    for (int sy = 0; sy < scale; sy++)
                        for (int sx = 0; sx < scale; sx++)
                        {
                            int px = x + (i * Advance + col) * scale + sx, py = y + row * scale + sy;
                            if ((uint)px >= (uint)image.Width || (uint)py >= (uint)image.Height) continue;
                            int o = 4 * (py * image.Width + px);
                            p[o] = r;
                            p[o + 1] = g;
                            p[o + 2] = b;
                            p[o + 3] = 255;
                        }
                }
        }
    }
}
