using System;
using System.Diagnostics;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The frame backend's timestamp ring: one query pool of three slots (0: the host path; 1 and 2: the engine path,
/// alternating, so a frame's times are read one frame later without waiting), each holding the start, the end of the
/// upload, the end of each conv layer, the end of the resample and the end of the download. Without timestamp support
/// on the queue it records nothing and reads nothing. Owns the query pool; does not own the device.
/// </summary>
internal sealed unsafe class VulkanTimestamps : IDisposable
{
    /// <summary>The slot of the host path; the engine path alternates between 1 and 2.</summary>
    public const int HostSlot = 0;

    private const int Slots = 3;

    private readonly VulkanDevice _device;
    private readonly QueryPool _queries;
    private readonly ulong _mask;
    private readonly int _perSlot;
    private int _engineSlot = 1;   // the slot the next engine frame writes
    private bool _enginePending;   // the other engine slot holds an unread frame

    /// <summary>Creates the query pool where the device's queue supports timestamps (for <paramref name="layers"/> conv layers).</summary>
    public VulkanTimestamps(VulkanDevice device, int layers)
    {
        _device = device;
        LayerTicks = new long[layers];
        _perSlot = layers + 4;
        if (!device.SupportsTimestamps) return;
        var qInfo = new QueryPoolCreateInfo
        {
            SType = StructureType.QueryPoolCreateInfo,
            QueryType = QueryType.Timestamp,
            QueryCount = (uint)(_perSlot * Slots),
        };
        QueryPool qp;
        VkCheck.Ok(device.Api.CreateQueryPool(device.Device, &qInfo, null, &qp), "vkCreateQueryPool");
        _queries = qp;
        _mask = device.TimestampValidBits >= 64 ? ulong.MaxValue : (1UL << (int)device.TimestampValidBits) - 1;
    }

    /// <summary>Whether timestamps are written and read (the queue supports them).</summary>
    public bool Enabled => _queries.Handle != 0;

    /// <summary>Stopwatch ticks per stage of the last slot read, in <see cref="Profiling.LatencyProfiler"/>'s order.</summary>
    public long[] GpuTicks { get; } = new long[7];

    /// <summary>Stopwatch ticks per conv layer of the last slot read.</summary>
    public long[] LayerTicks { get; }

    /// <summary>The slot the next engine frame writes (1 or 2).</summary>
    public int EngineSlot => _engineSlot;

    /// <summary>Records the reset of <paramref name="slot"/> and its first timestamp (top of pipe); nothing when disabled.</summary>
    public void Begin(Vk vk, CommandBuffer cmd, int slot)
    {
        if (_queries.Handle == 0) return;
        uint q = (uint)(slot * _perSlot);
        vk.CmdResetQueryPool(cmd, _queries, q, (uint)_perSlot);
        vk.CmdWriteTimestamp(cmd, PipelineStageFlags.TopOfPipeBit, _queries, q);
    }

    /// <summary>Records timestamp <paramref name="index"/> of <paramref name="slot"/> after <paramref name="stage"/>; nothing when disabled.</summary>
    public void Write(Vk vk, CommandBuffer cmd, PipelineStageFlags stage, int slot, int index)
    {
        if (_queries.Handle == 0) return;
        vk.CmdWriteTimestamp(cmd, stage, _queries, (uint)(slot * _perSlot + index));
    }

    /// <summary>Reads the previous engine frame's slot without waiting; false when there is none or it is not ready.</summary>
    public bool ReadPreviousEngineFrame() =>
        _enginePending && _queries.Handle != 0 && Read(_engineSlot == 1 ? 2 : 1, wait: false);

    /// <summary>An engine frame was recorded into <see cref="EngineSlot"/>: the next one takes the other slot.</summary>
    public void EngineFrameRecorded()
    {
        _engineSlot = _engineSlot == 1 ? 2 : 1;
        _enginePending = true;
    }

    /// <summary>Forgets the engine frames in flight (a new size: nothing recorded before is read).</summary>
    public void ResetRing()
    {
        _enginePending = false;
        _engineSlot = 1;
    }

    /// <summary>Reads one slot's timestamps into <see cref="GpuTicks"/> and <see cref="LayerTicks"/>; false when not available.</summary>
    public bool Read(int slot, bool wait)
    {
        if (_queries.Handle == 0) return false;
        int n = _perSlot, layers = LayerTicks.Length;
        ulong* t = stackalloc ulong[n];
        QueryResultFlags flags = QueryResultFlags.Result64Bit | (wait ? QueryResultFlags.ResultWaitBit : 0);
        Result r = _device.Api.GetQueryPoolResults(_device.Device, _queries, (uint)(slot * n), (uint)n, (nuint)(n * sizeof(ulong)), t, sizeof(ulong), flags);
        if (r == Result.NotReady) return false;
        VkCheck.Ok(r, "vkGetQueryPoolResults");
        double ticksPerUnit = _device.TimestampPeriodNs * Stopwatch.Frequency / 1e9;
        ulong mask = _mask;
        long Ticks(int from, int to) => (long)(((t[to] - t[from]) & mask) * ticksPerUnit);
        // t: 0 start, 1 after upload, 2 + i after conv layer i, 2 + layers after the resample, 3 + layers at the end
        long[] layerTicks = LayerTicks, gpuTicks = GpuTicks;
        for (int i = 0; i < layers; i++) layerTicks[i] = Ticks(1 + i, 2 + i);
        gpuTicks[0] = Ticks(0, 1);
        gpuTicks[1] = layerTicks[0];
        gpuTicks[2] = Ticks(2, layers);
        gpuTicks[3] = layerTicks[layers - 1];
        gpuTicks[4] = Ticks(1 + layers, 2 + layers);
        gpuTicks[5] = Ticks(2 + layers, 3 + layers);
        gpuTicks[6] = Ticks(0, 3 + layers);
        return true;
    }

    public void Dispose()
    {
        if (_queries.Handle != 0) _device.Api.DestroyQueryPool(_device.Device, _queries, null);
    }
}
