using SkiaSharp;

namespace Ctmsr.Demo.Samples;

/// <summary>
/// A 5x7 block font drawn with rectangles, so sample signage renders the same everywhere without system fonts (the
/// NoDependencies Skia build has no fontconfig).
/// </summary>
public static class BlockFont
{
    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['A'] = new[] { ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#" },
        ['C'] = new[] { ".####", "#....", "#....", "#....", "#....", "#....", ".####" },
        ['E'] = new[] { "#####", "#....", "#....", "####.", "#....", "#....", "#####" },
        ['H'] = new[] { "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#" },
        ['I'] = new[] { "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####" },
        ['L'] = new[] { "#....", "#....", "#....", "#....", "#....", "#....", "#####" },
        ['M'] = new[] { "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#" },
        ['N'] = new[] { "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#" },
        ['O'] = new[] { ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###." },
        ['P'] = new[] { "####.", "#...#", "#...#", "####.", "#....", "#....", "#...." },
        ['R'] = new[] { "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#" },
        ['S'] = new[] { ".####", "#....", "#....", ".###.", "....#", "....#", "####." },
        ['T'] = new[] { "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.." },
        ['X'] = new[] { "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#" },
        ['2'] = new[] { ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####" },
        ['4'] = new[] { "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#." },
        ['-'] = new[] { ".....", ".....", ".....", "#####", ".....", ".....", "....." },
    };

    /// <summary>Width of <paramref name="text"/> in canvas units at the given cell size (one cell gap between glyphs).</summary>
    public static float Measure(string text, float cell) => text.Length == 0 ? 0 : (text.Length * 6 - 1) * cell;

    /// <summary>Draws upper-case <paramref name="text"/> with its top-left at (x, y); unknown characters are blanks.</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float y, float cell, SKPaint paint)
    {
        foreach (char ch in text)
        {
            if (Glyphs.TryGetValue(ch, out string[]? rows))
            {
                for (int r = 0; r < rows.Length; r++)
                    for (int c = 0; c < rows[r].Length; c++)
                        if (rows[r][c] == '#')
                            canvas.DrawRect(x + c * cell, y + r * cell, cell, cell, paint);
            }
            x += 6 * cell;
        }
    }
}
