using System.Diagnostics;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Bench;

/// <summary>
/// Times the EASU-style edge-adaptive upscaler (shaders/demo/easu.comp, the demo viewer's own shader) on a Vulkan device
/// the way the runtime's backend runs a frame, so the two compare: the host frame copied into a mapped buffer, one
/// submission of copy-in, the shader and copy-out with timestamps between them, a fence wait, the frame copied out.
/// </summary>
public static class EasuBench
{
    private const uint Stamps = 4; // start, after upload, after the shader, after download

    /// <summary>Times the shader on <paramref name="benchCase"/>; <paramref name="frame"/> is an RGBA8 render-size frame.</summary>
    /// <exception cref="VulkanUnavailableException">No loader or no device matches <paramref name="deviceName"/>.</exception>
    public static unsafe BenchRow Time(BenchCase benchCase, string? deviceName, byte[] frame, BenchSettings settings)
    {
        settings.Validate();
        FrameSize src = benchCase.Render, dst = benchCase.Display;
        ulong inBytes = 4UL * (ulong)src.Width * (ulong)src.Height, outBytes = 4UL * (ulong)dst.Width * (ulong)dst.Height;
        if ((ulong)frame.Length < inBytes) throw new ArgumentException($"a {src} frame needs {inBytes} bytes; got {frame.Length}", nameof(frame));

        using VulkanDevice device = VulkanDevice.CreateStandalone(deviceName);
        using var probe = new VulkanComputeProbe(device);
        VulkanComputeProbe.Program easu = probe.CreateProgram(SpirvLibrary.Load(typeof(EasuBench).Assembly, "easu.comp", "f32"), 2, (uint)sizeof(EasuPush), "easu");
        using var upload = new VulkanBuffer(device, inBytes, BufferUsageFlags.TransferSrcBit, hostVisible: true, "EASU upload");
        using var input = new VulkanBuffer(device, inBytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferDstBit, hostVisible: false, "EASU input");
        using var result = new VulkanBuffer(device, outBytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit, hostVisible: false, "EASU output");
        using var readback = new VulkanBuffer(device, outBytes, BufferUsageFlags.TransferDstBit, hostVisible: true, "EASU readback");
        DescriptorSet set = probe.Bind(easu, input, result);

        // Recorded once and submitted every frame, as the runtime's host path does.
        var push = new EasuPush
        {
            SrcWidth = (uint)src.Width, SrcHeight = (uint)src.Height, DstWidth = (uint)dst.Width, DstHeight = (uint)dst.Height,
            DstStride = (uint)dst.Width,
        };
        CommandBuffer cmd = probe.Begin();
        probe.Stamp(cmd, 0, PipelineStageFlags.TopOfPipeBit);
        probe.Copy(cmd, upload, input, inBytes);
        probe.Stamp(cmd, 1, PipelineStageFlags.TransferBit);
        probe.Dispatch(cmd, easu, set, push, (uint)(dst.Width + 7) / 8, (uint)(dst.Height + 7) / 8);
        probe.Stamp(cmd, 2, PipelineStageFlags.ComputeShaderBit);
        probe.Copy(cmd, result, readback, outBytes);
        probe.Stamp(cmd, 3, PipelineStageFlags.TransferBit);
        probe.HostReadBarrier(cmd);
        probe.End(cmd);

        var output = new byte[outBytes];
        for (int i = 0; i < settings.Warmup; i++) RunFrame(probe, frame, (int)inBytes, upload, readback, output);

        var host = new double[settings.Frames];
        var gpu = new double[settings.Frames];
        var up = new double[settings.Frames];
        var kernel = new double[settings.Frames];
        var down = new double[settings.Frames];
        long budget = double.IsPositiveInfinity(settings.MaxSecondsPerRow) ? long.MaxValue : (long)(settings.MaxSecondsPerRow * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int timed = 0;
        while (timed < settings.Frames)
        {
            host[timed] = RunFrame(probe, frame, (int)inBytes, upload, readback, output);
            if (probe.HasTimestamps)
            {
                up[timed] = probe.Milliseconds(0, 1);
                kernel[timed] = probe.Milliseconds(1, 2);
                down[timed] = probe.Milliseconds(2, 3);
                gpu[timed] = probe.Milliseconds(0, 3);
            }
            timed++;
            if (timed >= settings.MinFrames && Stopwatch.GetTimestamp() - start > budget) break;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        LatencyStatistics? gpuTotal = probe.HasTimestamps ? BenchStatistics.From(gpu.AsSpan(0, timed)) : null;
        BenchStage[] stages = probe.HasTimestamps
            ? new[]
            {
                new BenchStage("upload", null, BenchStatistics.From(up.AsSpan(0, timed)), null),
                new BenchStage("easu", null, BenchStatistics.From(kernel.AsSpan(0, timed)), null),
                new BenchStage("download", null, BenchStatistics.From(down.AsSpan(0, timed)), null),
            }
            : Array.Empty<BenchStage>();
        return new BenchRow
        {
            Method = BenchRow.Easu,
            Case = benchCase,
            Backend = "Vulkan",
            Reason = $"shaders/demo/easu.comp on {device.Description}" + (probe.HasTimestamps ? "" : ", no timestamp queries on this queue"),
            Frames = timed,
            Host = BenchStatistics.From(host.AsSpan(0, timed)),
            Gpu = gpuTotal,
            ManagedBytesPerFrame = (double)allocated / timed,
            Stages = stages,
        };
    }

    /// <summary>One frame: copy in, submit, wait, copy out; the host milliseconds.</summary>
    private static double RunFrame(VulkanComputeProbe probe, byte[] frame, int inBytes, VulkanBuffer upload, VulkanBuffer readback, byte[] output)
    {
        long t0 = Stopwatch.GetTimestamp();
        frame.AsSpan(0, inBytes).CopyTo(upload.HostSpan);
        probe.SubmitAndWait();
        readback.HostSpan.Slice(0, output.Length).CopyTo(output);
        return (Stopwatch.GetTimestamp() - t0) * 1000.0 / Stopwatch.Frequency;
    }
}
