using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Vulkan;

/// <summary>
/// Timestamp queries: <see cref="Mark"/> writes slot i; after the submission completes <see cref="Milliseconds"/> reads
/// the span between two slots. Where the queue has no timestamps the timer reports NaN, never a made-up figure.
/// </summary>
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

    public void Mark(CommandBuffer cmd, uint slot)
    {
        if (Enabled) _gpu.Vk.CmdWriteTimestamp(cmd, PipelineStageFlags.BottomOfPipeBit, _pool, slot);
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
