using System;

namespace Ctmsr.Contract;

/// <summary>
/// A model that cannot be read as ONNX or does not follow the model contract. The message names the model's source
/// and the difference, e.g. "model 'x.onnx': input 'lr' has 4 channels; the contract needs 3".
/// </summary>
public sealed class ModelContractException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelSource">The file path or description of where the model came from.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelContractException(string modelSource, string problem, Exception? innerException = null)
        : base($"model '{modelSource}': {problem}", innerException)
    {
        ModelSource = modelSource;
        Problem = problem;
    }

    /// <summary>The file path or description of where the model came from.</summary>
    public string ModelSource { get; }

    /// <summary>What is wrong, without the source prefix.</summary>
    public string Problem { get; }
}
