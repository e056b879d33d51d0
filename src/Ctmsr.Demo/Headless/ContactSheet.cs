using System.Globalization;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Upscalers;

namespace Ctmsr.Demo.Headless;

/// <summary>
/// The methods side by side on one frame: each tile is the centre of the display-size output at 1:1 (no rescaling,
/// so the upscalers' detail is what one sees), labelled with the method and, with ground truth, its PSNR-Y.
/// </summary>
public static class ContactSheet
{
    public const int MaxTileWidth = 480, MaxTileHeight = 270, LabelHeight = 12, Gap = 4, Columns = 3;

    public static RgbaImage Build(IReadOnlyList<(string Label, RgbaImage Image)> tiles, IReadOnlyList<QualitySample> quality, long sceneFrame)
    {
        if (tiles.Count == 0) throw new ArgumentException("a contact sheet needs at least one tile", nameof(tiles));
        int tw = Math.Min(MaxTileWidth, tiles[0].Image.Width), th = Math.Min(MaxTileHeight, tiles[0].Image.Height);
        int cols = Math.Min(Columns, tiles.Count), rows = (tiles.Count + cols - 1) / cols;
        int width = cols * tw + (cols + 1) * Gap;
        int height = LabelHeight + rows * (th + LabelHeight + Gap) + Gap;
        var sheet = new RgbaImage(width, height, new byte[4 * width * height]);
        for (int i = 0; i < sheet.Pixels.Length; i += 4)
        {
            sheet.Pixels[i] = sheet.Pixels[i + 1] = sheet.Pixels[i + 2] = 24;
            sheet.Pixels[i + 3] = 255;
        }
        BitmapFont.Draw(sheet, $"FRAME {sceneFrame}, CENTRE CROP AT 1:1", Gap, 3, 1, 255, 255, 255);
        for (int t = 0; t < tiles.Count; t++)
        {
            var (label, image) = tiles[t];
            int x0 = Gap + (t % cols) * (tw + Gap), y0 = LabelHeight + (t / cols) * (th + LabelHeight + Gap) + LabelHeight;
            int sx = (image.Width - tw) / 2, sy = (image.Height - th) / 2;
            for (int y = 0; y < th; y++)
                Array.Copy(image.Pixels, 4 * ((sy + y) * image.Width + sx), sheet.Pixels, 4 * ((y0 + y) * width + x0), 4 * tw);
            string text = label;
            foreach (QualitySample q in quality)
                if (q.SceneFrame == sceneFrame && UpscaleMethods.DisplayName(q.Method) == label)
                    text += string.Create(CultureInfo.InvariantCulture, $"  PSNR-Y {q.PsnrY:0.00} DB  SSIM-Y {q.SsimY:0.000}");
            BitmapFont.Draw(sheet, text, x0, y0 - LabelHeight + 2, 1, 255, 230, 120);
        }
        return sheet;
    }
}
