using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using Google.Protobuf.Collections;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>
/// Refuses a model whose weights hold NaN or an infinity: such a model runs without any error and gives NaN, that is
/// black, frames. Every floating-point constant is scanned (initializers, sparse initializers, Constant nodes and
/// tensor attributes, subgraphs included) in each encoding ONNX allows for it: float_data, double_data, int32_data
/// (float16 and bfloat16 bit patterns) and raw_data. One pass over the bits, no allocation: a few microseconds for
/// the shipped models. Tensors stored outside the file (external data) and 8-bit float types are not scanned. A
/// scalar that feeds only Clip's min or max may be infinite (an open bound); NaN is refused everywhere.
/// </summary>
internal static class FiniteWeightCheck
{
    /// <exception cref="ModelContractException">A constant holds a non-finite value; the message names it and the first bad index.</exception>
    public static void Require(string source, GraphProto graph) => Scan(source, graph);

    private static void Scan(string source, GraphProto graph)
    {
        HashSet<string> bounds = ClipBoundsOnly(graph);
        foreach (TensorProto t in graph.Initializer) Check(source, "initializer", t.Name, t, bounds);
        foreach (SparseTensorProto s in graph.SparseInitializer)
            if (s.Values != null) Check(source, "sparse initializer", s.Values.Name, s.Values, bounds);
        foreach (NodeProto node in graph.Node)
        {
            foreach (AttributeProto a in node.Attribute)
            {
                bool constant = node.OpType == "Constant" && node.Output.Count > 0;
                string owner = constant ? "constant" : "attribute '" + a.Name + "' of node";
                string name = constant ? node.Output[0] : node.Name;
                if (a.T != null) Check(source, owner, name, a.T, bounds);
                foreach (TensorProto t in a.Tensors) Check(source, owner, name, t, bounds);
                if (a.Type == AttributeProto.Types.AttributeType.Float && float.IsNaN(a.F))
                    throw Fail(source, $"attribute '{a.Name}' of node '{node.Name}' ({node.OpType}) is NaN; the model needs numbers");
                foreach (float f in a.Floats)
                    if (float.IsNaN(f))
                        throw Fail(source, $"attribute '{a.Name}' of node '{node.Name}' ({node.OpType}) holds NaN; the model needs numbers");
                if (a.G != null) Scan(source, a.G);
                foreach (GraphProto g in a.Graphs) Scan(source, g);
            }
        }
    }

    /// <summary>The names of tensors that only ever feed Clip's min or max input (an infinite bound there means "no bound").</summary>
    private static HashSet<string> ClipBoundsOnly(GraphProto graph)
    {
        var bounds = new HashSet<string>(StringComparer.Ordinal);
        var other = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                (node.OpType == "Clip" && i > 0 ? bounds : other).Add(node.Input[i]);
        bounds.ExceptWith(other);
        return bounds;
    }

