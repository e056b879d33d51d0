using System.Numerics;
using System.Runtime.InteropServices;

namespace Ctmsr.Demo.Scene;

/// <summary>One vertex of the demo scene: 36 bytes, matching scene.vert's inputs.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly struct SceneVertex(Vector3 position, Vector3 normal, Vector2 uv, uint material)
{
    public readonly Vector3 Position = position;
    public readonly Vector3 Normal = normal;
    public readonly Vector2 Uv = uv;
    public readonly uint Material = material;
}
