namespace Ctmsr.Bench;

/// <summary>How long each row is timed: at most <see cref="Frames"/> frames after <see cref="Warmup"/> untimed ones, and no
/// more frames once <see cref="MaxSecondsPerRow"/> has passed and <see cref="MinFrames"/> were timed.</summary>
public sealed record BenchSettings(int Frames, int Warmup, double MaxSecondsPerRow = double.PositiveInfinity, int MinFrames = 3)
{
    /// <summary>Throws when a figure is out of range; the message quotes it.</summary>
    public void Validate()
    {
        if (Frames < 1 || Frames > 100000) throw new ArgumentOutOfRangeException(nameof(Frames), Frames, "frames must be 1..100000");
        if (Warmup < 0 || Warmup > 10000) throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "warm-up frames must be 0..10000");
        if (!(MaxSecondsPerRow > 0)) throw new ArgumentOutOfRangeException(nameof(MaxSecondsPerRow), MaxSecondsPerRow, "the time per row must be positive");
    }
}
