using System;
using System.Runtime.InteropServices;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan
{
    /// <summary>
    /// The compute pipelines of one plan on one device, built once per context: one per conv layer (first, body, last
    /// in its two output forms), the display resample, and the noise kernel tests use. All share one descriptor set
    /// layout (six storage buffers, see shaders/conv.comp) and one push-constant range.
    /// </summary>
    internal sealed unsafe class VulkanKernels : IDisposable
    {
        public const int BindingCount = 6;
        private const int SharedBudgetBytes = 32 * 1024;
        private const int MaxAccumulatorVectors = 32; // 4-vectors of sums per invocation: beyond this, GPUs spill
        private readonly VulkanDevice _device;
        private bool _disposed;

        public VulkanKernels(VulkanDevice device, VulkanModelPlan plan, bool fp16)
        {
            _device = device;
            Fp16 = fp16;
            Vk vk = device.Api;
            int layers = plan.Convs.Count;
            Layers = new Pipeline[layers];
            In4 = new int[layers];
            Out4 = new int[layers];
            Chunk4 = new int[layers];
            Pix = new int[layers];
            int element = fp16 ? 8 : 16; // bytes of one 4-vector
            int budget = (int)Math.Min(device.MaxSharedMemoryBytes, SharedBudgetBytes);
            for (int i = 0; i < layers; i++)
            {
                In4[i] = (plan.Convs[i].InChannels + 3) / 4;
                Out4[i] = (plan.Convs[i].OutChannels + 3) / 4;
                // Outputs per invocation: as many as the accumulators allow (each weight load then serves that many pixels).
                int pix = 4;
                while (pix > 1 && Out4[i] * pix > MaxAccumulatorVectors) pix /= 2;
                if (i == 0)
                {
                    // The first layer builds its features once per tile, so all its input channels must fit.
                    while (pix > 1 && TileBytes(pix, In4[i], element) > budget) pix /= 2;
                    int bytes = TileBytes(pix, In4[i], element);
                    if (bytes > device.MaxSharedMemoryBytes)
                        throw new VulkanUnavailableException(
                            $"the first layer's input tile needs {bytes} bytes of shared memory; {device.Name} has {device.MaxSharedMemoryBytes}");
                    Chunk4[i] = In4[i];
                }
                else
                {
                    while (pix > 1 && TileBytes(pix, 1, element) > budget) pix /= 2;
                    int chunk = 1;
                    for (int c = In4[i]; c >= 1; c--)
                        if (In4[i] % c == 0 && TileBytes(pix, c, element) <= budget) { chunk = c; break; }
                    Chunk4[i] = chunk;
                }
                Pix[i] = pix;
            }

            try
            {
                CreateLayouts(vk);
                string precision = fp16 ? "f16" : "f32";
                byte[] first = SpirvLibrary.Load("conv.comp", "first." + precision);
                byte[] body = SpirvLibrary.Load("conv.comp", "body." + precision);
                byte[] last = SpirvLibrary.Load("conv.comp", "last." + precision);
                for (int i = 0; i < layers - 1; i++)
                    Layers[i] = Create(i == 0 ? first : body, In4[i], Out4[i], plan.Scale, Chunk4[i], Pix[i], direct: false, "conv layer " + i);
                int l = layers - 1;
                Layers[l] = Create(last, In4[l], Out4[l], plan.Scale, Chunk4[l], Pix[l], direct: false, "last layer");
                LastDirect = Create(last, In4[l], Out4[l], plan.Scale, Chunk4[l], Pix[l], direct: true, "last layer (direct output)");
                Resample = Create(SpirvLibrary.Load("resample.comp", "f32"), 1, 1, plan.Scale, 1, 1, direct: false, "resample");
                Noise = Create(SpirvLibrary.Load("noise.comp", "f32"), 1, 1, plan.Scale, 1, 1, direct: false, "noise");
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
        public Pipeline Resample { get; private set; }
        public Pipeline Noise { get; private set; }
        public int[] In4 { get; }
        public int[] Out4 { get; }
        public int[] Chunk4 { get; }

        /// <summary>Per conv layer: outputs per invocation along x; a workgroup covers (8 Pix) x 8 LR pixels.</summary>
        public int[] Pix { get; }

        /// <summary>Shared memory of one input tile: (8 pix + 2) x 10 positions x chunk4 4-vectors.</summary>
        private static int TileBytes(int pix, int chunk4, int element) => (8 * pix + 2) * 10 * chunk4 * element;

        private void CreateLayouts(Vk vk)
        {
            var bindings = stackalloc DescriptorSetLayoutBinding[BindingCount];
            for (int b = 0; b < BindingCount; b++)
                bindings[b] = new DescriptorSetLayoutBinding
                {
                    Binding = (uint)b,
                    DescriptorType = DescriptorType.StorageBuffer,
                    DescriptorCount = 1,
                    StageFlags = ShaderStageFlags.ComputeBit,
                };
            var setInfo = new DescriptorSetLayoutCreateInfo
            {
                SType = StructureType.DescriptorSetLayoutCreateInfo,
                BindingCount = BindingCount,
                PBindings = bindings,
            };
            DescriptorSetLayout setLayout;
            VkCheck.Ok(vk.CreateDescriptorSetLayout(_device.Device, &setInfo, null, &setLayout), "vkCreateDescriptorSetLayout");
            SetLayout = setLayout;
            var range = new PushConstantRange { StageFlags = ShaderStageFlags.ComputeBit, Offset = 0, Size = KernelPush.Size };
            var layoutInfo = new PipelineLayoutCreateInfo
            {
                SType = StructureType.PipelineLayoutCreateInfo,
                SetLayoutCount = 1,
                PSetLayouts = &setLayout,
                PushConstantRangeCount = 1,
                PPushConstantRanges = &range,
            };
            PipelineLayout layout;
            VkCheck.Ok(vk.CreatePipelineLayout(_device.Device, &layoutInfo, null, &layout), "vkCreatePipelineLayout");
            Layout = layout;
        }

        private Pipeline Create(byte[] spirv, int in4, int out4, int scale, int chunk4, int pix, bool direct, string what)
        {
            Vk vk = _device.Api;
            ShaderModule module;
            fixed (byte* code = spirv)
            {
                var info = new ShaderModuleCreateInfo
                {
                    SType = StructureType.ShaderModuleCreateInfo,
                    CodeSize = (nuint)spirv.Length,
                    PCode = (uint*)code,
                };
                VkCheck.Ok(vk.CreateShaderModule(_device.Device, &info, null, &module), "vkCreateShaderModule (" + what + ")");
            }
            try
            {
                var values = stackalloc int[6] { in4, out4, scale, chunk4, direct ? 1 : 0, pix };
                var entries = stackalloc SpecializationMapEntry[6];
                for (int i = 0; i < 6; i++)
                    entries[i] = new SpecializationMapEntry { ConstantID = (uint)i, Offset = (uint)(4 * i), Size = 4 };
                var spec = new SpecializationInfo { MapEntryCount = 6, PMapEntries = entries, DataSize = 24, PData = values };
                IntPtr entry = Marshal.StringToHGlobalAnsi("main");
                try
                {
                    var info = new ComputePipelineCreateInfo
                    {
                        SType = StructureType.ComputePipelineCreateInfo,
                        Stage = new PipelineShaderStageCreateInfo
                        {
                            SType = StructureType.PipelineShaderStageCreateInfo,
                            Stage = ShaderStageFlags.ComputeBit,
                            Module = module,
                            PName = (byte*)entry,
                            PSpecializationInfo = &spec,
                        },
                        Layout = Layout,
                    };
                    Pipeline pipeline;
                    VkCheck.Ok(vk.CreateComputePipelines(_device.Device, default, 1, &info, null, &pipeline), "vkCreateComputePipelines (" + what + ")");
                    return pipeline;
                }
                finally
                {
                    Marshal.FreeHGlobal(entry);
                }
            }
            finally
            {
                vk.DestroyShaderModule(_device.Device, module, null);
            }
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Vk vk = _device.Api;
            foreach (Pipeline p in Layers)
                if (p.Handle != 0) vk.DestroyPipeline(_device.Device, p, null);
            if (LastDirect.Handle != 0) vk.DestroyPipeline(_device.Device, LastDirect, null);
            if (Resample.Handle != 0) vk.DestroyPipeline(_device.Device, Resample, null);
            if (Noise.Handle != 0) vk.DestroyPipeline(_device.Device, Noise, null);
            if (Layout.Handle != 0) vk.DestroyPipelineLayout(_device.Device, Layout, null);
            if (SetLayout.Handle != 0) vk.DestroyDescriptorSetLayout(_device.Device, SetLayout, null);
        }
    }
}
