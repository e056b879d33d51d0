namespace Ctmsr.Training.Data;

/// <summary>How a package's candidate images are judged.</summary>
public enum PackageImageKind
{
    /// <summary>Landscape photographs: kept when at least 1024x512 and wider than tall.</summary>
    Photographs,

    /// <summary>Game textures: name rules, size, duplicate content and colour statistics (<see cref="TextureFilter"/>).</summary>
    Textures,
}
