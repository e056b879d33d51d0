using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Upscalers;

/// <summary>Nearest, bilinear and bicubic (resample.comp) or the EASU-style upscaler (easu.comp) as Vulkan compute.</summary>
public sealed class ComputeUpscaler : FrameUpscaler
{
    private readonly ComputeKernel _kernel;
    private readonly Dictionary<(VulkanBuffer, VulkanBuffer), DescriptorSet> _sets = new();
    private readonly uint _methodCode;

    public ComputeUpscaler(GpuContext gpu, UpscaleMethod method) : base(method)
    {
        (string shader, _methodCode) = method switch
        {
            UpscaleMethod.Nearest => ("resample.comp", 0u),
            UpscaleMethod.Bilinear => ("resample.comp", 1u),
            UpscaleMethod.Bicubic => ("resample.comp", 2u),
            UpscaleMethod.Easu => ("easu.comp", 0u),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a compute-shader method"),
        };
        _kernel = new ComputeKernel(gpu, shader, 2, (uint)System.Runtime.CompilerServices.Unsafe.SizeOf<ResamplePush>());
    }

    public override bool RecordsOnGpu => true;
    public override string Device => "Vulkan compute";

    internal override void Record(CommandBuffer cmd, VulkanBuffer src, FrameSize srcSize, VulkanBuffer dst, FrameSize dstSize, bool swapRedBlue)
    {
        if (src.Size < 4UL * (ulong)srcSize.Width * (ulong)srcSize.Height || dst.Size < 4UL * (ulong)dstSize.Width * (ulong)dstSize.Height)
            throw new ArgumentException($"{Name}: buffers of {src.Size} and {dst.Size} bytes are too small for {srcSize} -> {dstSize}");
        if (!_sets.TryGetValue((src, dst), out DescriptorSet set))
        {
            set = _kernel.CreateSet(src, dst);
            _sets.Add((src, dst), set);
        }
        var push = new ResamplePush
        {
            SrcWidth = (uint)srcSize.Width, SrcHeight = (uint)srcSize.Height,
            DstWidth = (uint)dstSize.Width, DstHeight = (uint)dstSize.Height,
            Method = _methodCode, SwapRedBlue = swapRedBlue ? 1u : 0u, DstStride = (uint)dstSize.Width, DstX = 0,
        };
        _kernel.Record(cmd, set, in push, (uint)dstSize.Width, (uint)dstSize.Height);
    }

    /// <summary>Forgets descriptor sets that name <paramref name="buffer"/> (call before disposing it).</summary>
    internal void Forget(VulkanBuffer buffer)
    {
        foreach (var key in _sets.Keys.ToArray())
        {
            if (!ReferenceEquals(key.Item1, buffer) && !ReferenceEquals(key.Item2, buffer)) continue;
            _kernel.FreeSet(_sets[key]);
            _sets.Remove(key);
        }
    }

    public override void Dispose()
    {
        _kernel.Dispose();
        base.Dispose();
    }
}
