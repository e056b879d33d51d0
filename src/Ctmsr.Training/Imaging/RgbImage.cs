namespace Ctmsr.Training.Imaging;

/// <summary>An 8-bit sRGB-encoded RGB image, interleaved (HWC) rows without padding. Alpha, if any, is dropped.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"image size must be positive; got {width}x{height}");
        if (pixels.Length != checked(width * height * 3))
            throw new ArgumentException($"a {width}x{height} RGB image needs {width * height * 3} bytes; got {pixels.Length}");
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public RgbImage Crop(int x, int y, int w, int h)
    {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > Width || y + h > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"crop {w}x{h}+{x}+{y} is outside the {Width}x{Height} image");
        var dst = new byte[w * h * 3];
        for (int row = 0; row < h; row++)
            Buffer.BlockCopy(Pixels, ((y + row) * Width + x) * 3, dst, row * w * 3, w * 3);
        return new RgbImage(w, h, dst);
    }
}
