using System.Numerics;
using System.Runtime.InteropServices;

namespace Ctmsr.Demo.Scene;

/// <summary>The uniform block <c>Frame</c> of shaders/demo/scene_common.glsl (std140: four vec4-aligned members).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FrameUniforms
{
    public Matrix4x4 ViewProjection;
    public Vector4 CameraPosition;
    public Vector4 SunDirection;
    /// <summary>x: scene time in seconds; y: texture mip bias.</summary>
    public Vector4 Parameters;
}
