using System.CommandLine;
using System.Diagnostics;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.IO;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Cli;

/// <summary>
/// <c>ctmsr-demo upscale IN OUT [--model M] [--mode Quality | --ratio r] [--backend B]</c>: one image through an
/// upscaler context; the input is the render size, the output the display size (input x ratio: the model's scale with
/// --model, else 2). Without --model the model is the one with the smallest scale >= the ratio.
/// </summary>
public static class UpscaleCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Input image (PNG or JPEG)." };
        var output = new Argument<string>("out") { Description = "Output PNG (alpha kept)." };
        var model = BackendOptions.Model();
        var backend = BackendOptions.Backend();
        var threads = BackendOptions.Threads();
        var mode = new Option<QualityMode?>("--mode") { Description = "Quality mode: UltraQuality 1.3, Quality 1.5, Balanced 1.7, Performance 2, UltraPerformance 3." };
        var ratio = new Option<double?>("--ratio") { Description = "Display / render ratio (>= 1). Default: the scale of --model, else 2." };

        var cmd = new Command("upscale", "Upscale one image with a CTMSR model on ONNX Runtime.");
        cmd.Arguments.Add(input);
        cmd.Arguments.Add(output);
        cmd.Options.Add(model);
        cmd.Options.Add(mode);
        cmd.Options.Add(ratio);
        cmd.Options.Add(backend);
        cmd.Options.Add(threads);
        cmd.SetAction(new Func<ParseResult, int>(pr => Run(pr.GetValue(input)!, pr.GetValue(output)!, pr.GetValue(model),
            pr.GetValue(mode), pr.GetValue(ratio), pr.GetValue(backend), pr.GetValue(threads))));
        return cmd;
    }

    private static int Run(string inPath, string outPath, string? modelPath, QualityMode? mode, double? ratio,
        UpscalerBackend backend, int threads)
    {
        if (mode.HasValue && ratio.HasValue) throw new DemoException("give --mode or --ratio, not both");
        BackendOptions.CheckThreads(threads);
        // Everything the user can get wrong about the output is checked before the (possibly long) inference.
        string outFull = AtomicFile.CheckTarget(outPath, "output image");
        RgbaImage image = RgbaImage.Load(inPath);
        // --model fixes the model (and the default ratio, its scale); without it the ratio (default 2) picks the model.
        CtmsrModel? named = string.IsNullOrEmpty(modelPath) ? null : ModelLocator.Load(modelPath, new FrameSize(1, 1), new FrameSize(1, 1));
        double r = mode.HasValue ? QualityModes.Ratio(mode.Value) : ratio ?? named?.Scale ?? 2.0;
        if (!(r >= 1.0) || r > 16) throw new DemoException($"the ratio must be from 1 to 16; got {r}");
        // The input is at most 16384 a side and r at most 16, so these fit an int.
        int dw = (int)Math.Round(image.Width * r, MidpointRounding.AwayFromZero), dh = (int)Math.Round(image.Height * r, MidpointRounding.AwayFromZero);
        RgbaImage.CheckSize(dw, dh, $"output image '{outFull}' ({image.Width}x{image.Height} x {r:0.###})");
        CtmsrModel model = named ?? ModelLocator.Load(null, new FrameSize(image.Width, image.Height), new FrameSize(dw, dh));

        using var context = UpscalerContext.Create(new UpscalerContextDescription
        {
            Model = model, RenderWidth = image.Width, RenderHeight = image.Height, DisplayWidth = dw, DisplayHeight = dh,
            Backend = backend, ThreadCount = threads,
        });
        var result = new RgbaImage(dw, dh, new byte[4L * dw * dh]);
        var clock = Stopwatch.StartNew();
        context.Dispatch(image.Pixels, image.Stride, result.Pixels, result.Stride);
        clock.Stop();
        result.SavePng(outFull);

        Console.WriteLine($"{inPath} ({image.Width}x{image.Height}) -> {outPath} ({dw}x{dh}) with {model} on " +
                          $"{context.Backend} ({context.BackendReason}), first frame {clock.Elapsed.TotalMilliseconds:0} ms");
        return 0;
    }
}
