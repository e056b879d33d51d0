using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>
/// The one check of the model contract (<see cref="ModelContract"/>, whose remarks state the rules), run by the trainer's
/// exporter on what it wrote before saving and by the runtime's loader: ONNX protobuf sanity, opset and IR version, the
/// inputs and outputs (names, tensor element types, ranks, channels, batch, spatial sizes against the scale), the
/// metadata, what the graph itself does to sizes, and finite constants. The first difference found is thrown as a
/// <see cref="ModelContractException"/> that names the model's source and the field.
/// </summary>
public static class ModelContractChecker
{
    private const int FloatElementType = 1; // TensorProto.DataType.FLOAT

    /// <summary>Parses and checks a serialized model.</summary>
    /// <param name="onnxBytes">The ONNX bytes.</param>
    /// <param name="source">The file path or description of the model, for messages.</param>
    /// <param name="stage">Which side checks; see <see cref="ContractStage"/>.</param>
    /// <exception cref="ModelContractException">The bytes are not ONNX, or the model breaks the contract.</exception>
    public static ModelFacts Check(byte[] onnxBytes, string source, ContractStage stage = ContractStage.Load)
    {
        if (onnxBytes is null) throw new ArgumentNullException(nameof(onnxBytes));
        if (source is null) throw new ArgumentNullException(nameof(source));
        return Check(ModelProtoReader.Read(onnxBytes, source), source, stage);
    }

