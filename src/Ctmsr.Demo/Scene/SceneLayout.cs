using System.Numerics;

namespace Ctmsr.Demo.Scene;

/// <summary>
/// The world: a cobbled street between brick houses with signs, railings, a chain-link fence, power lines, trees with
/// alpha-tested foliage, shiny metal spheres, a windmill whose rotor turns, and a sky dome. A few thousand triangles,
/// because lavapipe rasterises on the CPU.
/// </summary>
public sealed class SceneLayout
{
    private SceneLayout(SceneMeshBuilder world, SceneMeshBuilder rotor, Vector3 rotorPivot)
    {
        World = world;
        Rotor = rotor;
        RotorPivot = rotorPivot;
    }

    /// <summary>Everything that does not move as a whole (foliage sways in the vertex shader).</summary>
    public SceneMeshBuilder World { get; }

    /// <summary>The windmill's blades around the origin; drawn with <see cref="RotorTransform"/>.</summary>
    public SceneMeshBuilder Rotor { get; }

    public Vector3 RotorPivot { get; }

    public int TriangleCount => World.TriangleCount + Rotor.TriangleCount;

    /// <summary>The rotor's model matrix at <paramref name="seconds"/> of scene time.</summary>
    public Matrix4x4 RotorTransform(double seconds) =>
        Matrix4x4.CreateRotationZ((float)(seconds * 0.9 % (2 * Math.PI))) * Matrix4x4.CreateTranslation(RotorPivot);

