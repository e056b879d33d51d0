using System.Runtime.InteropServices;
using Ctmsr.Demo.IO;
using SkiaSharp;

namespace Ctmsr.Demo.Imaging;

/// <summary>An 8-bit RGBA image with straight (unpremultiplied) alpha, tightly packed, read and written with SkiaSharp.</summary>
public sealed class RgbaImage
{
    /// <summary>
    /// The largest side this tool reads or writes: 16384 pixels, so an image is at most 1 GiB of RGBA and fits one
    /// managed array. A file whose header claims more is refused before anything is allocated.
    /// </summary>
    public const int MaxSide = 16384;

    public RgbaImage(int width, int height, byte[] pixels)
    {
        if (pixels.Length != 4L * width * height)
            throw new ArgumentException($"a {width}x{height} RGBA image needs {4L * width * height} bytes; got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public int Stride => 4 * Width;
    public byte[] Pixels { get; }

    /// <summary>
    /// Refuses a size this tool cannot hold or write (not positive, or over <see cref="MaxSide"/> on a side), quoting
    /// it; <paramref name="what"/> names the image, e.g. "input image '/x/in.png'".
    /// </summary>
    /// <exception cref="ImageFileException">The size is out of range.</exception>
    public static void CheckSize(long width, long height, string what)
    {
        if (width <= 0 || height <= 0)
            throw new ImageFileException($"{what} has no pixels: its size is {width}x{height}");
        if (width > MaxSide || height > MaxSide)
            throw new ImageFileException(
                $"{what} is {width}x{height} ({4 * width * height} bytes as RGBA); this tool handles images of at most " +
                $"{MaxSide}x{MaxSide} pixels ({4L * MaxSide * MaxSide} bytes)");
    }

    /// <summary>
    /// Decodes a PNG, JPEG or other Skia-readable image. The size in the header is checked against
    /// <see cref="MaxSide"/> before the pixels are allocated, and a decode that stops early (a truncated or damaged
    /// file) is an error, never a partly filled image.
    /// </summary>
    /// <exception cref="ImageFileException">The path is empty or a directory, the file is missing, too large, truncated or not a readable image; the message names it.</exception>
    public static RgbaImage Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ImageFileException("the input image path is empty");
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ImageFileException($"input image '{full}' is a directory, not an image file");
        if (!File.Exists(full)) throw new ImageFileException($"input image '{full}' does not exist");
        long length = new FileInfo(full).Length;
        if (length == 0) throw new ImageFileException($"input image '{full}' is empty (0 bytes)");
        using SKCodec? codec = SKCodec.Create(full);
        if (codec is null) throw new ImageFileException($"input image '{full}' ({length} bytes) is not an image Skia can read (PNG, JPEG, WebP, GIF, BMP, ...), or it is damaged");
        int width = codec.Info.Width, height = codec.Info.Height;
        CheckSize(width, height, $"input image '{full}' ({length} bytes)");
        long needed = MinimumFileBytes(codec.EncodedFormat, width, height);
        if (length < needed)
            throw new ImageFileException(
                $"input image '{full}' ({length} bytes) is truncated: a {width}x{height} {codec.EncodedFormat} image needs at " +
                $"least {needed} bytes of pixel data; refused before decoding");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[4L * width * height];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            SKCodecResult result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result != SKCodecResult.Success) throw new ImageFileException(DecodeFailure(full, length, width, height, codec.EncodedFormat, result));
        }
        finally
        {
            handle.Free();
        }
        return new RgbaImage(width, height, pixels);
    }

    /// <summary>
    /// Writes the image as PNG, keeping alpha, atomically: encoded into a temporary file in the same folder, then
    /// renamed over <paramref name="path"/>, so a failed encode or a killed process never leaves a partial file, and
    /// the old file (even the input of the same run) stays intact until the rename.
    /// </summary>
    /// <exception cref="ImageFileException">The output folder does not exist, or the file cannot be encoded or written; the message names it.</exception>
    public void SavePng(string path)
    {
        string full = AtomicFile.CheckTarget(path, "output image");
        CheckSize(Width, Height, $"output image '{full}'");
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(Pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), Stride);
            AtomicFile.Write(full, stream =>
            {
                using var skStream = new SKManagedWStream(stream);
                if (!pixmap.Encode(skStream, SKPngEncoderOptions.Default))
                    throw new ImageFileException($"cannot encode '{full}' as a {Width}x{Height} PNG");
            });
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// The fewest bytes a <paramref name="width"/> x <paramref name="height"/> image can take in a format that cannot
    /// compress much (WBMP: one bit a pixel; BMP: RLE at best two bytes per 255 pixels); 0 for the others. A header
    /// that claims far more pixels than its file can hold is refused before a buffer of its claimed size is allocated.
    /// </summary>
    internal static long MinimumFileBytes(SKEncodedImageFormat format, long width, long height) => format switch
    {
        SKEncodedImageFormat.Wbmp => (width + 7) / 8 * height,
        SKEncodedImageFormat.Bmp => width * height / 128,
        _ => 0,
    };

    private static string DecodeFailure(string full, long length, int width, int height, SKEncodedImageFormat format, SKCodecResult result) =>
        result switch
        {
            SKCodecResult.IncompleteInput =>
                $"input image '{full}' ({length} bytes) is truncated: its {format} data ends before the {width}x{height} image is complete (Skia: {result})",
            SKCodecResult.ErrorInInput =>
                $"input image '{full}' ({length} bytes) is damaged: its {format} data has an error inside the {width}x{height} image (Skia: {result})",
            _ => $"input image '{full}' ({length} bytes, {format} {width}x{height}) cannot be decoded (Skia: {result})",
        };
}
