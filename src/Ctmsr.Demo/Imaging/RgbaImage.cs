using System.Runtime.InteropServices;
using Ctmsr.Demo.Cli;
using SkiaSharp;

namespace Ctmsr.Demo.Imaging;

/// <summary>An 8-bit RGBA image with straight (unpremultiplied) alpha, tightly packed, read and written with SkiaSharp.</summary>
public sealed class RgbaImage
{
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

    /// <summary>Decodes a PNG, JPEG or other Skia-readable image.</summary>
    /// <exception cref="DemoException">The file is missing or not a readable image; the message names it.</exception>
    public static RgbaImage Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new DemoException($"input image '{full}' does not exist");
        using SKCodec? codec = SKCodec.Create(full);
        if (codec is null) throw new DemoException($"input image '{full}' is not a PNG/JPEG image Skia can read, or it is damaged");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            SKCodecResult result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result != SKCodecResult.Success)
                throw new DemoException($"input image '{full}' cannot be decoded: {result}");
        }
        finally
        {
            handle.Free();
        }
        return new RgbaImage(info.Width, info.Height, pixels);
    }

    /// <summary>Writes the image as PNG, keeping alpha.</summary>
    /// <exception cref="DemoException">The output folder does not exist or the file cannot be written.</exception>
    public void SavePng(string path)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir != null && !Directory.Exists(dir)) throw new DemoException($"output folder '{dir}' does not exist");
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(Pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), Stride);
            using SKData? data = pixmap.Encode(SKEncodedImageFormat.Png, 100);
            if (data is null) throw new DemoException($"cannot encode '{full}' as PNG");
            try
            {
                using FileStream file = File.Create(full);
                data.SaveTo(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new DemoException($"cannot write '{full}': {ex.Message}");
            }
        }
        finally
        {
            handle.Free();
        }
    }
}
