using System.Runtime.InteropServices;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>The push constants of every kernel; mirrors shaders/common/push.glsl field for field.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct KernelPush
{
    public uint Width;
    public uint Height;
    public uint InStride;
    public uint OutWidth;
    public uint OutHeight;
    public uint OutStride;
    public uint SwapRb;
    public uint Seed;
    public float SigmaMax;
    public float CSkip;
    public float COut;
    public float Slope;
    public uint WeightOffset;
    public uint BiasOffset;
    public uint G0;
    public int ActRow0;
    public int ActRow1;
    public int Y0;
    public int Y1;
    public int SrRow0;

    public const uint Size = 20 * 4;
}
