using Ctmsr.Runtime;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Demo.Upscalers;

/// <summary>
/// CTMSR through <see cref="UpscalerContext"/>'s host Dispatch (RGBA8 spans). The context is created for the first
/// size pair and resized when the sizes change (quality mode or window size).
/// </summary>
public sealed class CtmsrHostUpscaler : FrameUpscaler
{
    private readonly ModelChoice _models;
    private readonly UpscalerBackend _backend;
    private readonly int _threads;
    private UpscalerContext? _context;

    public CtmsrHostUpscaler(UpscaleMethod method, ModelChoice models, UpscalerBackend backend, int threads) : base(method)
    {
        _models = models;
        _backend = backend;
        _threads = threads;
    }

    public override bool RecordsOnGpu => false;

    public override string Device => _context is null ? _backend.ToString() : $"{_context.Backend} ({_context.BackendReason}), model x{_context.Model.Scale}";

    /// <summary>The model of the current context, or null before the first size pair.</summary>
    public CtmsrModel? Model => _context?.Model;

    /// <summary>Creates the context now (model and backend errors surface here, not in the first frame).</summary>
    public void Prepare(FrameSize render, FrameSize display) => Context(render, display);

    public override void Upscale(ReadOnlySpan<byte> src, FrameSize srcSize, Span<byte> dst, FrameSize dstSize) =>
        Context(srcSize, dstSize).Dispatch(src, 4 * srcSize.Width, dst, 4 * dstSize.Width);

    private UpscalerContext Context(FrameSize render, FrameSize display)
    {
        CtmsrModel model = _models.For(render, display);
        if (_context != null && !ReferenceEquals(_context.Model, model))
        {
            // Another ratio band: the context is rebuilt around the model for it (the GPU is idle when a context goes).
            _context.Dispose();
            _context = null;
        }
        if (_context is null)
        {
            _context = UpscalerContext.Create(new UpscalerContextDescription
            {
                Model = model, RenderWidth = render.Width, RenderHeight = render.Height,
                DisplayWidth = display.Width, DisplayHeight = display.Height,
                Backend = _backend, ThreadCount = _threads, Log = _ => { },
            });
        }
        else if (_context.RenderSize != render || _context.DisplaySize != display)
        {
            _context.Resize(render.Width, render.Height, display.Width, display.Height);
        }
        return _context;
    }

    public override void Dispose()
    {
        _context?.Dispose();
        _context = null;
        base.Dispose();
    }
}
