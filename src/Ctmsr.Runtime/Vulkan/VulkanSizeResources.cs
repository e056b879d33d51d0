using System;
using Silk.NET.Vulkan;
using Ctmsr.Runtime.Resampling;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// What the frame backend builds per size pair: the input and output frame buffers, two ping-pong activation buffers
/// (with texel views where a kernel reads them so), the SR buffer and the resample taps (only when the display is not
/// exactly scale x render; see <see cref="ResampleAxis"/>), the bands the frame runs in, the descriptor sets of every
/// kernel, and the row-copy regions of strided frames (so that recording allocates nothing). Every device limit is
/// checked before anything is allocated. Owns all of it; does not own the device, the kernels or the weights.
/// </summary>
internal sealed unsafe class VulkanSizeResources : IDisposable
{
    private readonly VulkanDevice _device;
    private readonly DescriptorPool _pool;

    /// <summary>
    /// Builds the resources of <paramref name="render"/> -> <paramref name="display"/> for a model of
    /// <paramref name="scale"/> and <paramref name="layers"/> conv layers. <paramref name="bufferLimit"/> caps the bytes
    /// of one activation buffer (the device's maxStorageBufferRange or less); larger frames run in bands.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes exceed a limit of the device; the message names it.</exception>
    public VulkanSizeResources(VulkanDevice device, int scale, int layers, VulkanKernels kernels, VulkanWeights weights, VulkanDescriptors descriptors,
        VulkanCommands commands, FrameSize render, FrameSize display, ulong bufferLimit)
    {
        _device = device;
        Render = render;
        Display = display;
        bool direct = display.Width == scale * render.Width && display.Height == scale * render.Height;
        Direct = direct;
        int max4 = 0;
        for (int i = 0; i < layers - 1; i++) max4 = Math.Max(max4, kernels.Out4[i]);
        bool features = kernels.SeparateFeatures;
        if (features) max4 = Math.Max(max4, kernels.In4[0]); // features.comp writes ActB
        ulong element = kernels.Fp16 ? 8UL : 16UL;
        bool texels = false;
        foreach (ConvTiling t in kernels.Tiling) texels |= !t.SharedInput;
        ulong inBytes = 4UL * (ulong)render.Width * (ulong)render.Height, outBytes = 4UL * (ulong)display.Width * (ulong)display.Height;
        if ((ulong)render.Width * (ulong)render.Height > device.MaxTexelBufferElements)
            throw new ArgumentException(
                $"the render size {render.Width}x{render.Height} needs {(ulong)render.Width * (ulong)render.Height} frame texels; {device.Name} allows {device.MaxTexelBufferElements} (maxTexelBufferElements)");
        if (inBytes > device.MaxStorageBufferRange || outBytes > device.MaxStorageBufferRange)
            throw new ArgumentException(
                $"the sizes {render.Width}x{render.Height} -> {display.Width}x{display.Height} need a {Math.Max(inBytes, outBytes)}-byte frame buffer; {device.Name} allows {device.MaxStorageBufferRange} bytes per storage buffer (maxStorageBufferRange)");
        ResampleAxis? rowTaps = direct ? null : ResampleAxis.Create(scale * render.Height, display.Height);
        Bands = FrameBands.Plan(new FrameBands.Request
        {
            RenderWidth = render.Width, RenderHeight = render.Height, DisplayWidth = display.Width, DisplayHeight = display.Height,
            Scale = scale, Layers = layers, Direct = direct,
            ActRowBytes = (ulong)render.Width * (ulong)max4 * element, ActRowTexels = texels ? (ulong)render.Width * (ulong)max4 : 0,
            MaxBytes = bufferLimit, MaxTexels = device.MaxTexelBufferElements, Device = device.Name, Rows = rowTaps,
        });
        int actRows = 0, srRows = 0;
        foreach (FrameBand b in Bands)
        {
            actRows = Math.Max(actRows, b.ActRow1 - b.ActRow0);
            srRows = Math.Max(srRows, scale * (b.Row1 - b.Row0));
        }
        ulong actBytes = (ulong)render.Width * (ulong)actRows * (ulong)max4 * element;
        ulong srBytes = direct ? 0 : (ulong)render.Width * (ulong)scale * (ulong)srRows * 16UL;
        uint groupsX = (uint)((Math.Max(render.Width, display.Width) + 7) / 8), groupsY = (uint)((Math.Max(render.Height, display.Height) + 7) / 8);
        if (groupsX > device.MaxWorkgroupCount || groupsY > device.MaxWorkgroupCount)
            throw new ArgumentException($"the sizes {render.Width}x{render.Height} -> {display.Width}x{display.Height} exceed the device's workgroup count limit {device.MaxWorkgroupCount}");
        try
        {
            Input = new VulkanBuffer(device, 4UL * (ulong)render.Width * (ulong)render.Height,
                BufferUsageFlags.StorageBufferBit | BufferUsageFlags.UniformTexelBufferBit | BufferUsageFlags.TransferDstBit, false, "input frame");
            InputView = descriptors.CreateView(Input, Format.R32Uint);
            Output = new VulkanBuffer(device, 4UL * (ulong)display.Width * (ulong)display.Height,
                BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit, false, "output frame");
            const BufferUsageFlags actUsage = BufferUsageFlags.StorageBufferBit | BufferUsageFlags.UniformTexelBufferBit | BufferUsageFlags.TransferSrcBit;
            ActA = new VulkanBuffer(device, actBytes, actUsage, false, "activations A");
            ActB = new VulkanBuffer(device, actBytes, actUsage, false, "activations B");
            // The kernels that fetch inputs from a texel buffer read these views (one texel = one 4-vector).
            if (texels)
            {
                ViewA = descriptors.CreateView(ActA, kernels.Fp16);
                ViewB = descriptors.CreateView(ActB, kernels.Fp16);
            }
            if (!direct)
            {
                Sr = new VulkanBuffer(device, srBytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit, false, "SR image");
                Taps = UploadTaps(device, commands, ResampleAxis.Create(scale * render.Width, display.Width), rowTaps!);
            }

            Vk vk = device.Api;
            int setCount = layers + 2; // the layers, the resample, the features
            var poolSizes = stackalloc DescriptorPoolSize[3];
            int poolSizeCount = VulkanDescriptors.PoolSizes(setCount, poolSizes);
            var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)setCount, PoolSizeCount = (uint)poolSizeCount, PPoolSizes = poolSizes };
            DescriptorPool pool;
            VkCheck.Ok(vk.CreateDescriptorPool(device.Device, &poolInfo, null, &pool), "vkCreateDescriptorPool");
            _pool = pool;
            Sets = new DescriptorSet[setCount];
            var layoutsPtr = stackalloc DescriptorSetLayout[setCount];
            for (int i = 0; i < setCount; i++) layoutsPtr[i] = kernels.SetLayout;
            var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = (uint)setCount, PSetLayouts = layoutsPtr };
            fixed (DescriptorSet* sets = Sets) VkCheck.Ok(vk.AllocateDescriptorSets(device.Device, &alloc, sets), "vkAllocateDescriptorSets");

            VkBuffer p = weights.Params.Buffer, sr = (Sr ?? Output).Buffer;
            for (int i = 0; i < layers; i++)
            {
                VkBuffer actIn = i == 0 ? (features ? ActB.Buffer : p) : ((i - 1) % 2 == 0 ? ActA.Buffer : ActB.Buffer);
                VkBuffer actOut = i == layers - 1 ? p : (i % 2 == 0 ? ActA.Buffer : ActB.Buffer);
                BufferView view = !texels || (i == 0 && !features) ? descriptors.DummyView : (i == 0 || (i - 1) % 2 != 0 ? ViewB : ViewA);
                descriptors.WriteSet(Sets[i], Input.Buffer, actIn, actOut, p, sr, Output.Buffer, i, view, InputView);
            }
            descriptors.WriteSet(Sets[layers], Input.Buffer, (Taps ?? weights.Params).Buffer, p, p, sr, Output.Buffer, -1, descriptors.DummyView, InputView);
            descriptors.WriteSet(Sets[layers + 1], Input.Buffer, p, ActB.Buffer, p, sr, Output.Buffer, -1, descriptors.DummyView, InputView);
            InRows = new BufferCopy[render.Height];
            OutRows = new BufferCopy[display.Height];
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public FrameSize Render { get; }
    public FrameSize Display { get; }

    /// <summary>True when the display is exactly scale x render: the last layer writes the display frame, no resample.</summary>
    public bool Direct { get; }

    /// <summary>The horizontal bands one frame runs in (one where every buffer fits the device's limits).</summary>
    public FrameBand[] Bands { get; }
    public VulkanBuffer Input { get; } = null!;
    public VulkanBuffer Output { get; } = null!;

    /// <summary>Activations written by the even layers (and read by the odd ones).</summary>
    public VulkanBuffer ActA { get; } = null!;

    /// <summary>Activations written by the odd layers and by features.comp.</summary>
    public VulkanBuffer ActB { get; } = null!;
    public BufferView ViewA { get; }
    public BufferView InputView { get; }
    public BufferView ViewB { get; }

    /// <summary>The model's output before the resample (float32 RGBA per SR pixel); null when <see cref="Direct"/>.</summary>
    public VulkanBuffer? Sr { get; }

    /// <summary>The resample taps (see shaders/resample.comp); null when the last layer writes the display directly.</summary>
    public VulkanBuffer? Taps { get; }

    /// <summary>One set per conv layer, then the resample's, then the features'.</summary>
    public DescriptorSet[] Sets { get; } = null!;

    /// <summary>Row-copy regions for a strided input frame, filled while recording.</summary>
    public BufferCopy[] InRows { get; } = null!;

    /// <summary>Row-copy regions for a strided output frame, filled while recording.</summary>
    public BufferCopy[] OutRows { get; } = null!;

    /// <summary>
    /// Uploads the resample taps to a device-local buffer in the layout shaders/resample.comp reads: a header
    /// (x taps, y taps, first row entry, 0), then the column entries and the row entries, each (index, weight bits).
    /// </summary>
    private static VulkanBuffer UploadTaps(VulkanDevice device, VulkanCommands commands, ResampleAxis cols, ResampleAxis rows)
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
        if (bytes > device.MaxStorageBufferRange)
            throw new ArgumentException($"the resample taps {cols.InSize}x{rows.InSize} -> {cols.OutSize}x{rows.OutSize} need a {bytes}-byte storage buffer; {device.Name} allows {device.MaxStorageBufferRange}");
        return commands.UploadToDeviceLocal(bytes, 0, "resample taps", mapped => words.AsSpan().CopyTo(new Span<uint>(mapped, words.Length)));
    }

    private static uint SingleBits(float value) => *(uint*)&value;

    public void Dispose()
    {
        VulkanDevice dev = _device;
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
    }
}
