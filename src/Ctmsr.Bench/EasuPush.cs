using System.Runtime.InteropServices;

namespace Ctmsr.Bench;

/// <summary>The push constants of shaders/demo/easu.comp (and resample.comp): sizes, method, red/blue swap, output stride and x offset.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct EasuPush
{
    public uint SrcWidth, SrcHeight, DstWidth, DstHeight, Method, SwapRedBlue, DstStride, DstX;
}
