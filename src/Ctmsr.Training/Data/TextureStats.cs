using Ctmsr.Training.Imaging;
using SkiaSharp;

namespace Ctmsr.Training.Data;

/// <summary>Colour statistics of an image, enough to tell a colour texture from a normal map, mask or flat fill.</summary>
/// <param name="MeanR">Mean red in [0, 1] (likewise green and blue).</param>
/// <param name="LumaStd">Standard deviation of BT.601 luma, in 8-bit units.</param>
/// <param name="TransparentFraction">Fraction of pixels with alpha below 128.</param>
/// <param name="PartialAlphaFraction">
/// Fraction of pixels with alpha strictly between 16 and 240. Low for a cut-out (alpha is coverage: 0 or 255 but for
/// edges), high where alpha stores data such as gloss and the colour covers the whole image.
/// </param>
/// <param name="UnitNormalFraction">
/// Fraction of pixels whose colour, read as a normal (2c - 1), has length within 0.1 of 1: near 1 for a normal map.
/// </param>
/// <remarks>Colour statistics are over all pixels, whatever their alpha.</remarks>
public sealed record TextureStats(
    int Width, int Height, double MeanR, double MeanG, double MeanB, double LumaStd,
    double TransparentFraction, double PartialAlphaFraction, double UnitNormalFraction)
{
    public static TextureStats FromImage(RgbImage image) =>
        Compute(image.Pixels, image.Width, image.Height, channels: 3);

    /// <summary>Unpremultiplied RGBA8888 pixels, rows without padding.</summary>
    public static TextureStats FromRgba(ReadOnlySpan<byte> rgba, int width, int height) =>
        Compute(rgba, width, height, channels: 4);

    public static TextureStats FromBitmap(SKBitmap bitmap)
    {
        if (bitmap.ColorType == SKColorType.Rgba8888 && bitmap.AlphaType == SKAlphaType.Unpremul && bitmap.RowBytes == bitmap.Width * 4)
            return FromRgba(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height);
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var rgba = new SKBitmap(info);
        if (!bitmap.CopyTo(rgba, SKColorType.Rgba8888))
            throw new InvalidDataException($"cannot convert a {bitmap.ColorType} bitmap to RGBA");
        return FromRgba(rgba.GetPixelSpan(), rgba.Width, rgba.Height);
    }

    private static TextureStats Compute(ReadOnlySpan<byte> px, int width, int height, int channels)
    {
        long n = (long)width * height;
        double sr = 0, sg = 0, sb = 0, sy = 0, syy = 0;
        long transparent = 0, partial = 0, unit = 0;
        for (long i = 0; i < n; i++)
        {
            int o = (int)(i * channels);
            if (channels == 4)
            {
                int a = px[o + 3];
                if (a < 128) transparent++;
                if (a > 16 && a < 240) partial++;
            }
            int r = px[o], g = px[o + 1], b = px[o + 2];
            sr += r; sg += g; sb += b;
            double y = 0.299 * r + 0.587 * g + 0.114 * b;
            sy += y; syy += y * y;
            double nx = r / 127.5 - 1, ny = g / 127.5 - 1, nz = b / 127.5 - 1;
            double len2 = nx * nx + ny * ny + nz * nz;
            if (len2 > 0.81 && len2 < 1.21) unit++;
        }
        double m = Math.Max(n, 1);
        double meanY = sy / m;
        double std = Math.Sqrt(Math.Max(0, syy / m - meanY * meanY));
        return new TextureStats(width, height, sr / m / 255, sg / m / 255, sb / m / 255, std, transparent / m, partial / m, unit / m);
    }
}
