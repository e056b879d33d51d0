using System;
using System.Runtime.InteropServices;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan
{
    /// <summary>
    /// The Vulkan objects every compute user of the runtime creates the same way (the frame backend, its kernels, the
    /// calibration probe): one place for their create calls, their error names and their clean-up on failure.
    /// </summary>
    internal static unsafe class VulkanComputeObjects
    {
        /// <summary>
        /// A resettable command pool on the device's queue family with one primary command buffer, and an unsignalled
        /// fence. Nothing is left behind when a call fails. <paramref name="what"/> (may be null) names the owner in errors.
        /// </summary>
        public static void CreateCommands(VulkanDevice device, string? what, out CommandPool pool, out CommandBuffer cmd, out Fence fence)
        {
            Vk vk = device.Api;
            string suffix = what == null ? "" : " (" + what + ")";
            CommandPool p = default;
            Fence f = default;
            try
            {
                var poolInfo = new CommandPoolCreateInfo
                {
                    SType = StructureType.CommandPoolCreateInfo,
                    Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
                    QueueFamilyIndex = device.QueueFamily,
                };
                VkCheck.Ok(vk.CreateCommandPool(device.Device, &poolInfo, null, &p), "vkCreateCommandPool" + suffix);
                var alloc = new CommandBufferAllocateInfo
                {
                    SType = StructureType.CommandBufferAllocateInfo,
                    CommandPool = p,
                    Level = CommandBufferLevel.Primary,
                    CommandBufferCount = 1,
                };
                CommandBuffer c;
                VkCheck.Ok(vk.AllocateCommandBuffers(device.Device, &alloc, &c), "vkAllocateCommandBuffers" + suffix);
                var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo };
                VkCheck.Ok(vk.CreateFence(device.Device, &fenceInfo, null, &f), "vkCreateFence" + suffix);
                pool = p;
                cmd = c;
                fence = f;
            }
            catch
            {
                if (f.Handle != 0) vk.DestroyFence(device.Device, f, null);
                if (p.Handle != 0) vk.DestroyCommandPool(device.Device, p, null); // frees its command buffer too
                throw;
            }
        }

        /// <summary>
        /// A compute pipeline from <paramref name="spirv"/> (entry point "main") on <paramref name="layout"/>, with the
        /// given specialization constants (null: none); the shader module is destroyed once the pipeline exists.
        /// </summary>
        public static Pipeline CreatePipeline(VulkanDevice device, byte[] spirv, PipelineLayout layout, SpecializationInfo* specialization, string what)
        {
            Vk vk = device.Api;
            ShaderModule module;
            fixed (byte* code = spirv)
            {
                var info = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)spirv.Length, PCode = (uint*)code };
                VkCheck.Ok(vk.CreateShaderModule(device.Device, &info, null, &module), "vkCreateShaderModule (" + what + ")");
            }
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
                        PSpecializationInfo = specialization,
                    },
                    Layout = layout,
                };
                Pipeline pipeline;
                VkCheck.Ok(vk.CreateComputePipelines(device.Device, default, 1, &info, null, &pipeline), "vkCreateComputePipelines (" + what + ")");
                return pipeline;
            }
            finally
            {
                Marshal.FreeHGlobal(entry);
                vk.DestroyShaderModule(device.Device, module, null);
            }
        }
    }
}
