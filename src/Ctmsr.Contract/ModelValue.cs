using System;

namespace Ctmsr.Contract;

/// <summary>
/// One graph input or output as the contract check sees it, read from the ONNX protobuf: its name, whether it is a
/// tensor, its element type and its dimensions (-1 where a dimension is symbolic or unknown). The type and element
/// names are ONNX Runtime's (<c>ONNX_TYPE_SEQUENCE</c>, <c>Float16</c>), so messages read as they always did.
/// </summary>
internal readonly struct ModelValue
{
    public ModelValue(string name, string valueType, int elementType, int[] dimensions, string?[]? dimensionNames = null)
    {
        Name = name;
        ValueType = valueType;
        ElementType = elementType;
        Dimensions = dimensions;
        DimensionNames = dimensionNames ?? new string?[dimensions.Length];
    }

    public string Name { get; }

    /// <summary>ONNX Runtime's OnnxValueType name: ONNX_TYPE_TENSOR, ONNX_TYPE_SEQUENCE, ONNX_TYPE_MAP, ...</summary>
    public string ValueType { get; }

    public bool IsTensor => ValueType == TensorType;

    /// <summary>The ONNX TensorProto.DataType code (1 = float32); 0 when not a tensor.</summary>
    public int ElementType { get; }

    /// <summary>ONNX Runtime's TensorElementType name for <see cref="ElementType"/>: Float, Float16, UInt8, ...</summary>
    public string ElementTypeName => ElementType > 0 && ElementType < ElementNames.Length
        ? ElementNames[ElementType]
        : "DataType" + ElementType.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int[] Dimensions { get; }

    /// <summary>Each dimension's symbolic name (ONNX dim_param), or null where it is a number or unnamed.</summary>
    public string?[] DimensionNames { get; }

    public const string TensorType = "ONNX_TYPE_TENSOR";

    /// <summary>Indexed by TensorProto.DataType; the names of ONNX Runtime's TensorElementType members.</summary>
    private static readonly string[] ElementNames =
    {
        "Undefined", "Float", "UInt8", "Int8", "UInt16", "Int16", "Int32", "Int64", "String", "Bool", "Float16",
        "Double", "UInt32", "UInt64", "Complex64", "Complex128", "BFloat16", "Float8E4M3FN", "Float8E4M3FNUZ",
        "Float8E5M2", "Float8E5M2FNUZ", "UInt4", "Int4",
    };

    public override string ToString() => Name + " " + ValueType + " " + ElementTypeName + " [" + string.Join(", ", Array.ConvertAll(Dimensions, d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
