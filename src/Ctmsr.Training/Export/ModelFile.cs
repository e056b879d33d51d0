using Ctmsr.Contract;
using Onnx;

namespace Ctmsr.Training.Export;

/// <summary>
/// The trainer's door to <see cref="ModelContractChecker"/>: reads a model file (or takes a built model) and checks it,
/// turning a contract difference into the <see cref="InvalidDataException"/> the CLI reports as a user error.
/// </summary>
public static class ModelFile
{
    /// <summary>Reads and checks a model file as a loader would (<see cref="ContractStage.Load"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not ONNX or breaks the contract; the message names the file.</exception>
    public static ModelFacts Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"model file '{path}' does not exist", path);
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return ModelContractChecker.Check(bytes, path, ContractStage.Load);
        }
        catch (ModelContractException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>
    /// Checks a built model at <paramref name="stage"/>; at <see cref="ContractStage.Export"/> the conv-plan reader
    /// must also read it, so the trainer never writes a model the runtime's Vulkan backend cannot run.
    /// </summary>
    /// <exception cref="InvalidDataException">The model breaks the contract (or, at export, is not a conv plan).</exception>
    public static ModelFacts Check(ModelProto model, string what, ContractStage stage)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            ModelFacts facts = ModelContractChecker.Check(model, what, stage);
            if (stage == ContractStage.Export) ModelPlan.Read(model, what);
            return facts;
        }
        catch (ModelContractException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        catch (ModelPlanException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }
}
