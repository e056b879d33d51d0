using System.Numerics;

namespace Ctmsr.Demo.Scene;

/// <summary>Appends boxes, quads, cylinders and spheres to one vertex/index list; UVs are in world metres / tile size.</summary>
public sealed class SceneMeshBuilder
{
    public List<SceneVertex> Vertices { get; } = new();
    public List<uint> Indices { get; } = new();

    public int TriangleCount => Indices.Count / 3;

    /// <summary>A quad from corner <paramref name="o"/> spanning edges <paramref name="u"/> and <paramref name="v"/>.</summary>
    public void Quad(Vector3 o, Vector3 u, Vector3 v, Vector2 uvScale, uint material, Vector2 uvOffset = default)
    {
        Vector3 n = Vector3.Normalize(Vector3.Cross(v, u));
        uint b = (uint)Vertices.Count;
        Vertices.Add(new SceneVertex(o, n, uvOffset + new Vector2(0, uvScale.Y), material));
        Vertices.Add(new SceneVertex(o + u, n, uvOffset + new Vector2(uvScale.X, uvScale.Y), material));
        Vertices.Add(new SceneVertex(o + u + v, n, uvOffset + new Vector2(uvScale.X, 0), material));
        Vertices.Add(new SceneVertex(o + v, n, uvOffset, material));
        Indices.AddRange(new[] { b, b + 1, b + 2, b, b + 2, b + 3 });
    }

    /// <summary>An axis-aligned box from <paramref name="min"/> to <paramref name="max"/>, textured in tiles of <paramref name="tile"/> metres.</summary>
    public void Box(Vector3 min, Vector3 max, float tile, uint material)
    {
        Vector3 s = max - min;
        Vector3 x = new(s.X, 0, 0), y = new(0, s.Y, 0), z = new(0, 0, s.Z);
        Quad(min + z, x, y, new Vector2(s.X, s.Y) / tile, material);                 // +z
        Quad(min + x, -x, y, new Vector2(s.X, s.Y) / tile, material);                // -z
        Quad(min + x + z, new Vector3(0, 0, -s.Z), y, new Vector2(s.Z, s.Y) / tile, material); // +x
        Quad(min, z, y, new Vector2(s.Z, s.Y) / tile, material);                     // -x
        Quad(min + y + z, x, -z, new Vector2(s.X, s.Z) / tile, material);            // +y
        Quad(min, x, z, new Vector2(s.X, s.Z) / tile, material);                     // -y
    }

    /// <summary>A thin box along the segment a-b with square section <paramref name="thickness"/> (wires, rails, posts).</summary>
    public void Beam(Vector3 a, Vector3 b, float thickness, uint material)
    {
        Vector3 d = b - a;
        float length = d.Length();
        Vector3 f = d / length;
        Vector3 side = Vector3.Normalize(Vector3.Cross(f, MathF.Abs(f.Y) > 0.9f ? Vector3.UnitX : Vector3.UnitY)) * (thickness / 2);
        Vector3 up = Vector3.Normalize(Vector3.Cross(side, f)) * (thickness / 2);
        Vector2 uv = new(length, thickness * 4);
        Quad(a - side - up, d, 2 * up, uv, material);
        Quad(a + side + up, d, -2 * up, uv, material);
        Quad(a - side + up, d, 2 * side, uv, material);
        Quad(a + side - up, d, -2 * side, uv, material);
    }

    /// <summary>A vertical cylinder (no caps) of <paramref name="sides"/> sides.</summary>
    public void Cylinder(Vector3 baseCentre, float radius, float height, int sides, float tile, uint material)
    {
        uint b = (uint)Vertices.Count;
        for (int i = 0; i <= sides; i++)
        {
            float a = 2 * MathF.PI * i / sides;
            var n = new Vector3(MathF.Cos(a), 0, MathF.Sin(a));
            float u = 2 * MathF.PI * radius * i / sides / tile;
            Vertices.Add(new SceneVertex(baseCentre + n * radius, n, new Vector2(u, height / tile), material));
            Vertices.Add(new SceneVertex(baseCentre + n * radius + new Vector3(0, height, 0), n, new Vector2(u, 0), material));
        }
        for (uint i = 0; i < sides; i++)
        {
            uint p = b + 2 * i;
            Indices.AddRange(new[] { p, p + 1, p + 3, p, p + 3, p + 2 });
        }
    }

    /// <summary>A UV sphere; <paramref name="inward"/> flips normals and winding (the sky dome).</summary>
    public void Sphere(Vector3 centre, float radius, int stacks, int slices, uint material, bool inward = false)
    {
        uint b = (uint)Vertices.Count;
        for (int i = 0; i <= stacks; i++)
        {
            float phi = MathF.PI * i / stacks;
            for (int j = 0; j <= slices; j++)
            {
                float theta = 2 * MathF.PI * j / slices;
                var n = new Vector3(MathF.Sin(phi) * MathF.Cos(theta), MathF.Cos(phi), MathF.Sin(phi) * MathF.Sin(theta));
                Vertices.Add(new SceneVertex(centre + n * radius, inward ? -n : n, new Vector2(2f * j / slices, 1f * i / stacks), material));
            }
        }
        for (int i = 0; i < stacks; i++)
        {
            for (int j = 0; j < slices; j++)
            {
                uint p = b + (uint)(i * (slices + 1) + j), q = p + (uint)(slices + 1);
                if (inward) Indices.AddRange(new[] { p, p + 1, q, p + 1, q + 1, q });
                else Indices.AddRange(new[] { p, q, p + 1, p + 1, q, q + 1 });
            }
        }
    }
}
