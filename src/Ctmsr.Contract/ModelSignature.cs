using System.Collections.Generic;
using Onnx;

namespace Ctmsr.Contract;

/// <summary>
/// What a model's protobuf says about its interface: graph inputs (initializers excluded), outputs, metadata; and
/// the graph itself, for the checks that compare the metadata with what the graph does.
/// </summary>
internal sealed class ModelSignature
{
    public ModelSignature(ModelProto model, IReadOnlyList<ModelValue> inputs, IReadOnlyList<ModelValue> outputs, IReadOnlyDictionary<string, string> metadata)
    {
        Model = model;
        Inputs = inputs;
        Outputs = outputs;
        Metadata = metadata;
    }

    public IReadOnlyList<ModelValue> Inputs { get; }
    public IReadOnlyList<ModelValue> Outputs { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public ModelProto Model { get; }
    public GraphProto Graph => Model.Graph;
}
