using System.Runtime.InteropServices;

namespace Ctmsr.Demo.Upscalers;

/// <summary>The push constants of resample.comp and easu.comp.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ResamplePush
{
    public uint SrcWidth, SrcHeight, DstWidth, DstHeight, Method, SwapRedBlue, DstStride, DstX;
}