    private static void Check(string source, string kind, string name, TensorProto t, HashSet<string> clipBounds)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External) return;
        // An infinite scalar bound of Clip is legitimate; a NaN never is.
        bool nanOnly = clipBounds.Contains(name) && TensorProtoData.ElementCount(t) == 1;
        long first = -1, bad = 0, count = 0;
        string firstValue = "";
        switch (t.DataType)
        {
            case TensorProtoData.Float:
                if (t.FloatData.Count > 0) ScanFloats(t.FloatData, nanOnly, ref first, ref bad, ref firstValue, out count);
                else ScanRaw(t.RawData.Span, 4, nanOnly, ref first, ref bad, ref firstValue, out count);
                break;
            case TensorProtoData.Double:
                if (t.DoubleData.Count > 0) ScanDoubles(t.DoubleData, nanOnly, ref first, ref bad, ref firstValue, out count);
                else ScanRaw(t.RawData.Span, 8, nanOnly, ref first, ref bad, ref firstValue, out count);
                break;
            case TensorProtoData.Float16:
            case TensorProtoData.BFloat16:
                bool bf = t.DataType == TensorProtoData.BFloat16;
                if (t.Int32Data.Count > 0) ScanHalfWords(t.Int32Data, bf, nanOnly, ref first, ref bad, ref firstValue, out count);
                else ScanRaw(t.RawData.Span, bf ? -2 : 2, nanOnly, ref first, ref bad, ref firstValue, out count);
                break;
            default:
                return;
        }
        if (bad == 0) return;
        string type = t.DataType switch
        {
            TensorProtoData.Double => "float64",
            TensorProtoData.Float16 => "float16",
            TensorProtoData.BFloat16 => "bfloat16",
            _ => "float32",
        };
        throw Fail(source,
            $"{kind} '{name}' ({type} {TensorProtoData.Shape(t.Dims)}) holds {firstValue} at index " +
            $"{first.ToString(CultureInfo.InvariantCulture)} ({bad.ToString(CultureInfo.InvariantCulture)} non-finite of " +
            $"{count.ToString(CultureInfo.InvariantCulture)} values); a model with non-finite weights gives NaN (black) frames");
    }

    private static void ScanFloats(RepeatedField<float> values, bool nanOnly, ref long first, ref long bad, ref string firstValue, out long count)
    {
        count = values.Count;
        for (int i = 0; i < values.Count; i++)
        {
            float v = values[i];
            if (nanOnly ? !float.IsNaN(v) : IsFinite(v)) continue;
            if (bad++ == 0) { first = i; firstValue = Describe(v); }
        }
    }

    private static void ScanDoubles(RepeatedField<double> values, bool nanOnly, ref long first, ref long bad, ref string firstValue, out long count)
    {
        count = values.Count;
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsNaN(v) && (nanOnly || !double.IsInfinity(v))) continue;
            if (bad++ == 0) { first = i; firstValue = Describe(v); }
        }
    }

    /// <summary>float16 / bfloat16 values stored one per int32 (their 16 bits in the low half).</summary>
    private static void ScanHalfWords(RepeatedField<int> words, bool bfloat, bool nanOnly, ref long first, ref long bad, ref string firstValue, out long count)
    {
        count = words.Count;
        for (int i = 0; i < words.Count; i++)
        {
            ushort h = (ushort)words[i];
            if (!HalfNonFinite(h, bfloat) || (nanOnly && DescribeHalf(h, bfloat) != "NaN")) continue;
            if (bad++ == 0) { first = i; firstValue = DescribeHalf(h, bfloat); }
        }
    }

    /// <summary>Little-endian raw_data of elements of <paramref name="size"/> bytes (4 float, 8 double, 2 float16, -2 bfloat16).</summary>
    private static void ScanRaw(ReadOnlySpan<byte> raw, int size, bool nanOnly, ref long first, ref long bad, ref string firstValue, out long count)
    {
        int width = Math.Abs(size);
        count = raw.Length / width;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> at = raw.Slice(i * width, width);
            bool nonFinite;
            string text = "";
            switch (size)
            {
                case 4:
                    uint f = BinaryPrimitives.ReadUInt32LittleEndian(at);
                    nonFinite = (f & 0x7F800000u) == 0x7F800000u;
                    if (nonFinite) text = Describe(BitConverter.Int32BitsToSingle((int)f));
                    break;
                case 8:
                    ulong d = BinaryPrimitives.ReadUInt64LittleEndian(at);
                    nonFinite = (d & 0x7FF0000000000000ul) == 0x7FF0000000000000ul;
                    if (nonFinite) text = Describe(BitConverter.Int64BitsToDouble((long)d));
                    break;
                default:
                    ushort h = BinaryPrimitives.ReadUInt16LittleEndian(at);
                    nonFinite = HalfNonFinite(h, size < 0);
                    if (nonFinite) text = DescribeHalf(h, size < 0);
                    break;
            }
            if (!nonFinite || (nanOnly && text != "NaN")) continue;
            if (bad++ == 0) { first = i; firstValue = text; }
        }
    }

    private static bool IsFinite(float v) => (BitConverter.SingleToInt32Bits(v) & 0x7F800000) != 0x7F800000;

    private static bool HalfNonFinite(ushort h, bool bfloat)
    {
        int exp = bfloat ? 0x7F80 : 0x7C00;
        return (h & exp) == exp;
    }

    private static string DescribeHalf(ushort h, bool bfloat)
    {
        int mantissa = bfloat ? 0x007F : 0x03FF;
        if ((h & mantissa) != 0) return "NaN";
        return (h & 0x8000) != 0 ? "-Inf" : "+Inf";
    }

    private static string Describe(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";

    private static ModelContractException Fail(string source, string problem) => new ModelContractException(source, problem);
}
