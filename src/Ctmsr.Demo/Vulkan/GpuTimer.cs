using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// Timestamp queries: <see cref="MarkStart"/> and <see cref="MarkAfter"/> write slot i; after the submission completes
/// <see cref="Milliseconds"/> reads the span between two slots. Where the queue has no timestamps the timer reports NaN,
/// never a made-up figure.
/// </summary>
/// <remarks>
/// A timestamp written at BOTTOM_OF_PIPE right after a dispatch read about 0.01 ms on lavapipe whatever the dispatch
/// cost: lavapipe takes a timestamp when it next flushes its command stream, which a pipeline barrier does, and its
/// compute dispatches run at once, so both stamps were taken after the work. So <see cref="MarkStart"/> follows its stamp
/// with a barrier, and <see cref="MarkAfter"/> records a barrier from the stage that did the work (its writes made
/// available to every later command), the timestamp at that same stage (as the runtime's Vulkan backend does), and a
/// barrier. Measured on lavapipe the GPU times then match the host wall clock of a submission; on a GPU the extra
/// barriers only serialise what the demo already runs serially.
/// </remarks>
public sealed unsafe class GpuTimer : IDisposable
{
    private readonly GpuContext _gpu;
    private readonly QueryPool _pool;
    private readonly ulong[] _values;
    private bool _disposed;

    public GpuTimer(GpuContext gpu, uint slots)
    {
        _gpu = gpu;
        Slots = slots;
        _values = new ulong[slots];
        if (!gpu.TimestampsSupported) return;
        var ci = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = slots };
        VkCheck.Ok(gpu.Vk.CreateQueryPool(gpu.Device, in ci, null, out _pool), "vkCreateQueryPool");
    }

    public uint Slots { get; }
    public bool Enabled => _gpu.TimestampsSupported;

    public void Reset(CommandBuffer cmd)
    {
        if (Enabled) _gpu.Vk.CmdResetQueryPool(cmd, _pool, 0, Slots);
    }

    /// <summary>Writes <paramref name="slot"/> at the top of the pipe: the start of the work recorded after it.</summary>
    public void MarkStart(CommandBuffer cmd, uint slot)
    {
        if (!Enabled) return;
        _gpu.Vk.CmdWriteTimestamp(cmd, PipelineStageFlags.TopOfPipeBit, _pool, slot);
        Barrier(cmd, PipelineStageFlags.AllCommandsBit);
    }

    /// <summary>
    /// Writes <paramref name="slot"/> once the work recorded before it has finished <paramref name="stage"/> (a single
    /// stage: <see cref="PipelineStageFlags.ComputeShaderBit"/> after dispatches, <see cref="PipelineStageFlags.TransferBit"/>
    /// after copies): a barrier from that stage's writes to all later commands, the timestamp at that stage, a barrier.
    /// </summary>
    public void MarkAfter(CommandBuffer cmd, uint slot, PipelineStageFlags stage)
    {
        if (!Enabled) return;
        Barrier(cmd, stage);
        _gpu.Vk.CmdWriteTimestamp(cmd, stage, _pool, slot);
        Barrier(cmd, PipelineStageFlags.AllCommandsBit);
    }

    private void Barrier(CommandBuffer cmd, PipelineStageFlags source)
    {
        var mb = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.MemoryWriteBit,
            DstAccessMask = AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit,
        };
        _gpu.Vk.CmdPipelineBarrier(cmd, source, PipelineStageFlags.AllCommandsBit, 0, 1, &mb, 0, null, 0, null);
    }

    /// <summary>Reads slots 0..count-1 back (all of them were marked); call after the submission has completed.</summary>
    public void Read(uint count)
    {
        if (!Enabled) return;
        if (count > Slots) throw new ArgumentOutOfRangeException(nameof(count), count, $"the timer has {Slots} slots");
        fixed (ulong* v = _values)
            VkCheck.Ok(_gpu.Vk.GetQueryPoolResults(_gpu.Device, _pool, 0, count, (nuint)(8 * count), v, 8,
                QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit), "vkGetQueryPoolResults");
    }

    public double Milliseconds(uint from, uint to) =>
        Enabled ? (_values[to] - _values[from]) * (double)_gpu.TimestampPeriodNs / 1e6 : double.NaN;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (Enabled) _gpu.Vk.DestroyQueryPool(_gpu.Device, _pool, null);
    }
}
