using SkiaSharp;

namespace Ctmsr.Fuzz;

/// <summary>
/// Turns what SkiaSharp's codec says about an input (format, colour and alpha type, size, frames, orientation, the
/// decode result) into managed branches. sharpfuzz instruments managed code only and the codecs are native, so without
/// this the image target gives afl-fuzz almost no coverage signal; tools/fuzz.sh instruments this class (and only this
/// class of the harness) so that an input reaching a new kind of image counts as new coverage.
/// </summary>
internal static class ImageFeedback
{
    private static int _sink;

    /// <summary>Branches on the codec's view of <paramref name="input"/>; <paramref name="accepted"/> is the target's answer.</summary>
    public static void Observe(byte[] input, bool accepted)
    {
        // From SKData, as the trainer's decoder reads: a managed Stream here would go through SKManagedStream, whose read
        // callback throws (and so aborts the process) when a header asks to skip more than 2 GB (a 4 GB BMP pixel offset).
        using SKData data = SKData.CreateCopy(input);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null)
        {
            _sink -= 2;
            return;
        }
        switch (codec.EncodedFormat)
        {
            case SKEncodedImageFormat.Png: _sink += 1; break;
            case SKEncodedImageFormat.Jpeg: _sink += 2; break;
            case SKEncodedImageFormat.Webp: _sink += 3; break;
            case SKEncodedImageFormat.Gif: _sink += 4; break;
            case SKEncodedImageFormat.Bmp: _sink += 5; break;
            case SKEncodedImageFormat.Ico: _sink += 6; break;
            case SKEncodedImageFormat.Wbmp: _sink += 7; break;
            default: _sink += 8; break;
        }
        Note((int)codec.Info.ColorType);
        Note((int)codec.Info.AlphaType);
        Note((int)codec.EncodedOrigin);
        Magnitude(codec.Info.Width);
        Magnitude(codec.Info.Height);
        Magnitude(codec.FrameCount);
        if (accepted) _sink++;
        else _sink--;
    }

    /// <summary>A small enum value as its own branch (values above 15 share one).</summary>
    private static void Note(int value)
    {
        switch (value)
        {
            case 0: _sink += 10; break;
            case 1: _sink += 11; break;
            case 2: _sink += 12; break;
            case 3: _sink += 13; break;
            case 4: _sink += 14; break;
            case 5: _sink += 15; break;
            case 6: _sink += 16; break;
            case 7: _sink += 17; break;
            case 8: _sink += 18; break;
            case 9: _sink += 19; break;
            case 10: _sink += 20; break;
            case 11: _sink += 21; break;
            case 12: _sink += 22; break;
            case 13: _sink += 23; break;
            case 14: _sink += 24; break;
            case 15: _sink += 25; break;
            default: _sink += 26; break;
        }
    }

    /// <summary>The bit length of a count as a loop trip count: afl-fuzz's hit-count buckets tell sizes apart.</summary>
    private static void Magnitude(int value)
    {
        if (value <= 0)
        {
            _sink--;
            return;
        }
        for (uint v = (uint)value; v != 0; v >>= 1) _sink++;
    }
}
