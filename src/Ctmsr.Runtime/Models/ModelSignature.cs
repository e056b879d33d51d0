using System.Collections.Generic;

namespace Ctmsr.Runtime.Models
{
    /// <summary>What a model's protobuf says about its interface: graph inputs (initializers excluded), outputs, metadata.</summary>
    internal sealed class ModelSignature
    {
        public ModelSignature(IReadOnlyList<ModelValue> inputs, IReadOnlyList<ModelValue> outputs, IReadOnlyDictionary<string, string> metadata)
        {
            Inputs = inputs;
            Outputs = outputs;
            Metadata = metadata;
        }

        public IReadOnlyList<ModelValue> Inputs { get; }
        public IReadOnlyList<ModelValue> Outputs { get; }
        public IReadOnlyDictionary<string, string> Metadata { get; }
    }
}
