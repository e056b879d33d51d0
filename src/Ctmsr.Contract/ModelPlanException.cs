using System;

namespace Ctmsr.Contract;

/// <summary>
/// A contract model whose graph is not the exporter's one-step conv net, so <see cref="ModelPlan.Read(byte[], string)"/>
/// cannot turn it into a plan of convolutions. <see cref="Problem"/> names the node, op or attribute.
/// </summary>
public sealed class ModelPlanException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelSource">Where the model came from.</param>
    /// <param name="problem">What the plan reader refused, e.g. "op 'Sigmoid' (node 'act') is not supported".</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelPlanException(string modelSource, string problem, Exception? innerException = null)
        : base($"model '{modelSource}' is not a plan of convolutions: {problem}", innerException)
    {
        ModelSource = modelSource;
        Problem = problem;
    }

    /// <summary>Where the model came from.</summary>
    public string ModelSource { get; }

    /// <summary>What the plan reader refused, without the source prefix.</summary>
    public string Problem { get; }
}
