using SkiaSharp;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Imaging;

/// <summary>Reads and writes PNG/JPEG files through SkiaSharp.</summary>
public static class ImageFile
{
    public static readonly string[] Extensions = { ".png", ".jpg", ".jpeg" };

    public static bool HasImageExtension(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// Decodes a PNG or JPEG file (unpremultiplied, alpha dropped); throws <see cref="InvalidDataException"/> naming
    /// the file if it cannot. One decoding path for data, evaluation and tools: <see cref="Data.ImageDecoder"/>.
    /// </summary>
    public static RgbImage Load(string path) => Data.ImageDecoder.Load(path);

    public static RgbImage FromBitmap(SKBitmap source, string what)
    {
        if (source.Width <= 0 || source.Height <= 0) throw new InvalidDataException($"image '{what}' has no pixels");
        var info = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var rgba = new SKBitmap(info);
        if (!source.CopyTo(rgba, SKColorType.Rgba8888))
        {
            using var canvas = new SKCanvas(rgba);
            canvas.Clear(SKColors.Black);
            canvas.DrawBitmap(source, 0, 0);
        }
        var span = rgba.GetPixelSpan();
        int n = source.Width * source.Height;
        var rgb = new byte[n * 3];
        for (int i = 0; i < n; i++)
        {
            rgb[3 * i] = span[4 * i];
            rgb[3 * i + 1] = span[4 * i + 1];
            rgb[3 * i + 2] = span[4 * i + 2];
        }
        return new RgbImage(source.Width, source.Height, rgb);
    }

    public static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        unsafe
        {
            fixed (byte* p = span)
            {
                int n = image.Width * image.Height;
                for (int i = 0; i < n; i++)
                {
                    p[4 * i] = image.Pixels[3 * i];
                    p[4 * i + 1] = image.Pixels[3 * i + 1];
                    p[4 * i + 2] = image.Pixels[3 * i + 2];
                    p[4 * i + 3] = 255;
                }
            }
        }
        return bitmap;
    }

    /// <summary>Writes a PNG atomically (temp file + rename).</summary>
    public static void SavePng(RgbImage image, string path)
    {
        using var bitmap = ToBitmap(image);
        SavePng(bitmap, path);
    }

    /// <summary>Writes a PNG atomically (temp file in the same folder + rename): a failed encode leaves the old file.</summary>
    public static void SavePng(SKBitmap bitmap, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var skStream = new SKManagedWStream(stream);
            if (!bitmap.Encode(skStream, SKEncodedImageFormat.Png, 100))
                throw new IOException($"could not encode a {bitmap.Width}x{bitmap.Height} PNG for '{Path.GetFullPath(path)}'");
        });

    /// <summary>Encodes as JPEG at the given quality and decodes again (the JPEG degradation).</summary>
    public static RgbImage JpegRoundTrip(RgbImage image, int quality)
    {
        using var bitmap = ToBitmap(image);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        using var decoded = SKBitmap.Decode(data.ToArray());
        return FromBitmap(decoded, "jpeg round trip");
    }
}
