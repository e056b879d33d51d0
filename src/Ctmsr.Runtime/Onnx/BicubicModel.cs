using System;
using System.Globalization;
using Google.Protobuf;
using Onnx;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Runtime.Onnx;

/// <summary>Writes the bicubic-only contract model behind <see cref="CtmsrModel.Bicubic"/>.</summary>
internal static class BicubicModel
{
    // Separable 4-tap cubic: 4 + 4 multiply-accumulates per channel, 3 channels.
    private const int MacPerPixel = 24;

    public static byte[] Build(int scale)
    {
        if (scale < ModelContract.MinScale || scale > ModelContract.MaxScale)
            throw new ArgumentOutOfRangeException(nameof(scale), scale,
                $"the contract allows scales {ModelContract.MinScale} to {ModelContract.MaxScale}");
        var g = new GraphProto { Name = "ctmsr_bicubic" };
        g.Input.Add(OnnxProto.Tensor4(ModelContract.LowResInput, OnnxProto.Float, 1, ModelContract.Channels, "h", "w"));
        g.Input.Add(OnnxProto.Tensor4(ModelContract.NoiseInput, OnnxProto.Float, 1, ModelContract.Channels, "sh", "sw"));
        g.Output.Add(OnnxProto.Tensor4(ModelContract.Output, OnnxProto.Float, 1, ModelContract.Channels, "sh", "sw"));
        g.Initializer.Add(OnnxProto.FloatConstant("scales", new long[] { 4 }, 1f, 1f, scale, scale));
        g.Initializer.Add(OnnxProto.FloatConstant("zero", Array.Empty<long>(), 0f));
        g.Initializer.Add(OnnxProto.FloatConstant("one", Array.Empty<long>(), 1f));
        g.Node.Add(OnnxProto.Node("Resize", "up", ModelContract.LowResInput, "", "scales")
            .With("mode", "cubic").With("cubic_coeff_a", -0.75f).With("coordinate_transformation_mode", "half_pixel"));
        g.Node.Add(OnnxProto.Node("Clip", ModelContract.Output, "up", "zero", "one"));

        ModelProto model = OnnxProto.Model(g, "ctmsr-runtime bicubic baseline");
        Add(model, ModelContract.FormatKey, ModelContract.FormatVersion.ToString(CultureInfo.InvariantCulture));
        Add(model, ModelContract.ScaleKey, scale.ToString(CultureInfo.InvariantCulture));
        Add(model, ModelContract.SigmaMaxKey, "0");
        Add(model, ModelContract.PresetKey, "bicubic");
        Add(model, ModelContract.MacPerPixelKey, MacPerPixel.ToString(CultureInfo.InvariantCulture));
        return model.ToByteArray();
    }

    private static void Add(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
