using System;
using Google.Protobuf;
using Onnx;

namespace Ctmsr.Runtime.Onnx;

/// <summary>Small builders for ONNX protobuf pieces (nodes, constants, typed values), shared by every graph we write.</summary>
internal static class OnnxProto
{
    public const int Opset = 17;
    public const int IrVersion = 8;
    public const int Float = (int)TensorProto.Types.DataType.Float;
    public const int UInt8 = (int)TensorProto.Types.DataType.Uint8;
    public const int Int64 = (int)TensorProto.Types.DataType.Int64;

    public static NodeProto Node(string op, string output, params string[] inputs)
    {
        var node = new NodeProto { OpType = op, Name = output + "/" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, long value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, float value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, string value)
    {
        node.Attribute.Add(new AttributeProto
        {
            Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value),
        });
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        node.Attribute.Add(attribute);
        return node;
    }

    public static TensorProto FloatConstant(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    public static TensorProto Int64Constant(string name, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        return t;
    }

    /// <summary>A rank-4 tensor value; each dimension is a number, or a symbolic name when given as a string.</summary>
    public static ValueInfoProto Tensor4(string name, int elementType, object d0, object d1, object d2, object d3) =>
        Tensor(name, elementType, d0, d1, d2, d3);

    /// <summary>A tensor value of any rank; each dimension is a number, or a symbolic name when given as a string.</summary>
    public static ValueInfoProto Tensor(string name, int elementType, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object d in dims)
        {
            shape.Dim.Add(d is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        }
        return TypedValue(name, elementType, shape);
    }

    /// <summary>A rank-1 int64 tensor value of <paramref name="length"/> elements.</summary>
    public static ValueInfoProto Int64Vector(string name, int length)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = length });
        return TypedValue(name, Int64, shape);
    }

    public static ModelProto Model(GraphProto graph, string producer)
    {
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = producer, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model;
    }

    private static ValueInfoProto TypedValue(string name, int elementType, TensorShapeProto shape) => new ValueInfoProto
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
    };
}
