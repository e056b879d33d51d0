using System.CommandLine;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.IO;
using Ctmsr.Demo.Scene;
using Ctmsr.Demo.Vulkan;

namespace Ctmsr.Demo.Cli;

/// <summary><c>ctmsr-demo render OUT [--frame N] [--width W] [--height H]</c>: one frame of the demo scene as PNG.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("out") { Description = "Output PNG." };
        var frame = new Option<long>("--frame") { Description = "Frame index of the camera flight (60 per second).", DefaultValueFactory = _ => 0 };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => 960 };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => 540 };
        var bias = new Option<float>("--mip-bias") { Description = "Texture mip bias (an upscaler's render uses log2(render/display)).", DefaultValueFactory = _ => 0f };
        var ssaa = new Option<int>("--ssaa") { Description = $"Supersampling anti-aliasing K (1..{SceneRenderer.MaxSupersampling}): drawn at K x the size per side, box-downscaled by K.", DefaultValueFactory = _ => SceneRenderer.DefaultSupersampling };
        var cmd = new Command("render", "Render one frame of the demo scene with Vulkan (headless) and save it as PNG.");
        cmd.Arguments.Add(output);
        cmd.Options.Add(frame);
        cmd.Options.Add(width);
        cmd.Options.Add(height);
        cmd.Options.Add(bias);
        cmd.Options.Add(ssaa);
        cmd.SetAction(new Func<ParseResult, int>(pr => Run(pr.GetValue(output)!, pr.GetValue(frame), pr.GetValue(width), pr.GetValue(height), pr.GetValue(bias), pr.GetValue(ssaa))));
        return cmd;
    }

    private static int Run(string outPath, long frame, int width, int height, float mipBias, int ssaa)
    {
        if (frame < 0) throw new DemoException($"--frame must be >= 0; got {frame}");
        if (width < 1 || height < 1 || width > 8192 || height > 8192)
            throw new DemoException($"--width and --height must be 1..8192; got {width}x{height}");
        if (ssaa < 1 || ssaa > SceneRenderer.MaxSupersampling || (long)width * ssaa > 8192 || (long)height * ssaa > 8192)
            throw new DemoException($"--ssaa must be 1..{SceneRenderer.MaxSupersampling} and draw at most 8192 pixels per side; got {ssaa} at {width}x{height}");
        AtomicFile.CheckTarget(outPath, "output image");
        using GpuContext gpu = GpuContext.CreateHeadless();
        using var scene = new SceneRenderer(gpu, ssaa);
        byte[] pixels = scene.RenderToHost(frame, width, height, mipBias);
        new RgbaImage(width, height, pixels).SavePng(outPath);
        Console.WriteLine($"wrote {outPath}: frame {frame} at {width}x{height} on {gpu.DeviceName} ({scene.TriangleCount} triangles, SSAA {ssaa}x{ssaa})");
        return 0;
    }
}
