using System;
using System.Runtime.InteropServices;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

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
            p = CreateCommandPool(device, what);
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

    /// <summary>A command pool on the device's queue family whose command buffers can be reset one by one.</summary>
    public static CommandPool CreateCommandPool(VulkanDevice device, string? what)
    {
        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
            QueueFamilyIndex = device.QueueFamily,
        };
        CommandPool pool;
        VkCheck.Ok(device.Api.CreateCommandPool(device.Device, &poolInfo, null, &pool), "vkCreateCommandPool" + (what == null ? "" : " (" + what + ")"));
        return pool;
    }

    /// <summary>
    /// The descriptor set layout of set 0 with <paramref name="bindings"/> and a pipeline layout over it with
    /// <paramref name="pushBytes"/> of push constants for <paramref name="pushStages"/> (none when 0). Nothing is left
    /// behind when a call fails.
    /// </summary>
    public static void CreateLayouts(VulkanDevice device, ReadOnlySpan<DescriptorSetLayoutBinding> bindings, uint pushBytes, ShaderStageFlags pushStages,
        string what, out DescriptorSetLayout setLayout, out PipelineLayout layout)
    {
        Vk vk = device.Api;
        DescriptorSetLayout set;
        fixed (DescriptorSetLayoutBinding* b = bindings)
        {
            var setInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = (uint)bindings.Length, PBindings = b };
            VkCheck.Ok(vk.CreateDescriptorSetLayout(device.Device, &setInfo, null, &set), "vkCreateDescriptorSetLayout (" + what + ")");
        }
        var range = new PushConstantRange { StageFlags = pushStages, Offset = 0, Size = pushBytes };
        var layoutInfo = new PipelineLayoutCreateInfo
        {
            SType = StructureType.PipelineLayoutCreateInfo,
            SetLayoutCount = 1,
            PSetLayouts = &set,
            PushConstantRangeCount = pushBytes > 0 ? 1u : 0u,
            PPushConstantRanges = &range,
        };
        PipelineLayout pl;
        Result r = vk.CreatePipelineLayout(device.Device, &layoutInfo, null, &pl);
        if (r != Result.Success)
        {
            vk.DestroyDescriptorSetLayout(device.Device, set, null);
            VkCheck.Throw(r, "vkCreatePipelineLayout (" + what + ")");
        }
        setLayout = set;
        layout = pl;
    }

    /// <summary>One descriptor of <paramref name="type"/> at <paramref name="binding"/> for compute shaders.</summary>
    public static DescriptorSetLayoutBinding ComputeBinding(int binding, DescriptorType type) =>
        new DescriptorSetLayoutBinding { Binding = (uint)binding, DescriptorType = type, DescriptorCount = 1, StageFlags = ShaderStageFlags.ComputeBit };

    /// <summary>
    /// <see cref="CreateLayouts"/> for compute kernels over <paramref name="bufferCount"/> storage buffers
    /// (bindings 0..n-1 of set 0).
    /// </summary>
    public static void CreateStorageLayouts(VulkanDevice device, int bufferCount, uint pushBytes, string what,
        out DescriptorSetLayout setLayout, out PipelineLayout layout)
    {
        var bindings = stackalloc DescriptorSetLayoutBinding[Math.Max(1, bufferCount)];
        for (int i = 0; i < bufferCount; i++) bindings[i] = ComputeBinding(i, DescriptorType.StorageBuffer);
        CreateLayouts(device, new ReadOnlySpan<DescriptorSetLayoutBinding>(bindings, bufferCount), pushBytes, ShaderStageFlags.ComputeBit, what, out setLayout, out layout);
    }

    /// <summary>A descriptor pool for <paramref name="maxSets"/> sets of up to <paramref name="buffersPerSet"/> storage buffers.</summary>
    public static DescriptorPool CreateStoragePool(VulkanDevice device, uint maxSets, uint buffersPerSet, bool freeable, string what)
    {
        var size = new DescriptorPoolSize { Type = DescriptorType.StorageBuffer, DescriptorCount = maxSets * buffersPerSet };
        var info = new DescriptorPoolCreateInfo
        {
            SType = StructureType.DescriptorPoolCreateInfo,
            Flags = freeable ? DescriptorPoolCreateFlags.FreeDescriptorSetBit : 0,
            MaxSets = maxSets,
            PoolSizeCount = 1,
            PPoolSizes = &size,
        };
        DescriptorPool pool;
        VkCheck.Ok(device.Api.CreateDescriptorPool(device.Device, &info, null, &pool), "vkCreateDescriptorPool (" + what + ")");
        return pool;
    }

    /// <summary>A descriptor set of <paramref name="setLayout"/> from <paramref name="pool"/> binding <paramref name="buffers"/> (whole) to bindings 0..n-1.</summary>
    public static DescriptorSet BindStorage(VulkanDevice device, DescriptorPool pool, DescriptorSetLayout setLayout, VulkanBuffer[] buffers, string what)
    {
        Vk vk = device.Api;
        var ai = new DescriptorSetAllocateInfo
        {
            SType = StructureType.DescriptorSetAllocateInfo,
            DescriptorPool = pool,
            DescriptorSetCount = 1,
            PSetLayouts = &setLayout,
        };
        DescriptorSet set;
        VkCheck.Ok(vk.AllocateDescriptorSets(device.Device, &ai, &set), "vkAllocateDescriptorSets (" + what + ")");
        var infos = stackalloc DescriptorBufferInfo[Math.Max(1, buffers.Length)];
        var writes = stackalloc WriteDescriptorSet[Math.Max(1, buffers.Length)];
        for (int i = 0; i < buffers.Length; i++)
        {
            infos[i] = new DescriptorBufferInfo { Buffer = buffers[i].Buffer, Offset = 0, Range = Vk.WholeSize };
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = DescriptorType.StorageBuffer,
                PBufferInfo = &infos[i],
            };
        }
        vk.UpdateDescriptorSets(device.Device, (uint)buffers.Length, writes, 0, null);
        return set;
    }

    /// <summary>
    /// Records a compute dispatch: binds <paramref name="pipeline"/> and <paramref name="set"/>, pushes
    /// <paramref name="push"/> (<paramref name="pushBytes"/> of it) and dispatches x * y * z groups.
    /// </summary>
    public static void Dispatch<T>(VulkanDevice device, CommandBuffer cmd, Pipeline pipeline, PipelineLayout layout, DescriptorSet set,
        in T push, uint pushBytes, uint x, uint y, uint z) where T : unmanaged
    {
        Vk vk = device.Api;
        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, pipeline);
        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, layout, 0, 1, &set, 0, null);
        fixed (T* p = &push) vk.CmdPushConstants(cmd, layout, ShaderStageFlags.ComputeBit, 0, pushBytes, p);
        vk.CmdDispatch(cmd, x, y, z);
    }

    /// <summary>A full memory barrier between all earlier and all later commands.</summary>
    public static void FullBarrier(VulkanDevice device, CommandBuffer cmd)
    {
        var b = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.MemoryWriteBit,
            DstAccessMask = AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit,
        };
        device.Api.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.AllCommandsBit, 0, 1, &b, 0, null, 0, null);
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
