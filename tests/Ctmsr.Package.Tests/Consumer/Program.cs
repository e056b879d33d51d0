// The package consumer: a plain console program that knows Ctmsr.Runtime only through its NuGet package.
//   consumer cpu|vulkan OUT_DIR   upscales a generated 96x64 RGBA8 frame to 192x128 on that backend, writes in.rgba and
//                                 out.rgba to OUT_DIR and prints key=value facts (backend, reason, model, size, mean).
//   consumer readme               runs the package README's example.
using System;
using System.IO;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;

if (args.Length == 1 && args[0] == "readme")
{
    ReadmeExample.Run();
    return 0;
}
if (args.Length != 2 || (args[0] != "cpu" && args[0] != "vulkan"))
{
    Console.Error.WriteLine("usage: consumer cpu|vulkan OUT_DIR | consumer readme");
    return 2;
}

const int rw = 96, rh = 64, dw = 192, dh = 128;
var d = new UpscalerContextDescription
{
    RenderWidth = rw, RenderHeight = rh, DisplayWidth = dw, DisplayHeight = dh,
    Format = PixelFormat.Rgba8,
    Backend = args[0] == "cpu" ? UpscalerBackend.Cpu : UpscalerBackend.Vulkan,
    VulkanPrecision = VulkanPrecision.Fp32,   // the same arithmetic as the CPU, so the two outputs can be compared
    Log = line => Console.WriteLine("log=" + line),
};
using var ctx = UpscalerContext.Create(d);

// A deterministic frame: smooth waves, a diagonal ramp, a hard-edged disc and thin stripes; opaque.
byte[] input = new byte[4 * rw * rh];
for (int y = 0; y < rh; y++)
    for (int x = 0; x < rw; x++)
    {
        int i = 4 * (y * rw + x);
        bool disc = (x - 60) * (x - 60) + (y - 30) * (y - 30) < 18 * 18;
        input[i] = (byte)(128 + 100 * Math.Sin(x * 0.21) * Math.Cos(y * 0.17));
        input[i + 1] = (byte)((x + y) * 255 / (rw + rh - 2));
        input[i + 2] = disc ? (byte)230 : (x / 3 % 2 == 0 ? (byte)40 : (byte)170);
        input[i + 3] = 255;
    }
byte[] output = new byte[4 * dw * dh];
ctx.Dispatch(input, 4 * rw, output, 4 * dw);

Directory.CreateDirectory(args[1]);
File.WriteAllBytes(Path.Combine(args[1], "in.rgba"), input);
File.WriteAllBytes(Path.Combine(args[1], "out.rgba"), output);
double sum = 0;
foreach (byte b in output) sum += b;
Console.WriteLine("backend=" + ctx.Backend);
Console.WriteLine("reason=" + ctx.BackendReason);
Console.WriteLine("model=" + ctx.Model);
Console.WriteLine($"size={ctx.DisplaySize.Width}x{ctx.DisplaySize.Height}");
Console.WriteLine("mean=" + (sum / output.Length).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
return 0;
