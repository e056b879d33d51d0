namespace Ctmsr.Demo.Scene;

/// <summary>Texture layers of the procedural texture array and the flags of a vertex's material word.</summary>
public static class Material
{
    public const uint Brick = 0, Grass = 1, Signage = 2, Foliage = 3, ChainLink = 4, Planks = 5, Cobble = 6, Metal = 7;
    public const int LayerCount = 8;

    public const uint AlphaTest = 1, Sway = 2, Sky = 4, Shiny = 8;

    public static uint Of(uint layer, uint flags = 0) => layer | (flags << 8);
}
