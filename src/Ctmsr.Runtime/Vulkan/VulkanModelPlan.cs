using Ctmsr.Contract;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The Vulkan backend's view of the contract's plan reader (<see cref="ModelPlan"/>): a graph the reader refuses
/// makes the backend unavailable, so <see cref="UpscalerBackend.Auto"/> falls back to ONNX Runtime.
/// </summary>
internal static class VulkanModelPlan
{
    /// <summary>Reads the dispatch plan of a contract model.</summary>
    /// <exception cref="VulkanUnavailableException">An op, attribute or structure the Vulkan kernels do not implement.</exception>
    public static ModelPlan Read(byte[] modelBytes, string source)
    {
        try
        {
            return ModelPlan.Read(modelBytes, source);
        }
        catch (ModelPlanException ex)
        {
            throw new VulkanUnavailableException($"the Vulkan backend cannot compile {source}: {ex.Problem}", ex);
        }
    }
}
