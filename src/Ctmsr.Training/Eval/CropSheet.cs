using Ctmsr.Metrics;
using Ctmsr.Training.Imaging;
using SkiaSharp;

namespace Ctmsr.Training.Eval;

/// <summary>
/// A side-by-side sheet of equal crops: one row per (image, LR kind), columns HR then each method, each tile labelled.
/// Crops sit where the HR has the most gradient energy, so the sheet shows detail rather than sky.
/// </summary>
public sealed class CropSheet
{
    private const int LabelHeight = 14;
    private const int Gap = 2;
    private readonly List<(string RowLabel, List<(string Label, RgbImage Tile)> Tiles)> _rows = new();

    /// <summary>The top-left corner of the size x size window of <paramref name="hr"/> with the most Sobel energy.</summary>
    public static (int X, int Y) DetailedCrop(RgbImage hr, int size)
    {
        var mag = ImageMetrics.SobelMagnitude(LumaPlane.FromPixels(hr.Pixels, hr.Width, hr.Height, 3), out int mw, out int mh);
        if (size >= hr.Width || size >= hr.Height || mw == 0 || mh == 0) return (0, 0);
        // Integral image over the magnitude (offset by 1 pixel, the Sobel interior).
        var integral = new double[(mw + 1) * (mh + 1)];
        for (int y = 0; y < mh; y++)
        {
            double row = 0;
            for (int x = 0; x < mw; x++)
            {
                row += mag[y * mw + x];
                integral[(y + 1) * (mw + 1) + x + 1] = integral[y * (mw + 1) + x + 1] + row;
            }
        }
        int inner = Math.Min(size, Math.Min(mw, mh));
        int step = Math.Max(1, size / 8);
        (int, int) best = (0, 0);
        double bestSum = -1;
        for (int y = 0; y + inner <= mh; y += step)
            for (int x = 0; x + inner <= mw; x += step)
            {
                double sum = integral[(y + inner) * (mw + 1) + x + inner] - integral[y * (mw + 1) + x + inner]
                             - integral[(y + inner) * (mw + 1) + x] + integral[y * (mw + 1) + x];
                if (sum > bestSum)
                {
                    bestSum = sum;
                    best = (Math.Min(x, hr.Width - size), Math.Min(y, hr.Height - size));
                }
            }
        return best;
    }

    public void AddRow(string rowLabel, IReadOnlyList<(string Label, RgbImage Tile)> tiles) =>
        _rows.Add((rowLabel, tiles.ToList()));

    public int RowCount => _rows.Count;

    /// <summary>Draws the sheet, tiles magnified by nearest neighbour to about 128 px, and writes a PNG atomically.</summary>
    public void Save(string path)
    {
        if (_rows.Count == 0) throw new InvalidOperationException("the crop sheet has no rows");
        int tile = _rows.Max(r => r.Tiles.Max(t => Math.Max(t.Tile.Width, t.Tile.Height)));
        int zoom = Math.Max(1, 128 / tile);
        int cell = tile * zoom;
        int cols = _rows.Max(r => r.Tiles.Count);
        int width = cols * (cell + Gap) + Gap;
        int height = _rows.Count * (cell + 2 * LabelHeight + Gap) + Gap;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(32, 32, 32));
            using var font = new SKFont(SKTypeface.Default, 11);
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            using var sampling = new SKPaint { IsAntialias = false };
            int top = Gap;
            foreach (var (rowLabel, tiles) in _rows)
            {
                canvas.DrawText(rowLabel, Gap, top + LabelHeight - 3, SKTextAlign.Left, font, paint);
                for (int c = 0; c < tiles.Count; c++)
                {
                    int left = Gap + c * (cell + Gap);
                    canvas.DrawText(Fit(tiles[c].Label, cell, font), left, top + 2 * LabelHeight - 3, SKTextAlign.Left, font, paint);
                    using var img = ImageFile.ToBitmap(tiles[c].Tile);
                    using var image = SKImage.FromBitmap(img);
                    var dest = new SKRect(left, top + 2 * LabelHeight, left + tiles[c].Tile.Width * zoom,
                        top + 2 * LabelHeight + tiles[c].Tile.Height * zoom);
                    canvas.DrawImage(image, dest, new SKSamplingOptions(SKFilterMode.Nearest), sampling);
                }
                top += cell + 2 * LabelHeight + Gap;
            }
        }
        ImageFile.SavePng(bitmap, path);
    }

    private static string Fit(string text, int width, SKFont font)
    {
        while (text.Length > 3 && font.MeasureText(text) > width) text = text[..^4] + "..";
        return text;
    }
}
