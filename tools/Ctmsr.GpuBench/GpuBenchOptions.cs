using System.Globalization;

namespace Ctmsr.GpuBench;

/// <summary>The command line of ctmsr-gpubench (parsed by hand: the tool stays small and trims cleanly).</summary>
public sealed class GpuBenchOptions
{
    public const string Usage = """
        ctmsr-gpubench: the CTMSR Vulkan bench on a GPU, without .NET or ONNX Runtime installed.
        Measures the device's fp32/fp16 FMA peak and memory bandwidth, then times each model on the runtime's Vulkan
        backend (fp32 and, where the device has it, fp16) and the EASU-style shader on the same device, and reports every
        row against the measured peak and the shader, with per-stage GPU times. Writes JSON and prints the tables.

        usage: ctmsr-gpubench [options]
          --model PATH       a CTMSR model (.onnx); repeatable (default: ctmsr-x2.onnx and ctmsr-x2-tiny.onnx, built in)
          --device NAME      the Vulkan device whose name contains NAME (default: a discrete, then integrated GPU, before CPU drivers)
          --case WxH         a render size (the display is scale x it); repeatable (default: 960x540 and 1920x1080)
          --precision P      fp32, fp16 or both (default: both; fp16 only where the device has 16-bit storage and shaderFloat16)
          --frames N         timed frames per row, at most (default 30)
          --warmup N         untimed frames first (default 3)
          --seconds S        stop timing a row after S seconds once 3 frames are timed (default 20)
          --calibration-ms T about how long each timed calibration run lasts (default 25)
          --no-easu          skip the EASU-style shader
          --quick            a smoke run: 128x72 -> 256x144, 2 frames, 1 warm-up, short calibration (what CI runs on lavapipe)
          --out FILE         the JSON report (default: ctmsr-gpubench.json)
          -h, --help         this text
        A libvulkan.so.1 beside the executable is used before the system's (tools/gpu-bench.sh puts one there).
        """;

    public List<string> Models { get; } = new();
    public string? Device { get; private set; }
    public List<string> Cases { get; } = new();
    public bool Fp32 { get; private set; } = true;
    public bool Fp16 { get; private set; } = true;
    public int Frames { get; private set; } = 30;
    public int Warmup { get; private set; } = 3;
    public double SecondsPerRow { get; private set; } = 20;
    public double CalibrationMilliseconds { get; private set; } = 25;
    public int CalibrationRepetitions { get; private set; } = 5;
    public bool Easu { get; private set; } = true;
    public bool Quick { get; private set; }
    public string Out { get; private set; } = "ctmsr-gpubench.json";
    public bool Help { get; private set; }

    /// <exception cref="ArgumentException">An unknown option or a bad value; the message names it.</exception>
    public static GpuBenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new GpuBenchOptions();
        bool framesSet = false, warmupSet = false, calibrationSet = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new ArgumentException($"{a} needs a value");
                return args[++i];
            }
            switch (a)
            {
                case "-h": case "--help": o.Help = true; break;
                case "--model": o.Models.Add(Value()); break;
                case "--device": o.Device = Value(); break;
                case "--case": o.Cases.Add(Value()); break;
                case "--precision":
                    string p = Value().ToLowerInvariant();
                    (o.Fp32, o.Fp16) = p switch
                    {
                        "fp32" => (true, false),
                        "fp16" => (false, true),
                        "both" => (true, true),
                        _ => throw new ArgumentException($"--precision is fp32, fp16 or both; got '{p}'"),
                    };
                    break;
                case "--frames": o.Frames = Int(a, Value(), 1, 100000); framesSet = true; break;
                case "--warmup": o.Warmup = Int(a, Value(), 0, 10000); warmupSet = true; break;
                case "--seconds": o.SecondsPerRow = Real(a, Value(), 0.001, 1e6); break;
                case "--calibration-ms": o.CalibrationMilliseconds = Real(a, Value(), 1, 10000); calibrationSet = true; break;
                case "--no-easu": o.Easu = false; break;
                case "--quick": o.Quick = true; break;
                case "--out": o.Out = Value(); break;
                default: throw new ArgumentException($"unknown option '{a}'; see --help");
            }
        }
        if (o.Quick)
        {
            if (o.Cases.Count == 0) o.Cases.Add("128x72");
            if (!framesSet) o.Frames = 2;
            if (!warmupSet) o.Warmup = 1;
            if (!calibrationSet) o.CalibrationMilliseconds = 5;
            o.CalibrationRepetitions = 3;
        }
        if (o.Cases.Count == 0)
        {
            o.Cases.Add("960x540");
            o.Cases.Add("1920x1080");
        }
        return o;
    }

    private static int Int(string option, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new ArgumentException($"{option} must be an integer {min}..{max}; got '{text}'");
        return v;
    }

    private static double Real(string option, string text, double min, double max)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
            throw new ArgumentException($"{option} must be a number {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}; got '{text}'");
        return v;
    }
}
