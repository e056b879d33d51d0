using System.Globalization;
using System.Text.RegularExpressions;
using Ctmsr.Demo.Headless;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Runtime;
using NUnit.Framework;
using SkiaSharp;

namespace Ctmsr.Demo.Tests;

/// <summary>The windowed viewer under X (Xvfb): it opens, presents, shows what headless renders, and survives a resize.</summary>
[NonParallelizable]
public partial class ViewerWindowTests
{
    private XDisplay _display = null!;

    [OneTimeSetUp]
    public void OpenDisplay() => _display = XDisplay.Open();

    [OneTimeTearDown]
    public void CloseDisplay() => _display.Dispose();

    [GeneratedRegex(@"window at (-?\d+),(-?\d+)")]
    private static partial Regex WindowAt();

    private static (int X, int Y) Position(string output)
    {
        Match m = WindowAt().Match(output);
        Assert.That(m.Success, Is.True, output);
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG");

    private static double LumaStdDev(SKBitmap b)
    {
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = 0; y < b.Height; y++)
            for (int x = 0; x < b.Width; x++)
            {
                SKColor c = b.GetPixel(x, y);
                double l = 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
                sum += l;
                sq += l * l;
                n++;
            }
        double mean = sum / n;
        return Math.Sqrt(Math.Max(0, sq / n - mean * mean));
    }

    [Test]
    public void Window_PresentsTheSameFrameAsHeadless_WithinATolerance()
    {
        const long frame = 30;
        using var viewer = new ViewerProcess(_display.Name, "--width", "320", "--height", "180", "--method", "bilinear", "--no-hud",
            "--pause", "--start-frame", frame.ToString(CultureInfo.InvariantCulture), "--verbose");
        Assert.That(viewer.WaitFor("presented 10 frames at 320x180", TimeSpan.FromSeconds(90)), Is.True, viewer.Output);
        var (x, y) = Position(viewer.Output);
        using SKBitmap shot = Decode(_display.Screenshot(x, y, 320, 180));
        Assert.That((shot.Width, shot.Height), Is.EqualTo((320, 180)));
        Assert.That(LumaStdDev(shot), Is.GreaterThan(10), "the window shows a scene, not a blank");

        string dir = Path.Combine(Path.GetTempPath(), "ctmsr-demo-window-" + Guid.NewGuid().ToString("N"));
        try
        {
            HeadlessRunner.Run(new HeadlessOptions
            {
                Display = new FrameSize(320, 180), Ratio = 2, Frames = 1, StartFrame = frame, Methods = new[] { UpscaleMethod.Bilinear },
                OutputFolder = dir, SavedFrames = new[] { 0 }, Warmup = 0,
            }, TextWriter.Null);
            using SKBitmap headless = SKBitmap.Decode(Path.Combine(dir, "frames", $"frame-{frame:D5}-bilinear.png"));
            double diff = 0;
            for (int py = 0; py < 180; py++)
                for (int px = 0; px < 320; px++)
                {
                    SKColor a = shot.GetPixel(px, py), b = headless.GetPixel(px, py);
                    diff += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
                }
            diff /= 320 * 180 * 3;
            // The same code path draws both, so they match exactly here; the next frame of the flight differs by about 3 levels.
            Assert.That(diff, Is.LessThan(1.0), "mean absolute difference per channel between the screen and the headless frame");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Window_AfterAResize_KeepsPresentingAtTheNewSize_AndClosesCleanly()
    {
        using var viewer = new ViewerProcess(_display.Name, "--width", "320", "--height", "180", "--method", "easu",
            "--auto-resize", "400x240", "--exit-after", "40", "--verbose");
        Assert.That(viewer.WaitFor("presented 20 frames at 400x240", TimeSpan.FromSeconds(120)), Is.True, viewer.Output);
        var (x, y) = Position(viewer.Output);
        using SKBitmap shot = Decode(_display.Screenshot(x, y, 400, 240));
        Assert.That(LumaStdDev(shot), Is.GreaterThan(10), "the resized window shows a scene");
        Assert.That(viewer.WaitForExit(TimeSpan.FromSeconds(120)), Is.EqualTo(0), viewer.Output);
        Assert.That(viewer.Output, Does.Contain("render 200x120 -> 400x240"));
        Assert.That(viewer.Output, Does.Contain("closed after 40 presented frames"));
    }

    [Test]
    public void Window_Keys_SplitScreenModeAndMethod_TakeEffect()
    {
        // S: split screen (A left, B right, divider in the middle), Q: one quality mode down, 6: CTMSR (ONNX) as A.
        using var viewer = new ViewerProcess(_display.Name, "--width", "320", "--height", "180", "--method", "bilinear", "--no-hud",
            "--keys", "SQ6", "--exit-after", "40", "--verbose");
        Assert.That(viewer.WaitFor("presented 20 frames", TimeSpan.FromSeconds(120)), Is.True, viewer.Output);
        var (x, y) = Position(viewer.Output);
        using SKBitmap shot = Decode(_display.Screenshot(x, y, 320, 180));
        SKColor divider = shot.GetPixel(160, 120);
        Assert.That((divider.Red, divider.Green, divider.Blue), Is.EqualTo(((byte)255, (byte)255, (byte)255)), "the divider is drawn at the middle");
        Assert.That(viewer.WaitForExit(TimeSpan.FromSeconds(120)), Is.EqualTo(0), viewer.Output);
        Assert.That(viewer.Output, Does.Contain("presented 20 frames at 320x180").And.Contain("A CTMSR (ONNX), B bicubic, render 188x105 -> 320x180 (Balanced)"));
    }
}
