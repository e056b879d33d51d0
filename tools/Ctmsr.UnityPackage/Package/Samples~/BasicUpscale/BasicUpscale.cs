using System;
using Ctmsr.Runtime;
using Ctmsr.Unity;

namespace Ctmsr.Samples
{
    /// <summary>
    /// The whole managed API in one class, with no UnityEngine types: create a context for a display size and a
    /// quality mode (the render size follows), dispatch RGBA8 frames, dispose. The embedded default model is used.
    /// BasicUpscaleBehaviour shows it driven from a MonoBehaviour.
    /// </summary>
    public sealed class BasicUpscale : IDisposable
    {
        private readonly UpscalerContext _context;
        private readonly byte[] _display;

        /// <summary>A context for this display size and mode; Auto picks Vulkan, CUDA or the CPU and says why.</summary>
        public BasicUpscale(int displayWidth, int displayHeight, QualityMode mode, UpscalerBackend backend = UpscalerBackend.Auto)
        {
            var description = UpscalerContextDescription.ForQuality(displayWidth, displayHeight, mode);
            description.Format = PixelFormat.Rgba8;
            description.Backend = backend;
            _context = UpscalerContext.Create(description);
            _display = new byte[4 * displayWidth * displayHeight];
        }

        /// <summary>The size the engine renders at.</summary>
        public int RenderWidth => _context.RenderSize.Width;

        /// <summary>The size the engine renders at.</summary>
        public int RenderHeight => _context.RenderSize.Height;

        /// <summary>The texture LOD bias to render with (log2 of render over display width).</summary>
        public float MipBias => _context.MipBias;

        /// <summary>Which backend runs, at which sizes, and why.</summary>
        public string Description => CtmsrPackage.Describe(_context);

        /// <summary>
        /// Upscales one tightly packed RGBA8 frame of the render size; returns the display-size frame (one buffer,
        /// reused by every call: copy it before the next one). Allocates nothing per call.
        /// </summary>
        public byte[] Upscale(byte[] renderRgba)
        {
            _context.Dispatch(renderRgba, 4 * RenderWidth, _display, 4 * _context.DisplaySize.Width);
            return _display;
        }

        /// <summary>Creates a context, upscales one generated frame and returns the context's description.</summary>
        public static string RunOnce(int displayWidth, int displayHeight, QualityMode mode, UpscalerBackend backend = UpscalerBackend.Auto)
        {
            using (var upscaler = new BasicUpscale(displayWidth, displayHeight, mode, backend))
            {
                var frame = new byte[4 * upscaler.RenderWidth * upscaler.RenderHeight];
                for (int y = 0; y < upscaler.RenderHeight; y++)
                    for (int x = 0; x < upscaler.RenderWidth; x++)
                    {
                        int i = 4 * (y * upscaler.RenderWidth + x);
                        frame[i] = (byte)(255 * x / Math.Max(1, upscaler.RenderWidth - 1));
                        frame[i + 1] = (byte)(255 * y / Math.Max(1, upscaler.RenderHeight - 1));
                        frame[i + 2] = (byte)(((x / 8) + (y / 8)) % 2 == 0 ? 40 : 215);
                        frame[i + 3] = 255;
                    }
                upscaler.Upscale(frame);
                return upscaler.Description;
            }
        }

        /// <summary>Frees the context (its device memory and native sessions).</summary>
        public void Dispose() => _context.Dispose();
    }
}
