using System;
using Silk.NET.Vulkan;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// The model's weights on the device, packed and uploaded once at creation: the parameter buffer (every layer's
/// weights and biases in the kernels' precision, 4-vectors, at <see cref="WeightOffsets"/> and <see cref="BiasOffsets"/>)
/// and the uniform weights (float32, each layer that fits a uniform buffer binding at an offset aligned to the device's
/// minimum; see <see cref="ConvTiling.UniformWeights"/>). Owns both buffers.
/// </summary>
internal sealed unsafe class VulkanWeights : IDisposable
{
    /// <summary>Packs and uploads the weights of <paramref name="plan"/> for <paramref name="kernels"/> through <paramref name="commands"/>.</summary>
    public VulkanWeights(VulkanDevice device, VulkanModelPlan plan, VulkanKernels kernels, VulkanCommands commands)
    {
        (Params, WeightOffsets, BiasOffsets) = UploadParameters(plan, kernels, commands);
        try
        {
            (Uniform, UniformOffsets, UniformRanges) = UploadUniformWeights(device, plan, kernels, commands);
        }
        catch
        {
            Params.Dispose();
            throw;
        }
    }

    /// <summary>The parameter buffer (binding 3, and a placeholder for the storage bindings a kernel does not use).</summary>
    public VulkanBuffer Params { get; }

    /// <summary>Per layer: the 4-vector offset of its weights in <see cref="Params"/> (a push constant).</summary>
    public uint[] WeightOffsets { get; }

    /// <summary>Per layer: the 4-vector offset of its biases in <see cref="Params"/> (a push constant).</summary>
    public uint[] BiasOffsets { get; }

    /// <summary>The float32 uniform weights (binding 6).</summary>
    public VulkanBuffer Uniform { get; }

    /// <summary>Per layer: the byte offset of its range of <see cref="Uniform"/>.</summary>
    public ulong[] UniformOffsets { get; }

    /// <summary>Per layer: the byte size of its range of <see cref="Uniform"/> (16 for a layer that reads <see cref="Params"/>).</summary>
    public ulong[] UniformRanges { get; }

    private static (VulkanBuffer, uint[], uint[]) UploadParameters(VulkanModelPlan plan, VulkanKernels kernels, VulkanCommands commands)
    {
        bool fp16 = kernels.Fp16;
        int layers = plan.Convs.Count;
        var wOff = new uint[layers];
        var bOff = new uint[layers];
        long vec4s = 0;
        for (int i = 0; i < layers; i++)
        {
            wOff[i] = (uint)vec4s;
            vec4s += (long)kernels.Out4[i] * 4 * 9 * kernels.In4[i];
            bOff[i] = (uint)vec4s;
            vec4s += kernels.Out4[i];
        }
        var values = new float[vec4s * 4];
        for (int i = 0; i < layers; i++)
        {
            PlanConv c = plan.Convs[i];
            int in4 = kernels.In4[i];
            PackWeights(c, in4, kernels.Out4[i], values.AsSpan(4 * (int)wOff[i], 4 * (int)(bOff[i] - wOff[i])));
            for (int o = 0; o < c.OutChannels; o++) values[4 * bOff[i] + o] = c.Biases[o];
        }
        ulong bytes = (ulong)values.Length * (fp16 ? 2UL : 4UL);
        var device = commands.UploadToDeviceLocal(bytes, 0, "weights", mapped =>
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

    /// <summary>
    /// The float32 weights of every layer that fits a uniform buffer binding, each at an offset aligned to the
    /// device's minimum, in conv.comp's [tap][ci][o4] order; layers that do not fit read the parameter buffer.
    /// </summary>
    private static (VulkanBuffer, ulong[], ulong[]) UploadUniformWeights(VulkanDevice device, VulkanModelPlan plan, VulkanKernels kernels, VulkanCommands commands)
    {
        int layers = plan.Convs.Count;
        var offsets = new ulong[layers];
        var ranges = new ulong[layers];
        ulong align = Math.Max(16UL, device.MinUniformBufferOffsetAlignment);
        ulong bytes = 0;
        for (int i = 0; i < layers; i++)
        {
            offsets[i] = bytes;
            ulong size = 9UL * 4 * (ulong)kernels.In4[i] * (ulong)kernels.Out4[i] * 16;
            ranges[i] = kernels.Tiling[i].UniformWeights ? size : 16;
            bytes += (ranges[i] + align - 1) / align * align;
        }
        var buffer = commands.UploadToDeviceLocal(bytes, BufferUsageFlags.UniformBufferBit, "uniform weights", mapped =>
        {
            new Span<byte>(mapped, (int)bytes).Clear();
            for (int i = 0; i < layers; i++)
            {
                if (!kernels.Tiling[i].UniformWeights) continue;
                PackWeights(plan.Convs[i], kernels.In4[i], kernels.Out4[i], new Span<float>((byte*)mapped + offsets[i], (int)(ranges[i] / 4)));
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

    public void Dispose()
    {
        Params.Dispose();
        Uniform.Dispose();
    }
}
