using System.Collections.Generic;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>
/// What <see cref="ModelContractChecker"/> learned about a model that follows the contract: the metadata's values, parsed,
/// and the ONNX facts it checked. Optional metadata is null when absent (possible only at <see cref="ContractStage.Load"/>).
/// </summary>
public sealed class ModelFacts
{
    internal ModelFacts(string source, ModelProto model, int scale, float sigmaMax, string? preset, double? macPerPixel,
        string? trainingSummary, IReadOnlyDictionary<string, string> metadata)
    {
        Source = source;
        Model = model;
        Scale = scale;
        SigmaMax = sigmaMax;
        Preset = preset;
        MacPerPixel = macPerPixel;
        TrainingSummary = trainingSummary;
        Metadata = metadata;
    }

    /// <summary>Where the model came from, as named in messages.</summary>
    public string Source { get; }

    /// <summary>The checked ONNX model (parsed protobuf; the caller must not change it).</summary>
    public ModelProto Model { get; }

    /// <summary>The integer scale s (<see cref="ModelContract.ScaleKey"/>).</summary>
    public int Scale { get; }

    /// <summary>The trajectory's noise level (<see cref="ModelContract.SigmaMaxKey"/>).</summary>
    public float SigmaMax { get; }

    /// <summary>The network preset (<see cref="ModelContract.PresetKey"/>), or null when absent.</summary>
    public string? Preset { get; }

    /// <summary>Multiply-accumulates per output pixel (<see cref="ModelContract.MacPerPixelKey"/>), or null when absent.</summary>
    public double? MacPerPixel { get; }

    /// <summary>The JSON training summary (<see cref="ModelContract.TrainingKey"/>), or null when absent.</summary>
    public string? TrainingSummary { get; }

    /// <summary>The default domain's operator set version (always <see cref="ModelContract.OpsetVersion"/>).</summary>
    public long OpsetVersion => ModelContract.OpsetVersion;

    /// <summary>The model's ONNX IR version.</summary>
    public long IrVersion => Model.IrVersion;

    /// <summary>All custom metadata of the model, as read.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
