using System.Runtime.InteropServices;

namespace Ctmsr.Demo.Scene;

/// <summary>Push constants of downscale.comp: output size, factor k and the supersampled row length.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct DownscalePush
{
    public uint DstWidth, DstHeight, Factor, SrcWidth;
}
