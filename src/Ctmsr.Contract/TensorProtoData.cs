using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>Reads the values of ONNX TensorProto constants, whichever encoding holds them (typed fields or raw_data).</summary>
internal static class TensorProtoData
{
    public const int Float = (int)TensorProto.Types.DataType.Float;
    public const int Float16 = (int)TensorProto.Types.DataType.Float16;
    public const int Double = (int)TensorProto.Types.DataType.Double;
    public const int BFloat16 = (int)TensorProto.Types.DataType.Bfloat16;

    /// <summary>The values of a small float32 constant (Resize scales and the like); false for any other type or an external tensor.</summary>
    public static bool TryReadFloats(TensorProto t, out float[] values)
    {
        values = Array.Empty<float>();
        if (t.DataType != Float || t.DataLocation == TensorProto.Types.DataLocation.External) return false;
        if (t.FloatData.Count > 0)
        {
            values = new float[t.FloatData.Count];
            t.FloatData.CopyTo(values, 0);
            return true;
        }
        ReadOnlySpan<byte> raw = t.RawData.Span;
        if (raw.Length % 4 != 0) return false;
        values = new float[raw.Length / 4];
        for (int i = 0; i < values.Length; i++)
            values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(4 * i)));
        return true;
    }

    /// <summary>The number of elements the tensor's dims describe (1 for a scalar).</summary>
    public static long ElementCount(TensorProto t)
    {
        long n = 1;
        foreach (long d in t.Dims) n = d < 0 ? 0 : n * d;
        return n;
    }

    /// <summary>"[32, 32, 3, 3]" for messages.</summary>
    public static string Shape(IEnumerable<long> dims) => "[" + string.Join(", ", dims) + "]";
}
