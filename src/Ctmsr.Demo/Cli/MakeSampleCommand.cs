using System.CommandLine;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.IO;
using Ctmsr.Demo.Samples;
using SkiaSharp;

namespace Ctmsr.Demo.Cli;

/// <summary><c>ctmsr-demo make-sample OUT [--width W] [--height H]</c>: writes the procedural sample frame as PNG.</summary>
public static class MakeSampleCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("out") { Description = "Output PNG." };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => SampleScene.DesignWidth };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => SampleScene.DesignHeight };
        var cmd = new Command("make-sample", "Draw the procedural game-like sample frame (samples/sample.png) and save it as PNG.");
        cmd.Arguments.Add(output);
        cmd.Options.Add(width);
        cmd.Options.Add(height);
        cmd.SetAction(new Func<ParseResult, int>(pr => Run(pr.GetValue(output)!, pr.GetValue(width), pr.GetValue(height))));
        return cmd;
    }

    public static RgbaImage Render(int width, int height)
    {
        if (width <= 0 || height <= 0 || width > 8192 || height > 8192)
            throw new DemoException($"sample size must be 1..8192 pixels per side; got {width}x{height}");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
                            ?? throw new DemoException($"cannot create a {width}x{height} drawing surface");
        surface.Canvas.Clear(SKColors.Transparent);
        SampleScene.Draw(surface.Canvas, width, height);
        var pixels = new byte[info.BytesSize];
        using SKImage snapshot = surface.Snapshot();
        unsafe
        {
            fixed (byte* p = pixels)
            {
                if (!snapshot.ReadPixels(info, (IntPtr)p, info.RowBytes, 0, 0))
                    throw new DemoException("cannot read the sample's pixels back");
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    private static int Run(string outPath, int width, int height)
    {
        AtomicFile.CheckTarget(outPath, "output image");
        Render(width, height).SavePng(outPath);
        Console.WriteLine($"wrote {outPath} ({width}x{height})");
        return 0;
    }
}
