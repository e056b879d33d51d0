namespace Ctmsr.Training.Trainer;

/// <summary>Seed mixing (SplitMix64 finaliser) so that nearby (seed, index) pairs give unrelated streams.</summary>
public static class Seeds
{
    public static ulong Mix(ulong a, ulong b)
    {
        unchecked
        {
            ulong z = a * 0x9E3779B97F4A7C15UL + b + 0x632BE59BD9B4E019UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFFUL;
        }
    }
}
