using System;
using System.Collections.Generic;
using Ctmsr.Runtime.Resampling;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// One horizontal band of a frame that the Vulkan backend runs in pieces: the LR rows whose model output it writes,
/// the rows its activation buffers hold (the band plus a halo of one row per conv layer, the net's receptive field,
/// clipped to the frame), and the display rows its resample pass writes. Every row index is global (frame rows),
/// so the kernels see the same pixel positions, noise and edges as in one piece and the output is bit-identical.
/// </summary>
internal readonly struct FrameBand
{
    public FrameBand(int row0, int row1, int actRow0, int actRow1, int displayRow0, int displayRow1)
    {
        Row0 = row0;
        Row1 = row1;
        ActRow0 = actRow0;
        ActRow1 = actRow1;
        DisplayRow0 = displayRow0;
        DisplayRow1 = displayRow1;
    }

    /// <summary>The LR rows [Row0, Row1) the last layer computes (the SR buffer holds scale x those rows).</summary>
    public int Row0 { get; }
    public int Row1 { get; }

    /// <summary>The LR rows [ActRow0, ActRow1) the activation buffers hold.</summary>
    public int ActRow0 { get; }
    public int ActRow1 { get; }

    /// <summary>The display rows [DisplayRow0, DisplayRow1) written by this band.</summary>
    public int DisplayRow0 { get; }
    public int DisplayRow1 { get; }

    /// <summary>The LR rows conv layer <paramref name="layer"/> of <paramref name="layers"/> computes: the band
    /// widened by one row per later layer (which reads one row either side), clipped to [0, height).</summary>
    public (int From, int To) LayerRows(int layer, int layers, int height)
    {
        int grow = layers - 1 - layer;
        return (Math.Max(0, Row0 - grow), Math.Min(height, Row1 + grow));
    }
}
