using System;
using System.Collections.Generic;
using System.Diagnostics;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// Runs and times small compute kernels on a <see cref="VulkanDevice"/> (the calibration kernels, and the bench's
/// reference shaders): pipelines from SPIR-V over N storage buffers and a push-constant block, one command buffer, a
/// fence, and timestamp queries. Does not own the device.
/// </summary>
/// <remarks>
/// Every timestamp is taken as the runtime's backend takes them: after a barrier over all earlier work, at the stage
/// that did it, and followed by a barrier. Lavapipe stamps a timestamp when it next flushes its command stream and
/// runs dispatches at once, so without the barriers both stamps land after the work.
/// </remarks>
internal sealed unsafe class VulkanComputeProbe : IDisposable
{
    public const uint MaxStamps = 16;
    private const uint MaxSets = 16;
    private const ulong FenceTimeoutNs = 120_000_000_000;
    private readonly VulkanDevice _device;
    private readonly List<Program> _programs = new List<Program>();
    private readonly ulong _mask;
    private CommandPool _pool;
    private CommandBuffer _cmd;
    private Fence _fence;
    private QueryPool _queries;
    private DescriptorPool _descriptors;
    private long _lastSubmitTicks;
    private bool _disposed;

    public VulkanComputeProbe(VulkanDevice device)
    {
        _device = device;
        Vk vk = device.Api;
        try
        {
            VulkanComputeObjects.CreateCommands(device, "probe", out _pool, out _cmd, out _fence);
            _descriptors = VulkanComputeObjects.CreateStoragePool(device, MaxSets, 4, freeable: false, "probe");
            if (device.SupportsTimestamps)
            {
                var qInfo = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = MaxStamps };
                QueryPool qp;
                VkCheck.Ok(vk.CreateQueryPool(device.Device, &qInfo, null, &qp), "vkCreateQueryPool (probe)");
                _queries = qp;
                _mask = device.TimestampValidBits >= 64 ? ulong.MaxValue : (1UL << (int)device.TimestampValidBits) - 1;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public VulkanDevice Device => _device;

    /// <summary>True when the queue has timestamp queries; otherwise <see cref="Milliseconds"/> is NaN and callers use <see cref="LastSubmitMilliseconds"/>.</summary>
    public bool HasTimestamps => _queries.Handle != 0;

    /// <summary>A compute pipeline with its layouts; destroyed with the probe.</summary>
    public sealed class Program
    {
        internal Program(DescriptorSetLayout setLayout, PipelineLayout layout, int bufferCount, uint pushBytes, string name)
        {
            SetLayout = setLayout;
            Layout = layout;
            BufferCount = bufferCount;
            PushBytes = pushBytes;
            Name = name;
        }

        public DescriptorSetLayout SetLayout { get; }
        public PipelineLayout Layout { get; }
        public Pipeline Pipeline { get; internal set; }
        public int BufferCount { get; }
        public uint PushBytes { get; }
        public string Name { get; }
    }

    /// <summary>A pipeline over <paramref name="bufferCount"/> storage buffers (bindings 0..n-1) and <paramref name="pushBytes"/> of push constants.</summary>
    public Program CreateProgram(byte[] spirv, int bufferCount, uint pushBytes, string name)
    {
        VulkanComputeObjects.CreateStorageLayouts(_device, bufferCount, pushBytes, name, out DescriptorSetLayout setLayout, out PipelineLayout layout);
        var program = new Program(setLayout, layout, bufferCount, pushBytes, name);
        _programs.Add(program); // destroyed with the probe, even when the pipeline below fails

        program.Pipeline = VulkanComputeObjects.CreatePipeline(_device, spirv, layout, null, name);
        return program;
    }

    /// <summary>A descriptor set binding <paramref name="buffers"/> to bindings 0..n-1 of <paramref name="program"/>.</summary>
    public DescriptorSet Bind(Program program, params VulkanBuffer[] buffers)
    {
        if (buffers.Length != program.BufferCount)
            throw new ArgumentException($"{program.Name} binds {program.BufferCount} buffers; got {buffers.Length}", nameof(buffers));
        return VulkanComputeObjects.BindStorage(_device, _descriptors, program.SetLayout, buffers, program.Name);
    }

    /// <summary>Starts recording the probe's command buffer (its timestamps reset); end with <see cref="End"/>.</summary>
    public CommandBuffer Begin()
    {
        Vk vk = _device.Api;
        VkCheck.Ok(vk.ResetCommandBuffer(_cmd, 0), "vkResetCommandBuffer (probe)");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo };
        VkCheck.Ok(vk.BeginCommandBuffer(_cmd, &begin), "vkBeginCommandBuffer (probe)");
        if (HasTimestamps) vk.CmdResetQueryPool(_cmd, _queries, 0, MaxStamps);
        return _cmd;
    }

    public void End(CommandBuffer cmd) => VkCheck.Ok(_device.Api.EndCommandBuffer(cmd), "vkEndCommandBuffer (probe)");

    /// <summary>A full memory barrier between all earlier and all later commands.</summary>
    public void Barrier(CommandBuffer cmd) => VulkanComputeObjects.FullBarrier(_device, cmd);

    /// <summary>Makes every earlier write visible to the host (before it reads a host-visible buffer after the fence).</summary>
    public void HostReadBarrier(CommandBuffer cmd)
    {
        var b = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.MemoryWriteBit, DstAccessMask = AccessFlags.HostReadBit };
        _device.Api.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.HostBit, 0, 1, &b, 0, null, 0, null);
    }

    /// <summary>
    /// Timestamp <paramref name="slot"/> once all earlier work has finished <paramref name="stage"/>
    /// (<see cref="PipelineStageFlags.TopOfPipeBit"/> for a start stamp); a no-op without timestamps.
    /// </summary>
    public void Stamp(CommandBuffer cmd, uint slot, PipelineStageFlags stage)
    {
        if (!HasTimestamps) return;
        if (slot >= MaxStamps) throw new ArgumentOutOfRangeException(nameof(slot), slot, $"the probe has {MaxStamps} timestamps");
        Barrier(cmd);
        _device.Api.CmdWriteTimestamp(cmd, stage, _queries, slot);
        Barrier(cmd);
    }

    public void Dispatch<T>(CommandBuffer cmd, Program program, DescriptorSet set, in T push, uint x, uint y = 1, uint z = 1) where T : unmanaged
    {
        if ((uint)sizeof(T) != program.PushBytes)
            throw new ArgumentException($"{program.Name} takes {program.PushBytes} push-constant bytes; got {sizeof(T)}", nameof(push));
        VulkanComputeObjects.Dispatch(_device, cmd, program.Pipeline, program.Layout, set, push, program.PushBytes, x, y, z);
    }

    public void Copy(CommandBuffer cmd, VulkanBuffer src, VulkanBuffer dst, ulong bytes)
    {
        var region = new BufferCopy { SrcOffset = 0, DstOffset = 0, Size = bytes };
        _device.Api.CmdCopyBuffer(cmd, src.Buffer, dst.Buffer, 1, &region);
    }

    public void Fill(CommandBuffer cmd, VulkanBuffer buffer, uint value) =>
        _device.Api.CmdFillBuffer(cmd, buffer.Buffer, 0, Vk.WholeSize, value);

    /// <summary>Submits the recorded command buffer and waits for it; <see cref="LastSubmitMilliseconds"/> is its host wall time.</summary>
    public void SubmitAndWait()
    {
        Vk vk = _device.Api;
        CommandBuffer cmd = _cmd;
        Fence fence = _fence;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        long start = Stopwatch.GetTimestamp();
        VkCheck.Ok(vk.QueueSubmit(_device.Queue, 1, &submit, fence), "vkQueueSubmit (probe)");
        VkCheck.Ok(vk.WaitForFences(_device.Device, 1, &fence, true, FenceTimeoutNs), "vkWaitForFences (probe)");
        _lastSubmitTicks = Stopwatch.GetTimestamp() - start;
        VkCheck.Ok(vk.ResetFences(_device.Device, 1, &fence), "vkResetFences (probe)");
    }

    /// <summary>The host wall time of the last <see cref="SubmitAndWait"/>, submit to fence, in milliseconds.</summary>
    public double LastSubmitMilliseconds => _lastSubmitTicks * 1000.0 / Stopwatch.Frequency;

    /// <summary>The GPU time between two stamps of the last submission, in milliseconds; NaN without timestamps.</summary>
    public double Milliseconds(uint from, uint to)
    {
        if (!HasTimestamps) return double.NaN;
        if (from >= MaxStamps || to >= MaxStamps) throw new ArgumentOutOfRangeException(nameof(to), to, $"the probe has {MaxStamps} timestamps");
        uint first = Math.Min(from, to), count = Math.Max(from, to) - first + 1;
        ulong* t = stackalloc ulong[(int)count];
        VkCheck.Ok(_device.Api.GetQueryPoolResults(_device.Device, _queries, first, count, count * sizeof(ulong), t, sizeof(ulong),
            QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit), "vkGetQueryPoolResults (probe)");
        ulong a = t[from - first], b = t[to - first];
        return ((b - a) & _mask) * (double)_device.TimestampPeriodNs / 1e6;
    }

    /// <summary>GPU time between two stamps where the queue has timestamps, else the host time of the submission.</summary>
    public double MillisecondsOrHost(uint from, uint to) => HasTimestamps ? Milliseconds(from, to) : LastSubmitMilliseconds;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk vk = _device.Api;
        Device d = _device.Device;
        vk.QueueWaitIdle(_device.Queue); // best effort: nothing below may still be in use
        foreach (Program p in _programs)
        {
            if (p.Pipeline.Handle != 0) vk.DestroyPipeline(d, p.Pipeline, null);
            vk.DestroyPipelineLayout(d, p.Layout, null);
            vk.DestroyDescriptorSetLayout(d, p.SetLayout, null);
        }
        if (_queries.Handle != 0) vk.DestroyQueryPool(d, _queries, null);
        if (_descriptors.Handle != 0) vk.DestroyDescriptorPool(d, _descriptors, null);
        if (_fence.Handle != 0) vk.DestroyFence(d, _fence, null);
        if (_pool.Handle != 0) vk.DestroyCommandPool(d, _pool, null);
    }
}
