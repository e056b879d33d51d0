using Ctmsr.Training.Imaging;
using SkiaSharp;

namespace Ctmsr.Training.Data;

/// <summary>
/// Decodes PNG/JPEG files for the data pipeline. Differs from a plain SKBitmap.Decode in two ways that matter for game
/// textures: pixels are decoded unpremultiplied (many textures keep gloss in alpha, and premultiplying would darken
/// their colours), and a file that is not an image is an <see cref="InvalidDataException"/> naming it.
/// </summary>
public static class ImageDecoder
{
    /// <summary>RGBA8888, unpremultiplied. The caller disposes the bitmap.</summary>
    public static SKBitmap DecodeRgba(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"image file '{path}' does not exist", path);
        byte[] data = File.ReadAllBytes(path);
        if (data.Length == 0) throw new InvalidDataException($"image file '{path}' is empty");
        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw new InvalidDataException($"image file '{path}' ({data.Length} bytes) is not a decodable PNG or JPEG");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (info.Width <= 0 || info.Height <= 0) throw new InvalidDataException($"image file '{path}' has no pixels");
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success && result != SKCodecResult.IncompleteInput)
        {
            bitmap.Dispose();
            throw new InvalidDataException($"image file '{path}' could not be decoded ({result})");
        }
        return bitmap;
    }

    /// <summary>The RGB channels (alpha dropped, colours kept as stored).</summary>
    public static RgbImage Load(string path)
    {
        using var bitmap = DecodeRgba(path);
        return ImageFile.FromBitmap(bitmap, path);
    }
}
