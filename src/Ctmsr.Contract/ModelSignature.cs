using System.Collections.Generic;
using Onnx;

namespace Ctmsr.Runtime.Models
{
    /// <summary>
    /// What a model's protobuf says about its interface: graph inputs (initializers excluded), outputs, metadata; and
    /// the graph itself, for the checks that compare the metadata with what the graph does.
    /// </summary>
    internal sealed class ModelSignature
    {
        public ModelSignature(IReadOnlyList<ModelValue> inputs, IReadOnlyList<ModelValue> outputs, IReadOnlyDictionary<string, string> metadata, GraphProto graph)
        {
            Graph = graph;
            Inputs = inputs;
            Outputs = outputs;
            Metadata = metadata;
        }

        public IReadOnlyList<ModelValue> Inputs { get; }
        public IReadOnlyList<ModelValue> Outputs { get; }
        public IReadOnlyDictionary<string, string> Metadata { get; }
        public GraphProto Graph { get; }
    }
}
