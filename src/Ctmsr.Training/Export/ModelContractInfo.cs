using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace Ctmsr.Training.Export;

/// <summary>
/// What an exported .onnx file says about itself: the contract's metadata plus its opset, IR version and I/O names.
/// <see cref="Read(string)"/> checks the contract and throws <see cref="InvalidDataException"/> naming the difference.
/// </summary>
public sealed record ModelContractInfo(
    string Path,
    int Scale,
    double SigmaMax,
    string Preset,
    double MacPerPixel,
    string TrainingJson,
    long OpsetVersion,
    long IrVersion,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Reads and checks an exported model file.</summary>
    public static ModelContractInfo Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"model file '{path}' does not exist", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new InvalidDataException($"model file '{path}' is empty");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"model file '{path}' ({bytes.Length} bytes) is not an ONNX model: {e.Message}", e);
        }
        return FromModel(model, path);
    }

    /// <summary>Checks an in-memory model; <paramref name="what"/> names it in error messages.</summary>
    public static ModelContractInfo FromModel(ModelProto model, string what)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Graph is null) throw new InvalidDataException($"model '{what}' has no graph");
        long opset = -1;
        foreach (var o in model.OpsetImport)
            if (string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx") opset = o.Version;
        if (opset != ModelContract.OpsetVersion)
            throw new InvalidDataException($"model '{what}' uses opset {opset}; the contract needs {ModelContract.OpsetVersion}");
        if (model.IrVersion < ModelContract.IrVersion)
            throw new InvalidDataException($"model '{what}' has IR version {model.IrVersion}; the contract needs {ModelContract.IrVersion} or newer");

        var inputs = model.Graph.Input.Select(i => i.Name).ToHashSet();
        foreach (var name in new[] { ModelContract.LrInput, ModelContract.NoiseInput })
            if (!inputs.Contains(name))
                throw new InvalidDataException($"model '{what}' has no input '{name}'; its inputs are: {string.Join(", ", inputs)}");
        if (!model.Graph.Output.Any(o => o.Name == ModelContract.SrOutput))
            throw new InvalidDataException(
                $"model '{what}' has no output '{ModelContract.SrOutput}'; its outputs are: {string.Join(", ", model.Graph.Output.Select(o => o.Name))}");

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in model.MetadataProps) meta[p.Key] = p.Value;
        string Need(string key) => meta.TryGetValue(key, out var v)
            ? v
            : throw new InvalidDataException($"model '{what}' lacks metadata '{key}' (not a Ctmsr model, or an older export)");

        string format = Need(ModelContract.KeyFormat);
        if (format != ModelContract.FormatVersion)
            throw new InvalidDataException($"model '{what}' has {ModelContract.KeyFormat} = '{format}'; this trainer reads '{ModelContract.FormatVersion}'");
        string scaleText = Need(ModelContract.KeyScale);
        if (!int.TryParse(scaleText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int scale) || scale < 1)
            throw new InvalidDataException($"model '{what}' has {ModelContract.KeyScale} = '{scaleText}'; expected a positive integer");
        double sigmaMax = ParseDouble(ModelContract.KeySigmaMax, what, Need);
        double mac = ParseDouble(ModelContract.KeyMacPerPixel, what, Need);
        return new ModelContractInfo(what, scale, sigmaMax, Need(ModelContract.KeyPreset), mac, Need(ModelContract.KeyTraining),
            opset, model.IrVersion, meta);
    }

    private static double ParseDouble(string key, string what, Func<string, string> need)
    {
        string text = need(key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new InvalidDataException($"model '{what}' has {key} = '{text}'; expected a finite number");
        return v;
    }
}
