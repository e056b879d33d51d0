using System;
using Ctmsr.Contract;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The compute pipelines of one plan on one device, built once per context: one per conv layer (first, body, last
/// in its two output forms), the display resample, and the noise kernel tests use. All share one descriptor set
/// layout (see <see cref="BindingType"/>) and one push-constant range.
/// </summary>
internal sealed unsafe class VulkanKernels : IDisposable
{
    public const int BindingCount = 9;

    /// <summary>The descriptor type of each binding (shaders/conv.comp): six storage buffers, the weights' uniform
    /// buffer, the input activations' and the input frame's texel buffers.</summary>
    public static DescriptorType BindingType(int binding) => binding switch
    {
        6 => DescriptorType.UniformBuffer,
        7 or 8 => DescriptorType.UniformTexelBuffer,
        _ => DescriptorType.StorageBuffer,
    };
    private const int SharedBudgetBytes = 32 * 1024;
    private readonly VulkanDevice _device;
    private bool _disposed;

    public VulkanKernels(VulkanDevice device, ModelPlan plan, bool fp16)
    {
        _device = device;
        Fp16 = fp16;
        Vk vk = device.Api;
        int layers = plan.Convs.Count;
        Layers = new Pipeline[layers];
        In4 = new int[layers];
        Out4 = new int[layers];
        Tiling = new ConvTiling[layers];
        int element = fp16 ? 8 : 16; // bytes of one 4-vector
        int budget = (int)Math.Min(device.MaxSharedMemoryBytes, SharedBudgetBytes);
        for (int i = 0; i < layers; i++)
        {
            In4[i] = (plan.Convs[i].InChannels + 3) / 4;
            Out4[i] = (plan.Convs[i].OutChannels + 3) / 4;
            Tiling[i] = ConvTiling.Choose(device, i == 0, i == layers - 1, In4[i], Out4[i], element, budget);
        }

        try
        {
            CreateLayouts(vk);
            // fp16 on a CPU driver: the variant with rolled loops (see shaders/conv.comp, CTMSR_ROLLED).
            string precision = fp16 ? (device.IsCpu ? "f16.rolled" : "f16") : "f32";
            byte[] first = SpirvLibrary.Load("conv.comp", "first." + precision);
            byte[] body = SpirvLibrary.Load("conv.comp", "body." + precision);
            byte[] last = SpirvLibrary.Load("conv.comp", "last." + precision);
            SeparateFeatures = !Tiling[0].SharedInput;
            if (SeparateFeatures)
                Features = Create(SpirvLibrary.Load("features.comp", fp16 ? "f16" : "f32"), In4[0], Out4[0], plan.Scale, ConvTiling.Plain, direct: false, "features");
            for (int i = 0; i < layers - 1; i++)
                Layers[i] = Create(i == 0 && !SeparateFeatures ? first : body, In4[i], Out4[i], plan.Scale, Tiling[i], direct: false, "conv layer " + i);
            int l = layers - 1;
            Layers[l] = Create(last, In4[l], Out4[l], plan.Scale, Tiling[l], direct: false, "last layer");
            LastDirect = Create(last, In4[l], Out4[l], plan.Scale, Tiling[l], direct: true, "last layer (direct output)");
            Resample = Create(SpirvLibrary.Load("resample.comp", "f32"), 1, 1, plan.Scale, ConvTiling.Plain, direct: false, "resample");
            Noise = Create(SpirvLibrary.Load("noise.comp", "f32"), 1, 1, plan.Scale, ConvTiling.Plain, direct: false, "noise");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public bool Fp16 { get; }
    public DescriptorSetLayout SetLayout { get; private set; }
    public PipelineLayout Layout { get; private set; }

    /// <summary>Per conv layer; the last entry writes the SR buffer.</summary>
    public Pipeline[] Layers { get; }
    public Pipeline LastDirect { get; private set; }

    /// <summary>
    /// True when features.comp writes the first layer's input features to a buffer and the first layer runs as a
    /// plain conv (<see cref="Features"/>); false when the first layer builds them in its tile.
    /// </summary>
    public bool SeparateFeatures { get; }
    public Pipeline Features { get; private set; }
    public Pipeline Resample { get; private set; }
    public Pipeline Noise { get; private set; }
    public int[] In4 { get; }
    public int[] Out4 { get; }

    /// <summary>Per conv layer: the workgroup shape and register blocking of its pipeline (see <see cref="ConvTiling"/>).</summary>
    public ConvTiling[] Tiling { get; }

    private void CreateLayouts(Vk vk)
    {
        var bindings = stackalloc DescriptorSetLayoutBinding[BindingCount];
        for (int b = 0; b < BindingCount; b++) bindings[b] = VulkanComputeObjects.ComputeBinding(b, BindingType(b));
        VulkanComputeObjects.CreateLayouts(_device, new ReadOnlySpan<DescriptorSetLayoutBinding>(bindings, BindingCount), KernelPush.Size, ShaderStageFlags.ComputeBit,
            "kernels", out DescriptorSetLayout setLayout, out PipelineLayout layout);
        SetLayout = setLayout;
        Layout = layout;
    }

    private Pipeline Create(byte[] spirv, int in4, int out4, int scale, ConvTiling t, bool direct, string what)
    {
        // The constant_id order of shaders/conv.comp; the other kernels declare only some (the rest are ignored).
        const int count = 11;
        var values = stackalloc int[count]
        {
            in4, out4, scale, t.Chunk4, direct ? 1 : 0, t.Pix, t.Lx, t.Ly, t.Og, t.UniformWeights ? 1 : 0, t.SharedInput ? 1 : 0,
        };
        var entries = stackalloc SpecializationMapEntry[count];
        for (int i = 0; i < count; i++)
            entries[i] = new SpecializationMapEntry { ConstantID = (uint)i, Offset = (uint)(4 * i), Size = 4 };
        var spec = new SpecializationInfo { MapEntryCount = count, PMapEntries = entries, DataSize = 4 * count, PData = values };
        return VulkanComputeObjects.CreatePipeline(_device, spirv, Layout, &spec, what);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk vk = _device.Api;
        foreach (Pipeline p in Layers)
            if (p.Handle != 0) vk.DestroyPipeline(_device.Device, p, null);
        if (LastDirect.Handle != 0) vk.DestroyPipeline(_device.Device, LastDirect, null);
        if (Features.Handle != 0) vk.DestroyPipeline(_device.Device, Features, null);
        if (Resample.Handle != 0) vk.DestroyPipeline(_device.Device, Resample, null);
        if (Noise.Handle != 0) vk.DestroyPipeline(_device.Device, Noise, null);
        if (Layout.Handle != 0) vk.DestroyPipelineLayout(_device.Device, Layout, null);
        if (SetLayout.Handle != 0) vk.DestroyDescriptorSetLayout(_device.Device, SetLayout, null);
    }
}
