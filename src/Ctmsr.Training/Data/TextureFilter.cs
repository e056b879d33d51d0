namespace Ctmsr.Training.Data;

/// <summary>
/// Decides whether a game texture is a usable colour image. Two stages: file-name rules (cheap, before decoding) and
/// colour statistics (after decoding). Each check returns a short reason when it rejects, or null when it accepts.
/// </summary>
public static class TextureFilter
{
    public const int MinSide = 128;

    // Name tokens (split on '_', '-', '.', ' ' and camelCase) that mark non-colour maps. "_n" is not here: in this
    // data it is the north face of a sky box; a real normal map named so is caught by the statistics.
    private static readonly HashSet<string> RejectTokens = new(StringComparer.Ordinal)
    {
        "normal", "normals", "normalmap", "nm", "nrm", "norm",
        "spec", "specular", "gloss", "glossy", "glossiness", "rough", "roughness", "metallic", "metalness", "pbrdata",
        "mask", "colormask", "colourmask", "alpha", "opacity",
        "height", "heightmap", "bump", "bumpmap", "disp", "displacement", "parallax",
        "ao", "occlusion", "cavity", "light", "lightmap", "lm", "shadow", "ibl",
        "emit", "emission", "emissive", "glow", "icon",
    };

    /// <summary>Null if the file name looks like a colour texture; else the rule it broke.</summary>
    public static string? CheckName(string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path.Replace('\\', '/'));
        foreach (string token in Tokens(stem))
            if (RejectTokens.Contains(token)) return $"name: '{token}' map";
        return null;
    }

    /// <summary>Null if the size allows a training patch.</summary>
    public static string? CheckSize(int width, int height, int minSide = MinSide) =>
        width < minSide || height < minSide ? $"size: {width}x{height} is under {minSide} px on a side" : null;

    /// <summary>Null if the statistics look like a colour image.</summary>
    public static string? CheckStats(TextureStats s)
    {
        if (CheckSize(s.Width, s.Height) is { } small) return small;
        if (s.TransparentFraction > 0.25 && s.PartialAlphaFraction < 0.10)
            return $"stats: cut-out ({s.TransparentFraction:P0} transparent)";
        // Mean near (0.5, 0.5, 1) with blue dominant, and most pixels decode to unit vectors: a tangent-space normal
        // map. The unit-length test keeps blue skies and flags, whose means can look similar.
        if (Math.Abs(s.MeanR - 0.5) < 0.15 && Math.Abs(s.MeanG - 0.5) < 0.15 && s.MeanB > 0.7
            && s.MeanB - Math.Max(s.MeanR, s.MeanG) > 0.15 && s.UnitNormalFraction > 0.8)
            return $"stats: normal-map colours (mean {s.MeanR:F2}, {s.MeanG:F2}, {s.MeanB:F2})";
        if (s.LumaStd < 4) return $"stats: nearly flat (luma std {s.LumaStd:F1}/255)";
        return null;
    }

    /// <summary>Lower-case tokens of a file stem, split at separators, digits and lower-to-upper case changes.</summary>
    public static IEnumerable<string> Tokens(string stem)
    {
        var current = new System.Text.StringBuilder();
        char prev = '\0';
        foreach (char c in stem)
        {
            bool boundary = !char.IsLetter(c) || (char.IsUpper(c) && char.IsLower(prev));
            if (boundary && current.Length > 0)
            {
                yield return current.ToString();
                current.Clear();
            }
            if (char.IsLetter(c)) current.Append(char.ToLowerInvariant(c));
            prev = c;
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
