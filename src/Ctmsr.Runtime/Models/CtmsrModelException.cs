using System;

namespace Ctmsr.Runtime.Models;

/// <summary>
/// Thrown when a model cannot be read or does not follow the model contract. The message names the model's source
/// and the difference from the contract.
/// </summary>
public sealed class CtmsrModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelSource">The file path or description of where the model came from.</param>
    /// <param name="problem">What is wrong, e.g. "input 'lr' has 4 channels; the contract needs 3".</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public CtmsrModelException(string modelSource, string problem, Exception? innerException = null)
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
