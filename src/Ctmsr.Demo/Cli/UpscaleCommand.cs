using System.CommandLine;
using System.Diagnostics;
using Ctmsr.Demo.Imaging;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Onnx;

namespace Ctmsr.Demo.Cli;

/// <summary><c>ctmsr-demo upscale IN OUT [--model M] [--provider P]</c>: one image through the ONNX Runtime upscaler.</summary>
public static class UpscaleCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Input image (PNG or JPEG)." };
        var output = new Argument<string>("out") { Description = "Output PNG (alpha kept)." };
        var model = new Option<string?>("--model")
        {
            Description = $"CTMSR model (.onnx). Default: {ModelLocator.DefaultRelativePath}, searched upward from the " +
                          "working directory and the executable.",
        };
        var provider = new Option<OnnxExecutionProvider>("--provider")
        {
            Description = "ONNX Runtime execution provider: Auto (CUDA if available, else CPU), Cpu or Cuda.",
            DefaultValueFactory = _ => OnnxExecutionProvider.Auto,
        };

        var cmd = new Command("upscale", "Upscale one image with a CTMSR model on ONNX Runtime.");
        cmd.Arguments.Add(input);
        cmd.Arguments.Add(output);
        cmd.Options.Add(model);
        cmd.Options.Add(provider);
        cmd.SetAction(new Func<ParseResult, int>(pr => Run(
            pr.GetValue(input)!, pr.GetValue(output)!, pr.GetValue(model), pr.GetValue(provider))));
        return cmd;
    }

    private static int Run(string inPath, string outPath, string? modelPath, OnnxExecutionProvider provider)
    {
        RgbaImage image = RgbaImage.Load(inPath);
        CtmsrModel model = CtmsrModel.Load(ModelLocator.Resolve(modelPath));

        using var upscaler = new OnnxImageUpscaler(model, new OnnxUpscalerOptions { Provider = provider });
        int s = upscaler.Scale;
        var result = new RgbaImage(image.Width * s, image.Height * s, new byte[4L * image.Width * s * image.Height * s]);
        var clock = Stopwatch.StartNew();
        upscaler.Upscale(image.Pixels, image.Width, image.Height, image.Stride, result.Pixels, result.Stride);
        clock.Stop();
        result.SavePng(outPath);

        Console.WriteLine($"{inPath} ({image.Width}x{image.Height}) -> {outPath} ({result.Width}x{result.Height}) " +
                          $"with {model} on {upscaler.Provider} ({upscaler.ProviderReason}), first frame {clock.Elapsed.TotalMilliseconds:0} ms");
        return 0;
    }
}
