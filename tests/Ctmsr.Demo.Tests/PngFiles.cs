using System.Buffers.Binary;
using SkiaSharp;

namespace Ctmsr.Demo.Tests;

/// <summary>Valid and deliberately broken PNG files for the input-error tests.</summary>
public static class PngFiles
{
    /// <summary>A valid RGBA PNG of noisy pixels (noise, so the compressed data is large enough to cut).</summary>
    public static byte[] Noisy(int width, int height, int seed = 1)
    {
        var rng = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = new byte[4 * width * height];
        rng.NextBytes(pixels);
        for (int i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="png"/> with the IHDR width and height replaced (and the chunk's CRC fixed, so decoders believe
    /// it): the header claims a size the data does not hold.
    /// </summary>
    public static byte[] WithHeaderSize(byte[] png, uint width, uint height)
    {
        byte[] b = (byte[])png.Clone();
        if (b.Length < 33 || b[12] != (byte)'I' || b[13] != (byte)'H' || b[14] != (byte)'D' || b[15] != (byte)'R')
            throw new ArgumentException("not a PNG starting with IHDR", nameof(png));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(29), Crc32(b.AsSpan(12, 17))); // type + 13 data bytes
        return b;
    }

    /// <summary>The CRC-32 of the PNG specification (polynomial 0xEDB88320, reflected, inverted).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte v in data)
        {
            crc ^= v;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
