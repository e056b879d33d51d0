namespace Ctmsr.Training.Data;

/// <summary>
/// The fixed train/val split: decided per source file by a stable 64-bit FNV-1a hash of its key (the path inside the
/// package, or inside the indexed folder), so it never changes between runs or machines and never splits one file's patches.
/// </summary>
public static class ValidationSplit
{
    public const string Train = "train";
    public const string Val = "val";

    public static string Of(string key, double valFraction)
    {
        CheckFraction(valFraction, "valFraction");
        return Unit(key) < valFraction ? Val : Train;
    }

    /// <summary>The key's position in [0, 1): FNV-1a over the UTF-8 bytes of the key with '/' separators, lower 53 bits kept.</summary>
    public static double Unit(string key)
    {
        string k = key.Replace('\\', '/').TrimStart('.', '/');
        ulong h = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(k))
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        // FNV's low bits mix poorly for short keys; one splitmix finaliser spreads them.
        h = SplitMix64.Mix(h);
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    public static void CheckFraction(double valFraction, string optionName)
    {
        if (!(valFraction >= 0 && valFraction < 1))
            throw new ArgumentException($"{optionName} must be in [0, 1); got {valFraction}");
    }
}