    /// <summary>Checks an in-memory model (as the exporter builds it).</summary>
    /// <param name="model">The model; not changed.</param>
    /// <param name="source">The file path or description of the model, for messages.</param>
    /// <param name="stage">Which side checks; see <see cref="ContractStage"/>.</param>
    /// <exception cref="ModelContractException">The model breaks the contract.</exception>
    public static ModelFacts Check(ModelProto model, string source, ContractStage stage = ContractStage.Load)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        if (source is null) throw new ArgumentNullException(nameof(source));
        return Check(ModelProtoReader.Read(model, source, model.CalculateSize()), source, stage);
    }

    private static ModelFacts Check(ModelSignature signature, string source, ContractStage stage)
    {
        RequireOpsetAndIr(source, signature.Model);
        IReadOnlyList<ModelValue> inputs = signature.Inputs, outputs = signature.Outputs;
        IReadOnlyDictionary<string, string> metadata = signature.Metadata;
        RequireExactNames(source, "input", inputs.Select(v => v.Name), new[] { ModelContract.LowResInput, ModelContract.NoiseInput });
        RequireExactNames(source, "output", outputs.Select(v => v.Name), new[] { ModelContract.Output });

        ModelValue lrValue = Find(inputs, ModelContract.LowResInput), srValue = Find(outputs, ModelContract.Output);
        int[] lr = RequireImageTensor(source, "input", ModelContract.LowResInput, lrValue);
        int[] noise = RequireImageTensor(source, "input", ModelContract.NoiseInput, Find(inputs, ModelContract.NoiseInput));
        int[] sr = RequireImageTensor(source, "output", ModelContract.Output, srValue);

        int format = RequireInteger(source, metadata, ModelContract.FormatKey);
        if (format != ModelContract.FormatVersion)
            throw Fail(source, $"metadata '{ModelContract.FormatKey}' is '{metadata[ModelContract.FormatKey]}'; " +
                               $"this runtime reads format {ModelContract.FormatVersion}");

        int scale = RequireInteger(source, metadata, ModelContract.ScaleKey);
        if (scale < ModelContract.MinScale || scale > ModelContract.MaxScale)
            throw Fail(source, $"metadata '{ModelContract.ScaleKey}' is {scale}; the contract needs an integer from " +
                               $"{ModelContract.MinScale} to {ModelContract.MaxScale}");

        double sigmaMax = RequireNumber(source, metadata, ModelContract.SigmaMaxKey);
        if (sigmaMax < 0 || sigmaMax > float.MaxValue)
            throw Fail(source, $"metadata '{ModelContract.SigmaMaxKey}' is {sigmaMax.ToString("R", CultureInfo.InvariantCulture)}; " +
                               "the contract needs a finite non-negative number");
        if (stage == ContractStage.Export && !(sigmaMax > 0))
            throw Fail(source, $"metadata '{ModelContract.SigmaMaxKey}' is 0; an exported model needs a positive noise level");

        double? mac = null;
        if (stage == ContractStage.Export || metadata.ContainsKey(ModelContract.MacPerPixelKey))
        {
            double m = RequireNumber(source, metadata, ModelContract.MacPerPixelKey);
            if (m < 0) throw Fail(source, $"metadata '{ModelContract.MacPerPixelKey}' is negative; the contract needs a count");
            mac = m;
        }
        string? preset = Optional(metadata, ModelContract.PresetKey), training = Optional(metadata, ModelContract.TrainingKey);
        if (stage == ContractStage.Export)
        {
            preset = RequireText(source, metadata, ModelContract.PresetKey);
            training = RequireText(source, metadata, ModelContract.TrainingKey);
        }

        // Spatial sizes: where both sides are fixed numbers they must agree with the scale.
        RequireScaled(source, ModelContract.NoiseInput, "input", noise, lr, scale);
        RequireScaled(source, ModelContract.Output, "output", sr, lr, scale);
        RequireSame(source, noise, sr);
        RequireNotSameSymbol(source, lrValue, srValue, scale);
        // Then what the graph does must agree with the metadata: a mismatch used to pass here and fail (or be
        // silently overridden) inside a backend on the first frame.
        GraphScaleCheck.Require(source, signature.Graph, scale);
        // NaN weights run without any error and give black frames: refuse them here, naming the tensor.
        FiniteWeightCheck.Require(source, signature.Graph);

        return new ModelFacts(source, signature.Model, scale, (float)sigmaMax, preset, mac, training, metadata);
    }

    /// <summary>The default ONNX domain at exactly the contract's opset, no other domain, and IR 8 or newer.</summary>
    private static void RequireOpsetAndIr(string source, ModelProto model)
    {
        long opset = -1;
        foreach (OperatorSetIdProto o in model.OpsetImport)
        {
            if (o.Domain.Length == 0 || o.Domain == "ai.onnx")
            {
                opset = o.Version;
                continue;
            }
            throw Fail(source, $"it imports operator set domain '{o.Domain}' (version {o.Version}); the contract allows only " +
                               $"the default ONNX domain at opset {ModelContract.OpsetVersion}");
        }
        if (opset < 0)
            throw Fail(source, $"it does not import the default ONNX domain; the contract needs opset {ModelContract.OpsetVersion}");
        if (opset != ModelContract.OpsetVersion)
            throw Fail(source, $"it uses opset {opset}; the contract needs opset {ModelContract.OpsetVersion}");
        if (model.IrVersion < ModelContract.MinIrVersion)
            throw Fail(source, $"its IR version is {model.IrVersion}; the contract needs IR {ModelContract.MinIrVersion} or newer");
    }

    private static void RequireExactNames(string source, string kind, IEnumerable<string> actual, string[] expected)
    {
        var names = actual.ToList();
        foreach (string e in expected)
        {
            if (!names.Contains(e))
                throw Fail(source, $"{kind} '{e}' is missing; the model's {kind}s are {Quote(names)}");
        }
        foreach (string n in names)
        {
            if (Array.IndexOf(expected, n) < 0)
                throw Fail(source, $"unexpected {kind} '{n}'; the contract's {kind}s are exactly {Quote(expected)}");
        }
    }

    private static ModelValue Find(IReadOnlyList<ModelValue> values, string name) => values.First(v => v.Name == name);

    private static int[] RequireImageTensor(string source, string kind, string name, ModelValue node)
    {
        if (!node.IsTensor)
            throw Fail(source, $"{kind} '{name}' is a {node.ValueType}; the contract needs a float32 tensor");
        if (node.ElementType != FloatElementType)
            throw Fail(source, $"{kind} '{name}' has element type {node.ElementTypeName}; the contract needs float32");
        int[] dims = node.Dimensions;
        if (dims.Length != 4)
            throw Fail(source, $"{kind} '{name}' has rank {dims.Length}; the contract needs rank 4 [1, 3, height, width]");
        if (dims[0] > 1 || dims[0] == 0)
            throw Fail(source, $"{kind} '{name}' has batch size {dims[0]}; the contract needs 1");
        if (dims[1] < 0)
            throw Fail(source, $"{kind} '{name}' has a dynamic channel count; the contract needs {ModelContract.Channels}");
        if (dims[1] != ModelContract.Channels)
            throw Fail(source, $"{kind} '{name}' has {dims[1]} channels; the contract needs {ModelContract.Channels}");
        return dims;
    }

    private static void RequireScaled(string source, string name, string kind, int[] hr, int[] lr, int scale)
    {
        for (int axis = 2; axis < 4; axis++)
        {
            if (hr[axis] > 0 && lr[axis] > 0 && hr[axis] != scale * lr[axis])
            {
                string dim = axis == 2 ? "height" : "width";
                throw Fail(source, $"{kind} '{name}' {dim} {hr[axis]} is not scale {scale} x input " +
                                   $"'{ModelContract.LowResInput}' {dim} {lr[axis]} = {scale * lr[axis]}");
            }
        }
    }

    /// <summary>A symbolic size that 'lr' and 'sr' share says the graph keeps the size: scale 1, not the metadata's.</summary>
    private static void RequireNotSameSymbol(string source, ModelValue lr, ModelValue sr, int scale)
    {
        for (int axis = 2; axis < 4; axis++)
        {
            string? name = lr.DimensionNames[axis];
            if (name == null || sr.DimensionNames[axis] != name) continue;
            string dim = axis == 2 ? "height" : "width";
            throw Fail(source, $"output '{ModelContract.Output}' {dim} is '{name}', the same symbolic size as input " +
                               $"'{ModelContract.LowResInput}' {dim}, so the graph does not upscale; metadata " +
                               $"'{ModelContract.ScaleKey}' is {scale}");
        }
    }

    private static void RequireSame(string source, int[] noise, int[] sr)
    {
        for (int axis = 2; axis < 4; axis++)
        {
            if (noise[axis] > 0 && sr[axis] > 0 && noise[axis] != sr[axis])
            {
                string dim = axis == 2 ? "height" : "width";
                throw Fail(source, $"input '{ModelContract.NoiseInput}' {dim} {noise[axis]} differs from output " +
                                   $"'{ModelContract.Output}' {dim} {sr[axis]}");
            }
        }
    }

    private static int RequireInteger(string source, IReadOnlyDictionary<string, string> metadata, string key)
    {
        string text = RequireKey(source, metadata, key);
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw Fail(source, $"metadata '{key}' is '{text}'; the contract needs an integer");
        return value;
    }

    private static double RequireNumber(string source, IReadOnlyDictionary<string, string> metadata, string key)
    {
        string text = RequireKey(source, metadata, key);
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ||
            double.IsNaN(value) || double.IsInfinity(value))
            throw Fail(source, $"metadata '{key}' is '{text}'; the contract needs a finite number");
        return value;
    }

    private static string RequireKey(string source, IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out string? text))
            throw Fail(source, $"metadata '{key}' is missing");
        return text;
    }

    private static string RequireText(string source, IReadOnlyDictionary<string, string> metadata, string key)
    {
        string text = RequireKey(source, metadata, key);
        if (text.Trim().Length == 0) throw Fail(source, $"metadata '{key}' is empty");
        return text;
    }

    private static string? Optional(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text) ? text : null;

    private static string Quote(IEnumerable<string> names)
    {
        string joined = string.Join(", ", names.Select(n => "'" + n + "'"));
        return joined.Length == 0 ? "(none)" : joined;
    }

    private static ModelContractException Fail(string source, string problem) => new ModelContractException(source, problem);
}
