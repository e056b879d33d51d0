using SkiaSharp;

namespace Ctmsr.Training.Data;

/// <summary>Reads an image file's size from its header without decoding the pixels.</summary>
public static class ImageProbe
{
    /// <summary>Null on success; else why the file cannot be read.</summary>
    public static string? TryReadSize(string path, out int width, out int height) => TryReadSize(path, out width, out height, out _);

    /// <summary>As above; <paramref name="greyscale"/> tells whether the file itself stores one grey channel.</summary>
    public static string? TryReadSize(string path, out int width, out int height, out bool greyscale)
    {
        width = height = 0;
        greyscale = false;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return "does not exist";
            if (info.Length == 0) return "is empty";
            using var codec = SKCodec.Create(path);
            if (codec == null) return $"({info.Length} bytes) is not a decodable PNG or JPEG";
            width = codec.Info.Width;
            height = codec.Info.Height;
            greyscale = codec.Info.ColorType == SKColorType.Gray8;
            return ImageDecoder.SizeProblem(width, height);
        }
        catch (IOException e)
        {
            return $"cannot be read ({e.Message})";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"cannot be read ({e.Message})";
        }
    }
}