    public static SceneLayout Build()
    {
        var w = new SceneMeshBuilder();
        uint grass = Material.Of(Material.Grass), brick = Material.Of(Material.Brick), cobble = Material.Of(Material.Cobble);
        uint metal = Material.Of(Material.Metal, Material.Shiny), planks = Material.Of(Material.Planks);
        uint sign = Material.Of(Material.Signage), foliage = Material.Of(Material.Foliage, Material.AlphaTest | Material.Sway);
        uint chain = Material.Of(Material.ChainLink, Material.AlphaTest | Material.Shiny);

        // Ground: grass tiles (2 m per texture) around a cobbled street (1.5 m per texture).
        for (int gz = -5; gz < 5; gz++)
            for (int gx = -5; gx < 5; gx++)
            {
                float x0 = gx * 20, z0 = gz * 20;
                if (gx is -1 or 0) continue;
                w.Quad(new Vector3(x0, 0, z0 + 20), new Vector3(20, 0, 0), new Vector3(0, 0, -20), new Vector2(10, 10), grass);
            }
        w.Quad(new Vector3(-20, 0, 100), new Vector3(15, 0, 0), new Vector3(0, 0, -200), new Vector2(7.5f, 100), grass);
        w.Quad(new Vector3(5, 0, 100), new Vector3(15, 0, 0), new Vector3(0, 0, -200), new Vector2(7.5f, 100), grass);
        w.Quad(new Vector3(-5, 0.01f, 100), new Vector3(10, 0, 0), new Vector3(0, 0, -200), new Vector2(10 / 1.5f, 200 / 1.5f), cobble);

        // Houses on both sides, brick walls (2 m per texture), plank roofs, a sign on each facade facing the street.
        for (int i = 0; i < 5; i++)
        {
            float z = 40 - i * 20;
            for (int side = -1; side <= 1; side += 2)
            {
                float h = 6 + 5 * ProceduralTextures.Hash(i, side, 30);
                float near = side * 7, far = side * 15;
                var min = new Vector3(MathF.Min(near, far), 0, z - 7);
                var max = new Vector3(MathF.Max(near, far), h, z + 7);
                w.Box(min, max, 2f, brick);
                w.Box(min + new Vector3(-0.3f, h, -0.3f), max + new Vector3(0.3f, 0.4f, 0.3f), 3f, planks);
                float fx = near - side * 0.02f;
                // Seen from the street, the text runs towards -z on the left facades and +z on the right ones.
                var o = new Vector3(fx, 2.6f, z - side * 1.6f);
                w.Quad(o, new Vector3(0, 0, side * 3.2f), new Vector3(0, 3.2f, 0), Vector2.One, sign);
            }
        }

        // Railings along both kerbs: posts every 1.5 m and two thin rails.
        for (int side = -1; side <= 1; side += 2)
        {
            float x = side * 5.3f;
            for (float z = -48; z <= 48; z += 1.5f) w.Beam(new Vector3(x, 0, z), new Vector3(x, 1.0f, z), 0.06f, metal);
            w.Beam(new Vector3(x, 1.0f, -48), new Vector3(x, 1.0f, 48), 0.045f, metal);
            w.Beam(new Vector3(x, 0.55f, -48), new Vector3(x, 0.55f, 48), 0.03f, metal);
        }

        // Chain-link fence across the far end of the street and along a field (alpha-tested, 1 m per texture).
        w.Quad(new Vector3(-5, 0, -52), new Vector3(10, 0, 0), new Vector3(0, 2.4f, 0), new Vector2(10, 2.4f), chain);
        w.Quad(new Vector3(19, 0, 40), new Vector3(0, 0, -60), new Vector3(0, 2.2f, 0), new Vector2(60, 2.2f), chain);

        // Power lines: poles every 20 m, three sagging wires 2.5 cm thick.
        for (int p = 0; p < 6; p++)
        {
            float z = 50 - p * 20;
            w.Cylinder(new Vector3(-5.8f, 0, z), 0.14f, 9f, 6, 1f, planks);
            w.Beam(new Vector3(-7f, 8.5f, z), new Vector3(-4.6f, 8.5f, z), 0.12f, planks);
            if (p == 5) continue;
            foreach (float wx in new[] { -6.8f, -5.8f, -4.8f })
            {
                const int segments = 8;
                for (int s = 0; s < segments; s++)
                {
                    float a = (float)s / segments, b = (float)(s + 1) / segments;
                    float sagA = 1.1f * 4 * a * (1 - a), sagB = 1.1f * 4 * b * (1 - b);
                    w.Beam(new Vector3(wx, 8.6f - sagA, z - 20 * a), new Vector3(wx, 8.6f - sagB, z - 20 * b), 0.025f, metal);
                }
            }
        }

        // Trees: a trunk and three crossed foliage cards; eight in the gaps between the houses, four in the field.
        for (int t = 0; t < 12; t++)
        {
            float tx = t < 8 ? (t % 2 == 0 ? -1 : 1) * (9.5f + 2 * ProceduralTextures.Hash(t, 0, 31)) : 26 + 6 * ProceduralTextures.Hash(t, 0, 31);
            float tz = t < 8 ? 30 - (t / 2) * 20 + ProceduralTextures.Hash(t, 1, 32) : 30 - (t - 8) * 18;
            float size = 4.5f + 2 * ProceduralTextures.Hash(t, 2, 33);
            w.Cylinder(new Vector3(tx, 0, tz), 0.25f, size * 0.6f, 6, 1f, planks);
            for (int c = 0; c < 3; c++)
            {
                float a = MathF.PI * c / 3 + ProceduralTextures.Hash(t, 3, 34);
                var u = new Vector3(MathF.Cos(a), 0, MathF.Sin(a)) * size;
                w.Quad(new Vector3(tx, size * 0.35f, tz) - u / 2, u, new Vector3(0, size, 0), Vector2.One, foliage);
            }
        }

        // Shiny spheres on stone plinths along the street.
        for (int s = 0; s < 3; s++)
        {
            var c = new Vector3(s % 2 == 0 ? -3.6f : 3.6f, 1.7f, 20 - s * 22);
            w.Box(c - new Vector3(0.5f, 1.7f, 0.5f), c + new Vector3(0.5f, -0.9f, 0.5f), 1.5f, cobble);
            w.Sphere(c, 0.8f, 10, 16, metal);
        }

        // Windmill tower beyond the fence; its rotor is a separate draw.
        var pivot = new Vector3(6, 14, -66);
        w.Cylinder(new Vector3(6, 0, -68), 1.4f, 14.5f, 10, 2f, brick);
        var rotor = new SceneMeshBuilder();
        for (int b = 0; b < 4; b++)
        {
            float a = MathF.PI / 2 * b;
            var dir = new Vector3(MathF.Cos(a), MathF.Sin(a), 0);
            rotor.Beam(Vector3.Zero, dir * 8, 0.18f, planks);
            rotor.Quad(dir * 2 + new Vector3(-dir.Y, dir.X, 0) * 0.1f, dir * 6, new Vector3(-dir.Y, dir.X, 0) * 1.0f, new Vector2(3, 0.5f), planks);
        }

        // The sky dome follows the camera (scene.vert adds the camera position).
        w.Sphere(Vector3.Zero, 400, 8, 16, Material.Of(0, Material.Sky), inward: true);
        return new SceneLayout(w, rotor, pivot);
    }
}
