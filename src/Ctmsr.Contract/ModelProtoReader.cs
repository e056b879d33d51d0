using System;
using System.Collections.Generic;
using Google.Protobuf;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>
/// Reads a model's interface straight from the ONNX protobuf (OnnxSharp's ModelProto), so checking a model needs no
/// ONNX Runtime: the Vulkan backend and tools without ONNX Runtime's native library load models too. ONNX Runtime
/// still builds (and checks) the whole graph when its backend creates a session.
/// </summary>
internal static class ModelProtoReader
{
    /// <summary>The oldest IR version ONNX Runtime loads.</summary>
    private const long MinIrVersion = 3;

    /// <summary>Parses <paramref name="bytes"/> as an ONNX model and reads its signature.</summary>
    /// <exception cref="ModelContractException">The bytes are empty or not an ONNX model.</exception>
    public static ModelSignature Read(byte[] bytes, string source)
    {
        if (bytes.Length == 0)
            throw new ModelContractException(source, "the model is empty (0 bytes); an ONNX file was expected");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw NotOnnx(source, bytes.Length, "the protobuf is malformed: " + FirstLine(ex.Message), ex);
        }
        return Read(model, source, bytes.Length);
    }

    /// <summary>Reads the signature of a parsed model of <paramref name="size"/> serialized bytes.</summary>
    /// <exception cref="ModelContractException">The message is not an ONNX model (no graph, no opset, IR below 3).</exception>
    public static ModelSignature Read(ModelProto model, string source, long size)
    {
        if (model.Graph == null) throw NotOnnx(source, size, "it holds no graph");
        if (model.IrVersion < MinIrVersion)
            throw NotOnnx(source, size, $"its IR version is {model.IrVersion}; ONNX models have {MinIrVersion} or newer");
        if (model.OpsetImport.Count == 0) throw NotOnnx(source, size, "it imports no operator set");

        GraphProto g = model.Graph;
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorProto t in g.Initializer) initializers.Add(t.Name);
        foreach (SparseTensorProto t in g.SparseInitializer) if (t.Values != null) initializers.Add(t.Values.Name);

        // As in ONNX Runtime, an input that an initializer also names is an overridable constant, not a model input.
        var inputs = new List<ModelValue>(g.Input.Count);
        foreach (ValueInfoProto v in g.Input)
            if (!initializers.Contains(v.Name)) inputs.Add(ToValue(v));
        var outputs = new List<ModelValue>(g.Output.Count);
        foreach (ValueInfoProto v in g.Output) outputs.Add(ToValue(v));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (StringStringEntryProto e in model.MetadataProps) metadata[e.Key] = e.Value;
        return new ModelSignature(model, inputs, outputs, metadata);
    }

    private static ModelValue ToValue(ValueInfoProto v)
    {
        TypeProto? type = v.Type;
        if (type == null) return new ModelValue(v.Name, "ONNX_TYPE_UNKNOWN", 0, Array.Empty<int>());
        switch (type.ValueCase)
        {
            case TypeProto.ValueOneofCase.TensorType:
            {
                TypeProto.Types.Tensor t = type.TensorType;
                int[] dims = Dimensions(t.Shape);
                return new ModelValue(v.Name, ModelValue.TensorType, t.ElemType, dims, DimensionNames(t.Shape, dims.Length));
            }
            case TypeProto.ValueOneofCase.SequenceType: return new ModelValue(v.Name, "ONNX_TYPE_SEQUENCE", 0, Array.Empty<int>());
            case TypeProto.ValueOneofCase.MapType: return new ModelValue(v.Name, "ONNX_TYPE_MAP", 0, Array.Empty<int>());
            case TypeProto.ValueOneofCase.OptionalType: return new ModelValue(v.Name, "ONNX_TYPE_OPTIONAL", 0, Array.Empty<int>());
            case TypeProto.ValueOneofCase.SparseTensorType: return new ModelValue(v.Name, "ONNX_TYPE_SPARSETENSOR", 0, Array.Empty<int>());
            default: return new ModelValue(v.Name, "ONNX_TYPE_UNKNOWN", 0, Array.Empty<int>());
        }
    }

    /// <summary>Each dimension's value, or -1 where it is symbolic or absent (what ONNX Runtime reports).</summary>
    private static int[] Dimensions(TensorShapeProto? shape)
    {
        if (shape == null) return Array.Empty<int>();
        var dims = new int[shape.Dim.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            TensorShapeProto.Types.Dimension d = shape.Dim[i];
            dims[i] = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue >= 0 && d.DimValue <= int.MaxValue
                ? (int)d.DimValue
                : -1;
        }
        return dims;
    }

    /// <summary>Each dimension's symbolic name (dim_param), or null where it is a number or has no name.</summary>
    private static string?[] DimensionNames(TensorShapeProto? shape, int rank)
    {
        var names = new string?[rank];
        for (int i = 0; i < rank; i++)
        {
            TensorShapeProto.Types.Dimension d = shape!.Dim[i];
            names[i] = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam.Length > 0 ? d.DimParam : null;
        }
        return names;
    }

    private static ModelContractException NotOnnx(string source, long size, string why, Exception? inner = null) =>
        new ModelContractException(source, $"cannot load it as an ONNX model ({size} bytes): {why}", inner);

    private static string FirstLine(string message)
    {
        int nl = message.IndexOf('\n');
        return (nl < 0 ? message : message.Substring(0, nl)).Trim();
    }
}
