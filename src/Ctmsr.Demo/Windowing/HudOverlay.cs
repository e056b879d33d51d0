using System.Runtime.InteropServices;
using Ctmsr.Demo.Imaging;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Windowing;

/// <summary>
/// The HUD's buffer as compose.comp reads it: the bitmap font's rows, a grid of glyph indices (the text), and the
/// recent frame times for the latency graph. Written on the host each frame, in place (no allocation).
/// </summary>
public sealed class HudOverlay : IDisposable
{
    public const int Columns = 64, Rows = 8, GraphFrames = 120;
    public static readonly int FontWords = BitmapFont.Characters.Length * BitmapFont.GlyphHeight;
    public static readonly int TextOffset = FontWords, GraphOffset = FontWords + Columns * Rows;

    private readonly float[] _graph = new float[GraphFrames];
    private int _graphNext;

    public HudOverlay(GpuContext gpu)
    {
        Buffer = gpu.CreateBuffer((ulong)(4 * (GraphOffset + GraphFrames)), BufferUsageFlags.StorageBufferBit, "HUD text and graph");
        Span<uint> words = MemoryMarshal.Cast<byte, uint>(Buffer.Span);
        words.Clear();
        for (int g = 0; g < BitmapFont.Characters.Length; g++)
            for (int r = 0; r < BitmapFont.GlyphHeight; r++)
                words[g * BitmapFont.GlyphHeight + r] = (uint)BitmapFont.RowBits(g, r);
    }

    internal VulkanBuffer Buffer { get; }

    /// <summary>Writes row <paramref name="row"/> of the text grid (clipped, padded with blanks).</summary>
    public void SetLine(int row, ReadOnlySpan<char> text)
    {
        Span<uint> words = MemoryMarshal.Cast<byte, uint>(Buffer.Span).Slice(TextOffset + row * Columns, Columns);
        for (int c = 0; c < Columns; c++) words[c] = c < text.Length ? (uint)BitmapFont.GlyphIndex(text[c]) : 0u;
    }

    /// <summary>Appends one frame time to the graph (a ring, drawn oldest to newest).</summary>
    public void AddFrameTime(float ms)
    {
        _graph[_graphNext] = ms;
        _graphNext = (_graphNext + 1) % GraphFrames;
        Span<float> g = MemoryMarshal.Cast<byte, float>(Buffer.Span).Slice(GraphOffset, GraphFrames);
        for (int i = 0; i < GraphFrames; i++) g[i] = _graph[(_graphNext + i) % GraphFrames];
    }

    /// <summary>The largest recent frame time, for the graph's scale.</summary>
    public float MaxFrameTime()
    {
        float m = 0;
        foreach (float v in _graph) m = Math.Max(m, v);
        return m;
    }

    public void Dispose() => Buffer.Dispose();
}
