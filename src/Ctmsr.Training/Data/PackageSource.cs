namespace Ctmsr.Training.Data;

/// <summary>A Debian package that provides training images, and the rule that picks them.</summary>
/// <param name="Package">The package name, as apt knows it.</param>
/// <param name="ImageRoots">Folders inside the package (relative, '/' separated) searched recursively for images.</param>
/// <param name="Kind">How candidates are judged.</param>
public sealed record PackageSource(string Package, IReadOnlyList<string> ImageRoots, PackageImageKind Kind)
{
    /// <summary>The two packages `data fetch` uses.</summary>
    public static readonly IReadOnlyList<PackageSource> Defaults = new[]
    {
        // The 'land' folder holds the real photographs shown when landing (1440x720, mostly public domain).
        new PackageSource("endless-sky-high-dpi",
            new[] { "usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land" }, PackageImageKind.Photographs),
        // Game textures; GUI icons, skins and editor thumbnails are left out.
        new PackageSource("supertuxkart-data", new[]
        {
            "usr/share/games/supertuxkart/data/textures", "usr/share/games/supertuxkart/data/tracks",
            "usr/share/games/supertuxkart/data/karts", "usr/share/games/supertuxkart/data/models",
            "usr/share/games/supertuxkart/data/library",
        }, PackageImageKind.Textures),
    };

    /// <summary>Where Debian keeps the package's licence file, inside the package.</summary>
    public string CopyrightPath => $"usr/share/doc/{Package}/copyright";
}
