using System;

namespace Ctmsr.Runtime;

/// <summary>A frame's size in pixels.</summary>
public readonly struct FrameSize : IEquatable<FrameSize>
{
    /// <summary>Creates a size.</summary>
    public FrameSize(int width, int height)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>True when both sizes are equal.</summary>
    public bool Equals(FrameSize other) => Width == other.Width && Height == other.Height;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FrameSize other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked(Width * 397 ^ Height);

    /// <summary>"WIDTHxHEIGHT".</summary>
    public override string ToString() => $"{Width}x{Height}";

    /// <summary>True when both sizes are equal.</summary>
    public static bool operator ==(FrameSize left, FrameSize right) => left.Equals(right);

    /// <summary>True when the sizes differ.</summary>
    public static bool operator !=(FrameSize left, FrameSize right) => !left.Equals(right);
}
