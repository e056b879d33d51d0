using System;
using System.Globalization;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// How one conv layer's pipeline is shaped (the specialization constants of shaders/conv.comp): a workgroup of
/// <see cref="Lx"/> x <see cref="Ly"/> invocations covers (<see cref="Lx"/> <see cref="Pix"/>) x <see cref="Ly"/>
/// LR pixels, and one dispatch <see cref="Og"/> 4-vectors of output channels (a layer takes out4 / Og dispatches).
/// </summary>
internal readonly struct ConvTiling
{
    /// <summary>The sums one invocation may hold on a GPU, in 4-vectors (beyond this, registers spill).</summary>
    public const int GpuAccumulatorVectors = 16;

    /// <summary>
    /// The same on a CPU driver, where each invocation is one SIMD lane and each sum one vector register: 4 4-vectors
    /// (16 registers) leave room for the operands.
    /// </summary>
    public const int CpuAccumulatorVectors = 4;

    /// <summary>The weights a uniform buffer binding may hold (the shader's array), in bytes.</summary>
    public const int UniformWeightBytes = 65536;

    public ConvTiling(int pix, int og, int lx, int ly, int chunk4, bool uniformWeights, bool sharedInput)
    {
        Pix = pix;
        Og = og;
        Lx = lx;
        Ly = ly;
        Chunk4 = chunk4;
        UniformWeights = uniformWeights;
        SharedInput = sharedInput;
    }

    /// <summary>For the kernels that are not convolutions (their shaders ignore the constants).</summary>
    public static ConvTiling Plain => new ConvTiling(1, 1, 8, 8, 1, false, true);

    /// <summary>
    /// Test seam: true picks the CPU-driver shapes, false the GPU shapes, whatever the device (the tests run the GPU
    /// kernels' shape on lavapipe this way); null (the default) follows the device.
    /// </summary>
    internal static bool? ForceShape { get; set; }

    public int Pix { get; }
    public int Og { get; }
    public int Lx { get; }
    public int Ly { get; }
    public int Chunk4 { get; }

    /// <summary>The weights come from a uniform buffer (float32), else from the parameter storage buffer.</summary>
    public bool UniformWeights { get; }

    /// <summary>Inputs go through a shared-memory tile; else they are fetched from a texel buffer per use.</summary>
    public bool SharedInput { get; }

    public int TileWidth => Lx * Pix;
    public int TileHeight => Ly;

    /// <summary>Dispatches for a layer of <paramref name="out4"/> output 4-vectors.</summary>
    public int Groups(int out4) => out4 / Og;

    /// <summary>Shared memory of the input tile, in bytes.</summary>
    public int SharedBytes(int element) => SharedInput ? (TileWidth + 2) * (Ly + 2) * Chunk4 * element : 0;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0}x{1} invocations, {2} px x {3} out4 each, chunk {4}, weights from {5}, inputs from {6}", Lx, Ly, Pix, Og, Chunk4,
        UniformWeights ? "a uniform buffer" : "a storage buffer", SharedInput ? "shared memory" : "a texel buffer");

    /// <summary>
    /// The tiling of one layer on <paramref name="device"/>. On a GPU, a shared-memory input tile and up to
    /// <see cref="GpuAccumulatorVectors"/> sums per invocation; on a CPU driver, texel-buffer inputs and
    /// <see cref="CpuAccumulatorVectors"/>. The first layer builds its input features once per tile, so it always
    /// uses the tile with all its inputs in one chunk where it builds them itself; the last keeps every output
    /// (depth_to_space needs them together).
    /// </summary>
    public static ConvTiling Choose(VulkanDevice device, bool first, bool last, int in4, int out4, int element, int budget)
    {
        bool cpu = ForceShape ?? device.IsCpu;
        int accumulators = cpu ? CpuAccumulatorVectors : GpuAccumulatorVectors;
        bool ubo = 9L * 4 * in4 * out4 * 16 <= Math.Min(device.MaxUniformBufferRange, UniformWeightBytes);
        // fp16 texel fetches make lavapipe's shader compiler take tens of seconds: fp16 on a CPU driver (emulated, and
        // never picked by Auto there) uses the tile. On a CPU driver in fp32 the first layer's features are written
        // by features.comp first, and the layer runs as a plain conv from a texel buffer.
        bool fused = first && (!cpu || element == 8);
        bool shared = fused || !cpu || element == 8;
        int og, pix, lx = 8, ly = 8;
        if (last) og = out4;
        else
        {
            og = Math.Min(out4, cpu ? accumulators : accumulators / 2);
            while (out4 % og != 0) og--;
        }
        pix = Math.Max(1, Math.Min(4, accumulators / og));
        if (cpu && !last && !fused)
        {
            // Measured on lavapipe (bench --vulkan): one output 4-vector and four pixels per invocation beat every
            // wider output blocking, whose weight loads and registers cost more than the extra input fetches.
            og = 1;
            pix = 4;
        }
        int chunk = in4;
        if (shared && !fused)
        {
            // The largest divisor of in4 whose tile fits.
            for (chunk = in4; chunk > 1; chunk--)
                if (in4 % chunk == 0 && new ConvTiling(pix, og, lx, ly, chunk, ubo, shared).SharedBytes(element) <= budget) break;
        }
        var t = new ConvTiling(pix, og, lx, ly, chunk, ubo, shared);
        while (t.SharedBytes(element) > budget && t.Pix > 1) t = new ConvTiling(t.Pix / 2, og, lx, ly, chunk, ubo, shared);
        if (t.SharedBytes(element) > device.MaxSharedMemoryBytes)
            throw new VulkanUnavailableException(
                $"a conv layer's tile needs {t.SharedBytes(element)} bytes of shared memory; {device.Name} has {device.MaxSharedMemoryBytes}");
        return t;
    }
}
