using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;

namespace Ctmsr.Runtime.Tests.Contract;

/// <summary>
/// The entry point of this test assembly when it runs as a program (the test host never calls it): loads a model,
/// creates a context on one backend, upscales one frame, and prints every assembly the process has loaded, one per line.
/// <see cref="OnnxRuntimeFreeLoadTests"/> runs it in a fresh process, where nothing else has loaded ONNX Runtime yet.
/// </summary>
public static class OnnxRuntimeFreeProbe
{
    public const string Verb = "probe-loaded-assemblies";
    public const string VulkanUnavailable = "vulkan-unavailable";

    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != Verb)
        {
            Console.Error.WriteLine($"usage: Ctmsr.Runtime.Tests.dll {Verb} vulkan|cpu");
            return 2;
        }
        CtmsrModel model = CtmsrModel.Load(CtmsrGraphModels.Build(new CtmsrGraphSpec()), "probe");
        var backend = args[1] == "vulkan" ? UpscalerBackend.Vulkan : UpscalerBackend.Cpu;
        try
        {
            int s = model.Scale;
            using var context = UpscalerContext.Create(new UpscalerContextDescription
            {
                Model = model, RenderWidth = 8, RenderHeight = 8, DisplayWidth = 8 * s, DisplayHeight = 8 * s,
                Backend = backend, ThreadCount = 1, Log = _ => { },
            });
            var output = new byte[4 * 8 * s * 8 * s];
            context.Dispatch(new byte[4 * 8 * 8], 4 * 8, output, 4 * 8 * s);
        }
        catch (VulkanUnavailableException ex)
        {
            Console.WriteLine(VulkanUnavailable + ": " + ex.Message);
            return 0;
        }
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) Console.WriteLine(assembly.GetName().Name);
        return 0;
    }
}
