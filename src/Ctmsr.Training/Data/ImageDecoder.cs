using Ctmsr.Training.Imaging;
using SkiaSharp;

namespace Ctmsr.Training.Data;

/// <summary>
/// Decodes PNG/JPEG files for the data pipeline. Differs from a plain SKBitmap.Decode in ways that matter for game
/// textures and for long runs: pixels are decoded unpremultiplied (many textures keep gloss in alpha, and premultiplying
/// would darken their colours); a file that is not an image, claims a size over <see cref="MaxSide"/>, or whose decode
/// stops early (truncated or damaged data) is an <see cref="InvalidDataException"/> naming it, never a partly filled image.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// The largest side decoded: 16384 pixels, so the RGBA decode buffer is at most 1 GiB and the RGB copy fits one
    /// managed array. The header's size is checked before anything is allocated.
    /// </summary>
    public const int MaxSide = 16384;

    /// <summary>Null when a <paramref name="width"/> x <paramref name="height"/> image can be decoded; else why not (to follow "it").</summary>
    public static string? SizeProblem(long width, long height) =>
        width <= 0 || height <= 0 ? "has no pixels"
        : width > MaxSide || height > MaxSide
            ? $"claims {width}x{height} pixels ({4 * width * height} bytes as RGBA); images of at most {MaxSide}x{MaxSide} are decoded"
            : null;

    /// <summary>
    /// The fewest bytes a <paramref name="width"/> x <paramref name="height"/> image can take in a format that cannot
    /// compress much (WBMP: one bit a pixel; BMP: RLE at best two bytes per 255 pixels); 0 for the others, so a header
    /// claiming far more pixels than its file can hold is refused before its buffer is allocated.
    /// </summary>
    public static long MinimumFileBytes(SKEncodedImageFormat format, long width, long height) => format switch
    {
        SKEncodedImageFormat.Wbmp => (width + 7) / 8 * height,
        SKEncodedImageFormat.Bmp => width * height / 128,
        _ => 0,
    };

    /// <summary>RGBA8888, unpremultiplied. The caller disposes the bitmap.</summary>
    public static SKBitmap DecodeRgba(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"image file '{path}' does not exist", path);
        byte[] data = File.ReadAllBytes(path);
        if (data.Length == 0) throw new InvalidDataException($"image file '{path}' is empty");
        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw new InvalidDataException($"image file '{path}' ({data.Length} bytes) is not an image Skia can read (PNG, JPEG, WebP, GIF, BMP, ...)");
        int width = codec.Info.Width, height = codec.Info.Height;
        if (SizeProblem(width, height) is { } problem)
            throw new InvalidDataException($"image file '{path}' ({data.Length} bytes) {problem}");
        long needed = MinimumFileBytes(codec.EncodedFormat, width, height);
        if (data.Length < needed)
            throw new InvalidDataException(
                $"image file '{path}' ({data.Length} bytes) is truncated: a {width}x{height} {codec.EncodedFormat} image needs at " +
                $"least {needed} bytes of pixel data; refused before decoding");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info))
        {
            bitmap.Dispose();
            throw new InvalidDataException($"image file '{path}': cannot allocate {info.BytesSize64} bytes to decode its {width}x{height} pixels");
        }
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new InvalidDataException(result switch
            {
                SKCodecResult.IncompleteInput =>
                    $"image file '{path}' ({data.Length} bytes) is truncated: its {codec.EncodedFormat} data ends before the {width}x{height} image is complete ({result})",
                SKCodecResult.ErrorInInput =>
                    $"image file '{path}' ({data.Length} bytes) is damaged: its {codec.EncodedFormat} data has an error inside the {width}x{height} image ({result})",
                _ => $"image file '{path}' ({data.Length} bytes) could not be decoded ({result})",
            });
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
