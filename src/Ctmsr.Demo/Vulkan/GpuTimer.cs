using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// Timestamp queries: <see cref="MarkStart"/> and <see cref="MarkAfter"/> write slot i; after the submission completes
/// <see cref="Milliseconds"/> reads the span between two slots. Where the queue has no timestamps the timer reports NaN,
/// never a made-up figure.
/// </summary>
/// <remarks>
/// A timestamp written at BOTTOM_OF_PIPE right after a dispatch read about 0.01 ms on lavapipe whatever the dispatch
/// cost: lavapipe appears to take a timestamp when it next flushes its command stream, which a pipeline barrier does,
/// and to run compute dispatches at once, so both stamps were taken after the work. So <see cref="MarkStart"/> follows its stamp
/// with a barrier, and <see cref="MarkAfter"/> records a barrier after all earlier work (its writes made available to
/// every later command), the timestamp at the stage that did the work (as the runtime's Vulkan backend does), and a
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
        _gpu.Barrier(cmd);
    }

    /// <summary>
    /// Writes <paramref name="slot"/> once the work recorded before it has finished <paramref name="stage"/> (a single
    /// stage: <see cref="PipelineStageFlags.ComputeShaderBit"/> after dispatches, <see cref="PipelineStageFlags.TransferBit"/>
    /// after copies): a barrier after all earlier commands (a split screen may end one method with a copy and the other
    /// with a dispatch), the timestamp at <paramref name="stage"/>, a barrier.
    /// </summary>
    public void MarkAfter(CommandBuffer cmd, uint slot, PipelineStageFlags stage)
    {
        if (!Enabled) return;
        _gpu.Barrier(cmd);
        _gpu.Vk.CmdWriteTimestamp(cmd, stage, _pool, slot);
        _gpu.Barrier(cmd);
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
