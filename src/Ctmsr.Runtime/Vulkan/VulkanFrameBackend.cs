using System;
using System.Diagnostics;
using Ctmsr.Contract;
using Silk.NET.Vulkan;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Profiling;
using Ctmsr.Runtime.Resampling;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Runtime.Vulkan
{
    /// <summary>
    /// The Vulkan compute backend of <see cref="UpscalerContext"/>. Weights live in one device-local buffer uploaded at
    /// creation; per size pair it builds the input/output frame buffers, two ping-pong activation buffers, the SR buffer
    /// and the resample taps (only when the display is not exactly scale x render; see <see cref="ResampleAxis"/>),
    /// descriptor sets, and the pre-recorded command buffer of the host path. A host <see cref="Dispatch"/> is a row copy into a mapped staging buffer, one submit, one fence wait
    /// and a row copy out; <see cref="RecordDispatch"/> records the same work into the engine's command buffer and never
    /// submits. Neither allocates. GPU time per stage comes from timestamp queries.
    /// </summary>
    internal sealed unsafe class VulkanFrameBackend : IFrameBackend
    {
        // Timestamps per slot: start, after upload, after each conv layer, after the resample, after the download.
        private const int Slots = 3;          // 0: host path; 1, 2: engine path, alternating
        // A lost or hung device surfaces as VK_TIMEOUT, not a hang. A CPU driver (lavapipe) JIT-compiles each pipeline
        // at its first dispatch and runs a 1080p frame in tens of seconds, more on a loaded machine: it gets longer.
        private const ulong GpuFenceTimeoutNs = 60_000_000_000;
        private const ulong CpuDriverFenceTimeoutNs = 600_000_000_000;
        private ulong FenceTimeoutNs => _device.IsCpu ? CpuDriverFenceTimeoutNs : GpuFenceTimeoutNs;

        private readonly VulkanDevice _device;
        private readonly ModelPlan _plan;
        private readonly VulkanKernels _kernels;
        private readonly VulkanBuffer _params;
        private readonly uint[] _weightOffsets;
        private readonly uint[] _biasOffsets;
        private readonly VulkanBuffer _weightsUbo;     // float32 weights, each layer at an aligned offset (binding 6)
        private readonly ulong[] _uboOffsets;
        private readonly ulong[] _uboRanges;
        private readonly VulkanBuffer _dummyTexels;    // binding 7 of the sets whose kernels read no texel buffer
        private readonly BufferView _dummyView;
        private readonly BufferView _dummyWordView;  // binding 8 of the sets that read no frame
        private readonly bool _swapRb;
        private readonly uint _seed;
        private readonly CommandPool _pool;
        private readonly CommandBuffer _hostCmd;
        private readonly Fence _fence;
        private readonly QueryPool _queries;
        private readonly ulong _timestampMask;
        private readonly long[] _gpuTicks = new long[7];
        private readonly long[] _layerTicks;
        private readonly int _queriesPerSlot;
        private SizeResources? _size;
        private int _engineSlot = 1;   // the slot the next RecordDispatch writes (1 or 2; 0 is the host path's)
        private bool _enginePending;   // the other slot holds an unread frame
        private bool _disposed;

        private VulkanFrameBackend(VulkanDevice device, ModelPlan plan, bool fp16, in UpscalerContextDescription d, string reason)
        {
            _device = device;
            _plan = plan;
            _layerTicks = new long[plan.Convs.Count];
            _queriesPerSlot = plan.Convs.Count + 4;
            _swapRb = d.Format == PixelFormat.Bgra8;
            _seed = d.NoiseSeed;
            Reason = reason;
            Precision = fp16 ? VulkanPrecision.Fp16 : VulkanPrecision.Fp32;
            Vk vk = device.Api;
            try
            {
                _kernels = new VulkanKernels(device, plan, fp16);
                VulkanComputeObjects.CreateCommands(device, null, out _pool, out _hostCmd, out _fence);
                if (device.SupportsTimestamps)
                {
                    var qInfo = new QueryPoolCreateInfo
                    {
                        SType = StructureType.QueryPoolCreateInfo,
                        QueryType = QueryType.Timestamp,
                        QueryCount = (uint)(_queriesPerSlot * Slots),
                    };
                    QueryPool qp;
                    VkCheck.Ok(vk.CreateQueryPool(device.Device, &qInfo, null, &qp), "vkCreateQueryPool");
                    _queries = qp;
                    _timestampMask = device.TimestampValidBits >= 64 ? ulong.MaxValue : (1UL << (int)device.TimestampValidBits) - 1;
                }

                (_params, _weightOffsets, _biasOffsets) = UploadParameters(fp16);
                (_weightsUbo, _uboOffsets, _uboRanges) = UploadUniformWeights();
                _dummyTexels = new VulkanBuffer(device, 64, BufferUsageFlags.UniformTexelBufferBit, hostVisible: false, "texel placeholder");
                _dummyView = CreateView(_dummyTexels, fp16);
                _dummyWordView = CreateView(_dummyTexels, Format.R32Uint);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public UpscalerBackend Backend => UpscalerBackend.Vulkan;
        public string Reason { get; }
        public VulkanPrecision Precision { get; }
        public bool EngineOwned => !_device.IsOwned;
        internal ModelPlan Plan => _plan;

        /// <summary>
        /// Creates the backend: reads the plan, picks the precision, creates or wraps the device. Throws
        /// <see cref="VulkanUnavailableException"/> with the reason when it cannot run.
        /// </summary>
        public static VulkanFrameBackend Create(CtmsrModel model, in UpscalerContextDescription d, bool refuseCpuDevice, string autoNote)
        {
            ModelPlan plan = VulkanModelPlan.Read(model.Bytes, model.Source);
            VulkanDevice device = d.VulkanDevice.HasValue ? VulkanDevice.Wrap(d.VulkanDevice.Value) : VulkanDevice.CreateStandalone(d.VulkanDeviceName);
            try
            {
                if (refuseCpuDevice && device.IsCpu)
                    throw new VulkanUnavailableException(
                        $"the only Vulkan device is {device.Description}, a CPU rasterizer: ONNX Runtime on the CPU is faster; request UpscalerBackend.Vulkan to use it anyway");
                bool fp16;
                switch (d.VulkanPrecision)
                {
                    case VulkanPrecision.Fp32: fp16 = false; break;
                    case VulkanPrecision.Fp16:
                        if (!device.Float16Enabled)
                            throw new VulkanUnavailableException(
                                $"fp16 was requested but {device.Description} " + (device.IsOwned ? "lacks storageBuffer16BitAccess or shaderFloat16" : "was not created with storageBuffer16BitAccess and shaderFloat16 enabled (VulkanDeviceHandles.Float16FeaturesEnabled)"));
                        fp16 = true;
                        break;
                    default:
                        // On a CPU driver float16 is emulated and slower than float32.
                        fp16 = device.Float16Enabled && !device.IsCpu;
                        break;
                }
                string reason = $"Vulkan on {device.Description}" + (device.IsOwned ? "" : " (engine-owned device)") +
                                $", {(fp16 ? "fp16" : "fp32")} ({(d.VulkanPrecision != VulkanPrecision.Auto ? "requested" : device.IsCpu && device.Float16Enabled ? "auto: fp16 is emulated on a CPU driver" : "auto")})" +
                                (device.SupportsTimestamps ? "" : ", no timestamp queries on this queue") +
                                (device.IsCpu && CpuDriverTuning.Applied ? $", {CpuDriverTuning.VectorWidthVariable}=512 set by Ctmsr (set it yourself to override)" : "") + autoNote;
                return new VulkanFrameBackend(device, plan, fp16, d, reason);
            }
            catch
            {
                device.Dispose();
                throw;
            }
        }

        public void Configure(FrameSize render, FrameSize display)
        {
            bool direct = display.Width == _plan.Scale * render.Width && display.Height == _plan.Scale * render.Height;
            var next = new SizeResources(this, render, display, direct);
            if (_size != null)
            {
                _device.WaitIdle(); // the previous buffers may still be read by work in flight
                _size.Dispose();
            }
            _size = next;
            _enginePending = false;
            _engineSlot = 1;
        }

        public void Dispatch(ReadOnlySpan<byte> input, int inputStride, Span<byte> output, int outputStride, LatencyProfiler? profiler)
        {
            SizeResources s = _size!;
            s.EnsureHostPath();
            Vk vk = _device.Api;
            long start = Stopwatch.GetTimestamp();
            int inRow = 4 * s.Render.Width;
            Span<byte> upload = s.Upload!.HostSpan;
            for (int y = 0; y < s.Render.Height; y++)
                input.Slice(y * inputStride, inRow).CopyTo(upload.Slice(y * inRow, inRow));
            long bound = Stopwatch.GetTimestamp();

            CommandBuffer cmd = s.HostCommands;
            var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
            Fence fence = _fence;
            VkCheck.Ok(vk.QueueSubmit(_device.Queue, 1, &submit, fence), "vkQueueSubmit");
            VkCheck.Ok(vk.WaitForFences(_device.Device, 1, &fence, true, FenceTimeoutNs), "vkWaitForFences");
            VkCheck.Ok(vk.ResetFences(_device.Device, 1, &fence), "vkResetFences");
            long inferred = Stopwatch.GetTimestamp();

            int outRow = 4 * s.Display.Width;
            ReadOnlySpan<byte> readback = s.Readback!.HostSpan;
            for (int y = 0; y < s.Display.Height; y++)
                readback.Slice(y * outRow, outRow).CopyTo(output.Slice(y * outputStride, outRow));
            if (profiler != null)
            {
                long end = Stopwatch.GetTimestamp();
                if (ReadTimestamps(0, wait: true))
                {
                    profiler.RecordGpuLayers(_layerTicks);
                    profiler.Record(bound - start, inferred - bound, end - inferred, end - start, _gpuTicks);
                }
                else profiler.Record(bound - start, inferred - bound, end - inferred, end - start);
            }
        }

        /// <summary>Records one frame into the engine's command buffer; see <see cref="UpscalerContext.RecordDispatch"/>.</summary>
        public void RecordDispatch(IntPtr commandBuffer, in VulkanFrame input, in VulkanFrame output, LatencyProfiler? profiler)
        {
            SizeResources s = _size!;
            long start = Stopwatch.GetTimestamp();
            bool haveGpu = false;
            int slot = _engineSlot, previous = slot == 1 ? 2 : 1;
            if (profiler != null && _enginePending && _queries.Handle != 0)
                haveGpu = ReadTimestamps(previous, wait: false); // NOT_READY until the engine's submit has finished
            var cmd = new CommandBuffer(commandBuffer);
            s.Record(cmd, slot, input, output);
            _engineSlot = previous;
            _enginePending = true;
            if (profiler != null)
            {
                long t = Stopwatch.GetTimestamp() - start;
                if (haveGpu)
                {
                    profiler.RecordGpuLayers(_layerTicks);
                    profiler.Record(0, t, 0, t, _gpuTicks);
                }
                else profiler.Record(0, t, 0, t);
            }
        }

        /// <summary>
        /// Test seam: a storage-buffer byte limit below the device's (null: the device's maxStorageBufferRange), so that
        /// small frames run in bands in the tests.
        /// </summary>
        internal static ulong? BufferLimitOverride { get; set; }

        /// <summary>Test hook: the bands the current size runs in.</summary>
        internal FrameBand[] Bands => _size!.Bands;

        /// <summary>Test hook: the tiling of each conv layer's kernel.</summary>
        internal ConvTiling[] KernelTiling => _kernels.Tiling;

        /// <summary>Test hook: reads back a device buffer of the current size (after a dispatch has finished).</summary>
        internal float[] ReadBack(string which)
        {
            SizeResources s = _size!;
            VulkanBuffer b = which switch
            {
                "actA" => s.ActA,
                "actB" => s.ActB,
                "sr" => s.Sr ?? throw new InvalidOperationException("this size writes the display frame directly; there is no SR buffer"),
                _ => throw new ArgumentOutOfRangeException(nameof(which), which, "actA, actB or sr"),
            };
            bool half = which != "sr" && _kernels.Fp16;
            using var staging = new VulkanBuffer(_device, b.Size, BufferUsageFlags.TransferDstBit, hostVisible: true, "readback (test)");
            OneTimeSubmit(cmd =>
            {
                var region = new BufferCopy { Size = b.Size };
                _device.Api.CmdCopyBuffer(cmd, b.Buffer, staging.Buffer, 1, &region);
            });
            if (half)
            {
                var result = new float[b.Size / 2];
                ushort* p = (ushort*)staging.Mapped;
                for (int i = 0; i < result.Length; i++) result[i] = HalfBits.ToFloat(p[i]);
                return result;
            }
            var floats = new float[b.Size / 4];
            new ReadOnlySpan<float>(staging.Mapped, floats.Length).CopyTo(floats);
            return floats;
        }

        /// <summary>Test hook: the contract noise of a width x height HR frame, planar [3, h, w], computed by the GLSL kernel.</summary>
        internal float[] ComputeNoise(int width, int height, uint seed)
        {
            ulong bytes = 12UL * (ulong)width * (ulong)height;
            using var target = new VulkanBuffer(_device, bytes, BufferUsageFlags.StorageBufferBit, hostVisible: true, "noise (test)");
            var poolSizes = stackalloc DescriptorPoolSize[3];
            int poolSizeCount = PoolSizes(1, poolSizes);
            var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = 1, PoolSizeCount = (uint)poolSizeCount, PPoolSizes = poolSizes };
            Vk vk = _device.Api;
            DescriptorPool pool;
            VkCheck.Ok(vk.CreateDescriptorPool(_device.Device, &poolInfo, null, &pool), "vkCreateDescriptorPool (noise)");
            try
            {
                DescriptorSetLayout layout = _kernels.SetLayout;
                var setAlloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = 1, PSetLayouts = &layout };
                DescriptorSet set;
                VkCheck.Ok(vk.AllocateDescriptorSets(_device.Device, &setAlloc, &set), "vkAllocateDescriptorSets (noise)");
                WriteSet(set, target.Buffer, _params.Buffer, _params.Buffer, _params.Buffer, _params.Buffer, _params.Buffer, -1, _dummyView, _dummyWordView);
                DescriptorSet[] sets = { set };
                OneTimeSubmit(cmd =>
                {
                    var push = new KernelPush { Width = (uint)width, Height = (uint)height, InStride = seed };
                    vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, _kernels.Noise);
                    fixed (DescriptorSet* s0 = sets) vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, _kernels.Layout, 0, 1, s0, 0, null);
                    vk.CmdPushConstants(cmd, _kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                    vk.CmdDispatch(cmd, (uint)(width + 7) / 8, (uint)(height + 7) / 8, 1);
                });
                var result = new float[3 * width * height];
                new ReadOnlySpan<float>(target.Mapped, result.Length).CopyTo(result);
                return result;
            }
            finally
            {
                vk.DestroyDescriptorPool(_device.Device, pool, null);
            }
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Vk vk = _device.Api;
            try
            {
                _device.WaitIdle();
            }
            catch (VulkanException)
            {
                // A lost device still has to release what was created on it.
            }
            _size?.Dispose();
            _params?.Dispose();
            _weightsUbo?.Dispose();
            if (_dummyView.Handle != 0) vk.DestroyBufferView(_device.Device, _dummyView, null);
            if (_dummyWordView.Handle != 0) vk.DestroyBufferView(_device.Device, _dummyWordView, null);
            _dummyTexels?.Dispose();
            if (_queries.Handle != 0) vk.DestroyQueryPool(_device.Device, _queries, null);
            if (_fence.Handle != 0) vk.DestroyFence(_device.Device, _fence, null);
            if (_pool.Handle != 0) vk.DestroyCommandPool(_device.Device, _pool, null);
            _kernels?.Dispose();
            _device.Dispose();
        }

        /// <summary>Reads one slot's timestamps into <see cref="_gpuTicks"/> (Stopwatch ticks per stage); false when not available.</summary>
        private bool ReadTimestamps(int slot, bool wait)
        {
            if (_queries.Handle == 0) return false;
            int n = _queriesPerSlot, layers = _layerTicks.Length;
            ulong* t = stackalloc ulong[n];
            QueryResultFlags flags = QueryResultFlags.Result64Bit | (wait ? QueryResultFlags.ResultWaitBit : 0);
            Result r = _device.Api.GetQueryPoolResults(_device.Device, _queries, (uint)(slot * n), (uint)n, (nuint)(n * sizeof(ulong)), t, sizeof(ulong), flags);
            if (r == Result.NotReady) return false;
            VkCheck.Ok(r, "vkGetQueryPoolResults");
            double ticksPerUnit = _device.TimestampPeriodNs * Stopwatch.Frequency / 1e9;
            long Ticks(int from, int to) => (long)(((t[to] - t[from]) & _timestampMask) * ticksPerUnit);
            // t: 0 start, 1 after upload, 2 + i after conv layer i, 2 + layers after the resample, 3 + layers at the end
            for (int i = 0; i < layers; i++) _layerTicks[i] = Ticks(1 + i, 2 + i);
            _gpuTicks[0] = Ticks(0, 1);
            _gpuTicks[1] = _layerTicks[0];
            _gpuTicks[2] = Ticks(2, layers);
            _gpuTicks[3] = _layerTicks[layers - 1];
            _gpuTicks[4] = Ticks(1 + layers, 2 + layers);
            _gpuTicks[5] = Ticks(2 + layers, 3 + layers);
            _gpuTicks[6] = Ticks(0, 3 + layers);
            return true;
        }

        private (VulkanBuffer, uint[], uint[]) UploadParameters(bool fp16)
        {
            int layers = _plan.Convs.Count;
            var wOff = new uint[layers];
            var bOff = new uint[layers];
            long vec4s = 0;
            for (int i = 0; i < layers; i++)
            {
                wOff[i] = (uint)vec4s;
                vec4s += (long)_kernels.Out4[i] * 4 * 9 * _kernels.In4[i];
                bOff[i] = (uint)vec4s;
                vec4s += _kernels.Out4[i];
            }
            var values = new float[vec4s * 4];
            for (int i = 0; i < layers; i++)
            {
                PlanConv c = _plan.Convs[i];
                int in4 = _kernels.In4[i];
                PackWeights(c, in4, _kernels.Out4[i], values.AsSpan(4 * (int)wOff[i], 4 * (int)(bOff[i] - wOff[i])));
                for (int o = 0; o < c.OutChannels; o++) values[4 * bOff[i] + o] = c.Biases[o];
            }
            ulong bytes = (ulong)values.Length * (fp16 ? 2UL : 4UL);
            var device = UploadToDeviceLocal(bytes, 0, "weights", mapped =>
            {
                if (fp16)
                {
                    ushort* p = (ushort*)mapped;
                    for (int i = 0; i < values.Length; i++) p[i] = HalfBits.FromFloat(values[i]);
                }
                else values.AsSpan().CopyTo(new Span<float>(mapped, values.Length));
            });
            return (device, wOff, bOff);
        }

        private delegate void StagingFill(void* mapped);

        /// <summary>
        /// A device-local storage buffer of <paramref name="bytes"/> filled through a host-visible staging buffer and
        /// one copy (creation and resize only, never per frame); the caller owns and disposes it.
        /// </summary>
        private VulkanBuffer UploadToDeviceLocal(ulong bytes, BufferUsageFlags extraUsage, string name, StagingFill fill)
        {
            var device = new VulkanBuffer(_device, bytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferDstBit | extraUsage, hostVisible: false, name);
            try
            {
                using var staging = new VulkanBuffer(_device, bytes, BufferUsageFlags.TransferSrcBit, hostVisible: true, name + " upload");
                fill(staging.Mapped);
                OneTimeSubmit(cmd =>
                {
                    var region = new BufferCopy { Size = bytes };
                    _device.Api.CmdCopyBuffer(cmd, staging.Buffer, device.Buffer, 1, &region);
                });
            }
            catch
            {
                device.Dispose();
                throw;
            }
            return device;
        }

        /// <summary>
        /// Uploads the resample taps to a device-local buffer in the layout shaders/resample.comp reads: a header
        /// (x taps, y taps, first row entry, 0), then the column entries and the row entries, each (index, weight bits).
        /// </summary>
        private VulkanBuffer UploadTaps(ResampleAxis cols, ResampleAxis rows)
        {
            int colEntries = cols.OutSize * cols.Taps, rowEntries = rows.OutSize * rows.Taps;
            var words = new uint[4 + 2 * (colEntries + rowEntries)];
            words[0] = (uint)cols.Taps;
            words[1] = (uint)rows.Taps;
            words[2] = (uint)colEntries;
            for (int i = 0; i < colEntries; i++)
            {
                words[4 + 2 * i] = (uint)cols.Index[i];
                words[5 + 2 * i] = SingleBits(cols.Weight[i]);
            }
            for (int i = 0; i < rowEntries; i++)
            {
                words[4 + 2 * (colEntries + i)] = (uint)rows.Index[i];
                words[5 + 2 * (colEntries + i)] = SingleBits(rows.Weight[i]);
            }
            ulong bytes = 4UL * (ulong)words.Length;
            if (bytes > _device.MaxStorageBufferRange)
                throw new ArgumentException($"the resample taps {cols.InSize}x{rows.InSize} -> {cols.OutSize}x{rows.OutSize} need a {bytes}-byte storage buffer; {_device.Name} allows {_device.MaxStorageBufferRange}");
            return UploadToDeviceLocal(bytes, 0, "resample taps", mapped => words.AsSpan().CopyTo(new Span<uint>(mapped, words.Length)));
        }

        private static uint SingleBits(float value) => *(uint*)&value;

        private delegate void Recorder(CommandBuffer cmd);

        /// <summary>Records, submits and waits for a one-off command buffer (creation, resize, tests; never per frame).</summary>
        private void OneTimeSubmit(Recorder record)
        {
            Vk vk = _device.Api;
            CommandPool pool = _pool;
            var alloc = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
            CommandBuffer cmd;
            VkCheck.Ok(vk.AllocateCommandBuffers(_device.Device, &alloc, &cmd), "vkAllocateCommandBuffers");
            try
            {
                var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
                VkCheck.Ok(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
                record(cmd);
                var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.MemoryWriteBit, DstAccessMask = AccessFlags.HostReadBit | AccessFlags.MemoryReadBit };
                vk.CmdPipelineBarrier(cmd, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.HostBit | PipelineStageFlags.AllCommandsBit, 0, 1, &barrier, 0, null, 0, null);
                VkCheck.Ok(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
                var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
                Fence fence = _fence;
                VkCheck.Ok(vk.QueueSubmit(_device.Queue, 1, &submit, fence), "vkQueueSubmit");
                VkCheck.Ok(vk.WaitForFences(_device.Device, 1, &fence, true, FenceTimeoutNs), "vkWaitForFences");
                VkCheck.Ok(vk.ResetFences(_device.Device, 1, &fence), "vkResetFences");
            }
            finally
            {
                vk.FreeCommandBuffers(_device.Device, pool, 1, &cmd);
            }
        }

        /// <summary>
        /// Writes one descriptor set: storage buffers b0 .. b5, conv layer <paramref name="layer"/>'s weights as the
        /// uniform buffer (any valid range when negative), <paramref name="view"/> as the input activations' texel buffer
        /// and <paramref name="frameView"/> as the input frame's.
        /// </summary>
        private void WriteSet(DescriptorSet set, VkBuffer b0, VkBuffer b1, VkBuffer b2, VkBuffer b3, VkBuffer b4, VkBuffer b5, int layer, BufferView view,
            BufferView frameView)
        {
            var infos = stackalloc DescriptorBufferInfo[7];
            infos[0] = new DescriptorBufferInfo { Buffer = b0, Offset = 0, Range = Vk.WholeSize };
            infos[1] = new DescriptorBufferInfo { Buffer = b1, Offset = 0, Range = Vk.WholeSize };
            infos[2] = new DescriptorBufferInfo { Buffer = b2, Offset = 0, Range = Vk.WholeSize };
            infos[3] = new DescriptorBufferInfo { Buffer = b3, Offset = 0, Range = Vk.WholeSize };
            infos[4] = new DescriptorBufferInfo { Buffer = b4, Offset = 0, Range = Vk.WholeSize };
            infos[5] = new DescriptorBufferInfo { Buffer = b5, Offset = 0, Range = Vk.WholeSize };
            infos[6] = new DescriptorBufferInfo
            {
                Buffer = _weightsUbo.Buffer,
                Offset = layer >= 0 ? _uboOffsets[layer] : 0,
                Range = layer >= 0 ? _uboRanges[layer] : _uboRanges[0],
            };
            var writes = stackalloc WriteDescriptorSet[VulkanKernels.BindingCount];
            for (int i = 0; i < VulkanKernels.BindingCount; i++)
                writes[i] = new WriteDescriptorSet
                {
                    SType = StructureType.WriteDescriptorSet,
                    DstSet = set,
                    DstBinding = (uint)i,
                    DescriptorCount = 1,
                    DescriptorType = VulkanKernels.BindingType(i),
                    PBufferInfo = i < 7 ? &infos[i] : null,
                    PTexelBufferView = i == 7 ? &view : i == 8 ? &frameView : null,
                };
            _device.Api.UpdateDescriptorSets(_device.Device, VulkanKernels.BindingCount, writes, 0, null);
        }

        /// <summary>The descriptor pool sizes of <paramref name="sets"/> sets of the kernels' layout; returns the count.</summary>
        private static int PoolSizes(int sets, DescriptorPoolSize* sizes)
        {
            sizes[0] = new DescriptorPoolSize { Type = DescriptorType.StorageBuffer, DescriptorCount = (uint)(6 * sets) };
            sizes[1] = new DescriptorPoolSize { Type = DescriptorType.UniformBuffer, DescriptorCount = (uint)sets };
            sizes[2] = new DescriptorPoolSize { Type = DescriptorType.UniformTexelBuffer, DescriptorCount = (uint)(2 * sets) };
            return 3;
        }

        /// <summary>A texel-buffer view of <paramref name="buffer"/> with one 4-vector per texel.</summary>
        private BufferView CreateView(VulkanBuffer buffer, bool fp16) =>
            CreateView(buffer, fp16 ? Format.R16G16B16A16Sfloat : Format.R32G32B32A32Sfloat);

        /// <summary>A texel-buffer view of <paramref name="buffer"/> in <paramref name="format"/>.</summary>
        private BufferView CreateView(VulkanBuffer buffer, Format format)
        {
            var info = new BufferViewCreateInfo
            {
                SType = StructureType.BufferViewCreateInfo,
                Buffer = buffer.Buffer,
                Format = format,
                Offset = 0,
                Range = Vk.WholeSize,
            };
            BufferView view;
            VkCheck.Ok(_device.Api.CreateBufferView(_device.Device, &info, null, &view), "vkCreateBufferView");
            return view;
        }

        /// <summary>
        /// The float32 weights of every layer that fits a uniform buffer binding, each at an offset aligned to the
        /// device's minimum, in conv.comp's [tap][ci][o4] order; layers that do not fit read the parameter buffer.
        /// </summary>
        private (VulkanBuffer, ulong[], ulong[]) UploadUniformWeights()
        {
            int layers = _plan.Convs.Count;
            var offsets = new ulong[layers];
            var ranges = new ulong[layers];
            ulong align = Math.Max(16UL, _device.MinUniformBufferOffsetAlignment);
            ulong bytes = 0;
            for (int i = 0; i < layers; i++)
            {
                offsets[i] = bytes;
                ulong size = 9UL * 4 * (ulong)_kernels.In4[i] * (ulong)_kernels.Out4[i] * 16;
                ranges[i] = _kernels.Tiling[i].UniformWeights ? size : 16;
                bytes += (ranges[i] + align - 1) / align * align;
            }
            var buffer = UploadToDeviceLocal(bytes, BufferUsageFlags.UniformBufferBit, "uniform weights", mapped =>
            {
                new Span<byte>(mapped, (int)bytes).Clear();
                for (int i = 0; i < layers; i++)
                {
                    if (!_kernels.Tiling[i].UniformWeights) continue;
                    PackWeights(_plan.Convs[i], _kernels.In4[i], _kernels.Out4[i], new Span<float>((byte*)mapped + offsets[i], (int)(ranges[i] / 4)));
                }
            });
            return (buffer, offsets, ranges);
        }

        /// <summary>
        /// One layer's weights in conv.comp's order: 4-vector (tap 4 in4 + ci) out4 + o4 holds W[4 o4 + k, ci, tap / 3,
        /// tap % 3] in component k, so for one input channel and tap the output channels are consecutive; padding is zero.
        /// </summary>
        private static void PackWeights(PlanConv c, int in4, int out4, Span<float> values)
        {
            for (int o = 0; o < c.OutChannels; o++)
                for (int ci = 0; ci < c.InChannels; ci++)
                    for (int tap = 0; tap < 9; tap++)
                        values[4 * ((tap * 4 * in4 + ci) * out4) + o] = c.Weights[(o * c.InChannels + ci) * 9 + tap];
        }

        private sealed class SizeResources : IDisposable
        {
            private readonly VulkanFrameBackend _o;
            private readonly DescriptorPool _pool;
            private readonly DescriptorSet[] _sets;
            private readonly BufferCopy[] _inRows;
            private readonly BufferCopy[] _outRows;
            private readonly bool _direct;
            private bool _hostRecorded;

            public SizeResources(VulkanFrameBackend owner, FrameSize render, FrameSize display, bool direct)
            {
                _o = owner;
                Render = render;
                Display = display;
                _direct = direct;
                VulkanDevice dev = owner._device;
                int s = owner._plan.Scale;
                int layers = owner._plan.Convs.Count;
                int max4 = 0;
                for (int i = 0; i < layers - 1; i++) max4 = Math.Max(max4, owner._kernels.Out4[i]);
                bool features = owner._kernels.SeparateFeatures;
                if (features) max4 = Math.Max(max4, owner._kernels.In4[0]); // features.comp writes ActB
                ulong element = owner._kernels.Fp16 ? 8UL : 16UL;
                ulong limit = dev.MaxStorageBufferRange;
                if (BufferLimitOverride.HasValue) limit = Math.Min(limit, BufferLimitOverride.Value);
                bool texels = false;
                foreach (ConvTiling t in owner._kernels.Tiling) texels |= !t.SharedInput;
                ulong inBytes = 4UL * (ulong)render.Width * (ulong)render.Height, outBytes = 4UL * (ulong)display.Width * (ulong)display.Height;
                if ((ulong)render.Width * (ulong)render.Height > dev.MaxTexelBufferElements)
                    throw new ArgumentException(
                        $"the render size {render.Width}x{render.Height} needs {(ulong)render.Width * (ulong)render.Height} frame texels; {dev.Name} allows {dev.MaxTexelBufferElements} (maxTexelBufferElements)");
                if (inBytes > dev.MaxStorageBufferRange || outBytes > dev.MaxStorageBufferRange)
                    throw new ArgumentException(
                        $"the sizes {render.Width}x{render.Height} -> {display.Width}x{display.Height} need a {Math.Max(inBytes, outBytes)}-byte frame buffer; {dev.Name} allows {dev.MaxStorageBufferRange} bytes per storage buffer (maxStorageBufferRange)");
                ResampleAxis? rowTaps = direct ? null : ResampleAxis.Create(s * render.Height, display.Height);
                Bands = FrameBands.Plan(new FrameBands.Request
                {
                    RenderWidth = render.Width, RenderHeight = render.Height, DisplayWidth = display.Width, DisplayHeight = display.Height,
                    Scale = s, Layers = layers, Direct = direct,
                    ActRowBytes = (ulong)render.Width * (ulong)max4 * element, ActRowTexels = texels ? (ulong)render.Width * (ulong)max4 : 0,
                    MaxBytes = limit, MaxTexels = dev.MaxTexelBufferElements, Device = dev.Name, Rows = rowTaps,
                });
                int actRows = 0, srRows = 0;
                foreach (FrameBand b in Bands)
                {
                    actRows = Math.Max(actRows, b.ActRow1 - b.ActRow0);
                    srRows = Math.Max(srRows, s * (b.Row1 - b.Row0));
                }
                ulong actBytes = (ulong)render.Width * (ulong)actRows * (ulong)max4 * element;
                ulong srBytes = direct ? 0 : (ulong)render.Width * (ulong)s * (ulong)srRows * 16UL;
                uint groupsX = (uint)((Math.Max(render.Width, display.Width) + 7) / 8), groupsY = (uint)((Math.Max(render.Height, display.Height) + 7) / 8);
                if (groupsX > dev.MaxWorkgroupCount || groupsY > dev.MaxWorkgroupCount)
                    throw new ArgumentException($"the sizes {render.Width}x{render.Height} -> {display.Width}x{display.Height} exceed the device's workgroup count limit {dev.MaxWorkgroupCount}");
                try
                {
                    Input = new VulkanBuffer(dev, 4UL * (ulong)render.Width * (ulong)render.Height,
                        BufferUsageFlags.StorageBufferBit | BufferUsageFlags.UniformTexelBufferBit | BufferUsageFlags.TransferDstBit, false, "input frame");
                    InputView = owner.CreateView(Input, Format.R32Uint);
                    Output = new VulkanBuffer(dev, 4UL * (ulong)display.Width * (ulong)display.Height,
                        BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit, false, "output frame");
                    const BufferUsageFlags actUsage = BufferUsageFlags.StorageBufferBit | BufferUsageFlags.UniformTexelBufferBit | BufferUsageFlags.TransferSrcBit;
                    ActA = new VulkanBuffer(dev, actBytes, actUsage, false, "activations A");
                    ActB = new VulkanBuffer(dev, actBytes, actUsage, false, "activations B");
                    // The kernels that fetch inputs from a texel buffer read these views (one texel = one 4-vector).
                    if (texels)
                    {
                        ViewA = owner.CreateView(ActA, owner._kernels.Fp16);
                        ViewB = owner.CreateView(ActB, owner._kernels.Fp16);
                    }
                    if (!direct)
                    {
                        Sr = new VulkanBuffer(dev, srBytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit, false, "SR image");
                        Taps = owner.UploadTaps(ResampleAxis.Create(s * render.Width, display.Width), rowTaps!);
                    }

                    Vk vk = dev.Api;
                    int setCount = layers + 2; // the layers, the resample, the features
                    var poolSizes = stackalloc DescriptorPoolSize[3];
                    int poolSizeCount = PoolSizes(setCount, poolSizes);
                    var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)setCount, PoolSizeCount = (uint)poolSizeCount, PPoolSizes = poolSizes };
                    DescriptorPool pool;
                    VkCheck.Ok(vk.CreateDescriptorPool(dev.Device, &poolInfo, null, &pool), "vkCreateDescriptorPool");
                    _pool = pool;
                    _sets = new DescriptorSet[setCount];
                    var layoutsPtr = stackalloc DescriptorSetLayout[setCount];
                    for (int i = 0; i < setCount; i++) layoutsPtr[i] = owner._kernels.SetLayout;
                    var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = (uint)setCount, PSetLayouts = layoutsPtr };
                    fixed (DescriptorSet* sets = _sets) VkCheck.Ok(vk.AllocateDescriptorSets(dev.Device, &alloc, sets), "vkAllocateDescriptorSets");

                    VkBuffer p = owner._params.Buffer, sr = (Sr ?? Output).Buffer;
                    for (int i = 0; i < layers; i++)
                    {
                        VkBuffer actIn = i == 0 ? (features ? ActB.Buffer : p) : ((i - 1) % 2 == 0 ? ActA.Buffer : ActB.Buffer);
                        VkBuffer actOut = i == layers - 1 ? p : (i % 2 == 0 ? ActA.Buffer : ActB.Buffer);
                        BufferView view = !texels || (i == 0 && !features) ? owner._dummyView : (i == 0 || (i - 1) % 2 != 0 ? ViewB : ViewA);
                        owner.WriteSet(_sets[i], Input.Buffer, actIn, actOut, p, sr, Output.Buffer, i, view, InputView);
                    }
                    owner.WriteSet(_sets[layers], Input.Buffer, (Taps ?? owner._params).Buffer, p, p, sr, Output.Buffer, -1, owner._dummyView, InputView);
                    owner.WriteSet(_sets[layers + 1], Input.Buffer, p, ActB.Buffer, p, sr, Output.Buffer, -1, owner._dummyView, InputView);
                    _inRows = new BufferCopy[render.Height];
                    _outRows = new BufferCopy[display.Height];
                }
                catch
                {
                    Dispose();
                    throw;
                }
            }

            public FrameSize Render { get; }
            public FrameSize Display { get; }

            /// <summary>The horizontal bands one frame runs in (one where every buffer fits the device's limits).</summary>
            public FrameBand[] Bands { get; } = null!;
            public VulkanBuffer Input { get; } = null!;
            public VulkanBuffer Output { get; } = null!;
            public VulkanBuffer ActA { get; } = null!;
            public VulkanBuffer ActB { get; } = null!;
            public BufferView ViewA { get; }
            public BufferView InputView { get; }
            public BufferView ViewB { get; }
            public VulkanBuffer? Sr { get; }

            /// <summary>The resample taps (see shaders/resample.comp); null when the last layer writes the display directly.</summary>
            public VulkanBuffer? Taps { get; }
            public VulkanBuffer? Upload { get; private set; }
            public VulkanBuffer? Readback { get; private set; }
            public CommandBuffer HostCommands => _o._hostCmd;

            /// <summary>Creates the staging buffers and records the host path's command buffer, once per size.</summary>
            public void EnsureHostPath()
            {
                if (_hostRecorded) return;
                VulkanDevice dev = _o._device;
                Upload ??= new VulkanBuffer(dev, Input.Size, BufferUsageFlags.TransferSrcBit, true, "input staging");
                Readback ??= new VulkanBuffer(dev, Output.Size, BufferUsageFlags.TransferDstBit, true, "output staging");
                Vk vk = dev.Api;
                CommandBuffer cmd = _o._hostCmd;
                VkCheck.Ok(vk.ResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
                var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo };
                VkCheck.Ok(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
                Record(cmd, 0, VulkanFrame.FromBuffer(Upload.Buffer.Handle, 0, 4 * Render.Width), VulkanFrame.FromBuffer(Readback.Buffer.Handle, 0, 4 * Display.Width));
                var toHost = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.HostReadBit };
                vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 1, &toHost, 0, null, 0, null);
                VkCheck.Ok(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
                _hostRecorded = true;
            }

            /// <summary>Records copy-in, the kernels and copy-out, with timestamps in query slot <paramref name="slot"/>.</summary>
            public void Record(CommandBuffer cmd, int slot, in VulkanFrame input, in VulkanFrame output)
            {
                VulkanFrameBackend o = _o;
                Vk vk = o._device.Api;
                QueryPool qp = o._queries;
                int layers = o._plan.Convs.Count;
                uint q = (uint)(slot * o._queriesPerSlot);
                bool timed = qp.Handle != 0;
                if (timed)
                {
                    vk.CmdResetQueryPool(cmd, qp, q, (uint)o._queriesPerSlot);
                    vk.CmdWriteTimestamp(cmd, PipelineStageFlags.TopOfPipeBit, qp, q);
                }

                CopyIn(vk, cmd, input);
                Barrier(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
                if (timed) vk.CmdWriteTimestamp(cmd, PipelineStageFlags.TransferBit, qp, q + 1);

                var push = new KernelPush
                {
                    Width = (uint)Render.Width,
                    Height = (uint)Render.Height,
                    InStride = (uint)Render.Width,
                    OutWidth = (uint)Display.Width,
                    OutHeight = (uint)Display.Height,
                    OutStride = (uint)Display.Width,
                    SwapRb = o._swapRb ? 1u : 0u,
                    Seed = o._seed,
                    SigmaMax = o._plan.SigmaMax,
                    CSkip = o._plan.CSkip,
                    COut = o._plan.COut,
                };
                // Band by band (one band where the frame fits the device's buffers); the per-layer timestamps are written in
                // the last band, so with several bands the earlier ones count in the first layer's GPU time.
                for (int bi = 0; bi < Bands.Length; bi++)
                {
                    FrameBand band = Bands[bi];
                    bool lastBand = bi == Bands.Length - 1;
                    push.ActRow0 = band.ActRow0;
                    push.ActRow1 = band.ActRow1;
                    push.SrRow0 = o._plan.Scale * band.Row0;
                    if (bi > 0) // the previous band's last reads finish before this band overwrites the buffers
                        Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
                    if (o._kernels.SeparateFeatures)
                    {
                        // The first layer's input features, once per pixel, into ActB (see shaders/features.comp).
                        DescriptorSet fset = _sets[layers + 1];
                        push.Y0 = band.ActRow0;
                        push.Y1 = band.ActRow1;
                        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, o._kernels.Features);
                        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, o._kernels.Layout, 0, 1, &fset, 0, null);
                        vk.CmdPushConstants(cmd, o._kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                        vk.CmdDispatch(cmd, (uint)(Render.Width + 7) / 8, (uint)(band.ActRow1 - band.ActRow0 + 7) / 8, 1);
                        Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
                    }
                    for (int i = 0; i < layers; i++)
                    {
                        Pipeline pipeline = i == layers - 1 && _direct ? o._kernels.LastDirect : o._kernels.Layers[i];
                        push.WeightOffset = o._weightOffsets[i];
                        push.BiasOffset = o._biasOffsets[i];
                        push.Slope = o._plan.Convs[i].Slope ?? 1f;
                        (push.Y0, push.Y1) = band.LayerRows(i, layers, Render.Height);
                        DescriptorSet set = _sets[i];
                        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, pipeline);
                        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, o._kernels.Layout, 0, 1, &set, 0, null);
                        ConvTiling t = o._kernels.Tiling[i];
                        uint gx = (uint)((Render.Width + t.TileWidth - 1) / t.TileWidth), gy = (uint)((push.Y1 - push.Y0 + t.TileHeight - 1) / t.TileHeight);
                        // One dispatch per output group: the group's offset is a push constant, uniform on every driver.
                        for (int g = 0, groups = t.Groups(o._kernels.Out4[i]); g < groups; g++)
                        {
                            push.G0 = (uint)(g * t.Og);
                            vk.CmdPushConstants(cmd, o._kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                            vk.CmdDispatch(cmd, gx, gy, 1);
                        }
                        Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
                        if (timed && lastBand) vk.CmdWriteTimestamp(cmd, PipelineStageFlags.ComputeShaderBit, qp, q + 2 + (uint)i);
                    }
                    if (!_direct)
                    {
                        DescriptorSet set = _sets[layers];
                        push.Y0 = band.DisplayRow0;
                        push.Y1 = band.DisplayRow1;
                        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, o._kernels.Resample);
                        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, o._kernels.Layout, 0, 1, &set, 0, null);
                        vk.CmdPushConstants(cmd, o._kernels.Layout, ShaderStageFlags.ComputeBit, 0, KernelPush.Size, &push);
                        vk.CmdDispatch(cmd, (uint)(Display.Width + 7) / 8, (uint)(band.DisplayRow1 - band.DisplayRow0 + 7) / 8, 1);
                    }
                }
                Barrier(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
                if (timed) vk.CmdWriteTimestamp(cmd, PipelineStageFlags.ComputeShaderBit, qp, q + 2 + (uint)layers);
                CopyOut(vk, cmd, output);
                if (timed) vk.CmdWriteTimestamp(cmd, PipelineStageFlags.TransferBit, qp, q + 3 + (uint)layers);
            }

            private void CopyIn(Vk vk, CommandBuffer cmd, in VulkanFrame input)
            {
                int w = Render.Width, h = Render.Height;
                if (input.Kind == VulkanFrameKind.Buffer)
                {
                    var src = new VkBuffer(input.Handle);
                    // Barrier for whatever wrote the engine's buffer before this point (host or GPU).
                    Barrier(vk, cmd, PipelineStageFlags.AllCommandsBit | PipelineStageFlags.HostBit, AccessFlags.MemoryWriteBit | AccessFlags.HostWriteBit,
                        PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
                    if (input.StrideBytes == 4 * w)
                    {
                        var region = new BufferCopy { SrcOffset = input.Offset, DstOffset = 0, Size = 4UL * (ulong)w * (ulong)h };
                        vk.CmdCopyBuffer(cmd, src, Input.Buffer, 1, &region);
                    }
                    else
                    {
                        for (int y = 0; y < h; y++)
                            _inRows[y] = new BufferCopy { SrcOffset = input.Offset + (ulong)y * (ulong)input.StrideBytes, DstOffset = 4UL * (ulong)w * (ulong)y, Size = 4UL * (ulong)w };
                        fixed (BufferCopy* regions = _inRows) vk.CmdCopyBuffer(cmd, src, Input.Buffer, (uint)h, regions);
                    }
                }
                else
                {
                    var image = new Image(input.Handle);
                    var layout = (ImageLayout)input.Layout;
                    bool keep = layout == ImageLayout.General || layout == ImageLayout.TransferSrcOptimal;
                    ImageLayout copyLayout = keep ? layout : ImageLayout.TransferSrcOptimal;
                    if (!keep) ImageBarrier(vk, cmd, image, layout, copyLayout, AccessFlags.MemoryWriteBit, AccessFlags.TransferReadBit,
                        PipelineStageFlags.AllCommandsBit, PipelineStageFlags.TransferBit);
                    else Barrier(vk, cmd, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
                    var region = new BufferImageCopy
                    {
                        BufferOffset = 0,
                        ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, MipLevel = 0, BaseArrayLayer = 0, LayerCount = 1 },
                        ImageExtent = new Extent3D((uint)w, (uint)h, 1),
                    };
                    vk.CmdCopyImageToBuffer(cmd, image, copyLayout, Input.Buffer, 1, &region);
                    if (!keep) ImageBarrier(vk, cmd, image, copyLayout, layout, AccessFlags.TransferReadBit, 0,
                        PipelineStageFlags.TransferBit, PipelineStageFlags.AllCommandsBit);
                }
            }

            private void CopyOut(Vk vk, CommandBuffer cmd, in VulkanFrame output)
            {
                int w = Display.Width, h = Display.Height;
                if (output.Kind == VulkanFrameKind.Buffer)
                {
                    var dst = new VkBuffer(output.Handle);
                    if (output.StrideBytes == 4 * w)
                    {
                        var region = new BufferCopy { SrcOffset = 0, DstOffset = output.Offset, Size = 4UL * (ulong)w * (ulong)h };
                        vk.CmdCopyBuffer(cmd, Output.Buffer, dst, 1, &region);
                    }
                    else
                    {
                        for (int y = 0; y < h; y++)
                            _outRows[y] = new BufferCopy { SrcOffset = 4UL * (ulong)w * (ulong)y, DstOffset = output.Offset + (ulong)y * (ulong)output.StrideBytes, Size = 4UL * (ulong)w };
                        fixed (BufferCopy* regions = _outRows) vk.CmdCopyBuffer(cmd, Output.Buffer, dst, (uint)h, regions);
                    }
                    Barrier(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit,
                        AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
                }
                else
                {
                    var image = new Image(output.Handle);
                    var layout = (ImageLayout)output.Layout;
                    bool keep = layout == ImageLayout.General || layout == ImageLayout.TransferDstOptimal;
                    ImageLayout copyLayout = keep ? layout : ImageLayout.TransferDstOptimal;
                    if (!keep) ImageBarrier(vk, cmd, image, layout, copyLayout, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit, AccessFlags.TransferWriteBit,
                        PipelineStageFlags.AllCommandsBit, PipelineStageFlags.TransferBit);
                    var region = new BufferImageCopy
                    {
                        BufferOffset = 0,
                        ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, MipLevel = 0, BaseArrayLayer = 0, LayerCount = 1 },
                        ImageExtent = new Extent3D((uint)w, (uint)h, 1),
                    };
                    vk.CmdCopyBufferToImage(cmd, Output.Buffer, image, copyLayout, 1, &region);
                    if (!keep) ImageBarrier(vk, cmd, image, copyLayout, layout, AccessFlags.TransferWriteBit, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit,
                        PipelineStageFlags.TransferBit, PipelineStageFlags.AllCommandsBit);
                    else Barrier(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit,
                        AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
                }
            }

            private static void Barrier(Vk vk, CommandBuffer cmd, PipelineStageFlags srcStage, AccessFlags src, PipelineStageFlags dstStage, AccessFlags dst)
            {
                var b = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = src, DstAccessMask = dst };
                vk.CmdPipelineBarrier(cmd, srcStage, dstStage, 0, 1, &b, 0, null, 0, null);
            }

            private static void ImageBarrier(Vk vk, CommandBuffer cmd, Image image, ImageLayout from, ImageLayout to, AccessFlags src, AccessFlags dst,
                PipelineStageFlags srcStage, PipelineStageFlags dstStage)
            {
                var b = new ImageMemoryBarrier
                {
                    SType = StructureType.ImageMemoryBarrier,
                    SrcAccessMask = src,
                    DstAccessMask = dst,
                    OldLayout = from,
                    NewLayout = to,
                    SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
                    DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
                    Image = image,
                    SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, BaseMipLevel = 0, LevelCount = 1, BaseArrayLayer = 0, LayerCount = 1 },
                };
                vk.CmdPipelineBarrier(cmd, srcStage, dstStage, 0, 0, null, 0, null, 1, &b);
            }

            public void Dispose()
            {
                VulkanDevice dev = _o._device;
                if (_pool.Handle != 0) dev.Api.DestroyDescriptorPool(dev.Device, _pool, null);
                if (ViewA.Handle != 0) dev.Api.DestroyBufferView(dev.Device, ViewA, null);
                if (InputView.Handle != 0) dev.Api.DestroyBufferView(dev.Device, InputView, null);
                if (ViewB.Handle != 0) dev.Api.DestroyBufferView(dev.Device, ViewB, null);
                Input?.Dispose();
                Output?.Dispose();
                ActA?.Dispose();
                ActB?.Dispose();
                Sr?.Dispose();
                Taps?.Dispose();
                Upload?.Dispose();
                Readback?.Dispose();
            }
        }
    }
}
