using System.Runtime.InteropServices;

namespace Ctmsr.Demo.Windowing;

/// <summary>The push constants of shaders/demo/compose.comp.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ComposePush
{
    public uint Width, Height, SwapRedBlue, Split, Divider, Lens, LensX, LensY, LensRadius, Zoom;
    public uint ShowHud, TextOffset, TextColumns, TextRows, GraphOffset, GraphCount;
    public float GraphMaxMs, GraphBudgetMs;
}
