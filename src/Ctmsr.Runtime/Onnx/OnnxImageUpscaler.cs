using System;
using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Ctmsr.Runtime.Imaging;
using Ctmsr.Runtime.Models;

namespace Ctmsr.Runtime.Onnx
{
    /// <summary>
    /// Upscales 8-bit four-channel frames in host memory with ONNX Runtime: colour goes through the model, alpha is
    /// carried by bilinear upscaling. Tensors are allocated and bound once per input resolution (the contract noise is
    /// filled then) and reused, so repeated frames of one size allocate no arrays. Not thread-safe: one frame at a time.
    /// </summary>
    public sealed class OnnxImageUpscaler : IDisposable
    {
        private static readonly string[] InputNames = { ModelContract.LowResInput, ModelContract.NoiseInput };
        private static readonly string[] OutputNames = { ModelContract.Output };

        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions;
        private readonly uint _noiseSeed;
        private OnnxFrameBuffers? _buffers;
        private bool _disposed;

        /// <summary>Creates a session for <paramref name="model"/> with the provider the options ask for.</summary>
        /// <param name="model">A model that passed the contract check; not owned.</param>
        /// <param name="options">Provider, threads and noise seed; defaults when null.</param>
        /// <exception cref="NotSupportedException">CUDA was requested explicitly and is not available.</exception>
        /// <exception cref="CtmsrModelException">ONNX Runtime cannot build a session for the graph.</exception>
        public OnnxImageUpscaler(CtmsrModel model, OnnxUpscalerOptions? options = null)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            options ??= new OnnxUpscalerOptions();
            ProviderSession ps = OnnxSessionFactory.Create(model, options);
            _session = ps.Session;
            Provider = ps.Provider;
            ProviderReason = ps.Reason;
            _noiseSeed = options.NoiseSeed;
            _runOptions = new RunOptions();
        }

        /// <summary>The model this upscaler runs.</summary>
        public CtmsrModel Model { get; }

        /// <summary>The integer scale s: outputs are s times the input in each dimension.</summary>
        public int Scale => Model.Scale;

        /// <summary>The execution provider that runs the model.</summary>
        public OnnxExecutionProvider Provider { get; }

        /// <summary>Why <see cref="Provider"/> was chosen, e.g. "CPU fallback: this ONNX Runtime build has no CUDA ...".</summary>
        public string ProviderReason { get; }

        /// <summary>The bytes a frame of <paramref name="width"/> x <paramref name="height"/> pixels needs at the given stride.</summary>
        public static long RequiredBytes(int width, int height, int strideBytes) =>
            width <= 0 || height <= 0 ? 0 : (long)strideBytes * (height - 1) + 4L * width;

        /// <summary>
        /// Upscales one frame. <paramref name="input"/> holds <paramref name="height"/> rows of
        /// <paramref name="width"/> pixels, <paramref name="strideBytes"/> apart; <paramref name="output"/> receives
        /// rows of <see cref="Scale"/> x width pixels, <paramref name="outStrideBytes"/> apart. Both use
        /// <paramref name="format"/>; bytes between rows are left alone.
        /// </summary>
        /// <exception cref="ArgumentException">A size, stride or buffer length is too small; the message quotes the numbers.</exception>
        /// <exception cref="ObjectDisposedException">The upscaler was disposed.</exception>
        public void Upscale(ReadOnlySpan<byte> input, int width, int height, int strideBytes, Span<byte> output,
            int outStrideBytes, PixelFormat format = PixelFormat.Rgba8)
        {
            ThrowIfDisposed();
            int scale = Model.Scale;
            ValidateFrame(input.Length, width, height, strideBytes, scale, "input", nameof(input));
            ValidateFrame(output.Length, width * scale, height * scale, outStrideBytes, 1, "output", nameof(output));
            if (format != PixelFormat.Rgba8 && format != PixelFormat.Bgra8)
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format");

            OnnxFrameBuffers buffers = BuffersFor(width, height);
            PlanarPixels.ToPlanar(input, width, height, strideBytes, format, buffers.LowRes);
            _session.Run(_runOptions, InputNames, buffers.Inputs, OutputNames, buffers.Outputs);
            PlanarPixels.FromPlanar(buffers.SuperRes, buffers.OutputWidth, buffers.OutputHeight, output, outStrideBytes, format);
            buffers.Alpha.Upsample(input, strideBytes, output, outStrideBytes);
        }

        /// <summary>Releases the session and the bound tensors. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _buffers?.Dispose();
            _buffers = null;
            _runOptions.Dispose();
            _session.Dispose();
        }

        private OnnxFrameBuffers BuffersFor(int width, int height)
        {
            OnnxFrameBuffers? current = _buffers;
            if (current != null && current.Width == width && current.Height == height) return current;
            current?.Dispose();
            _buffers = null;
            _buffers = new OnnxFrameBuffers(width, height, Model.Scale, _noiseSeed);
            return _buffers;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void ThrowIfDisposed()
        {
            if (_disposed) ThrowHelper.ThrowObjectDisposed(nameof(OnnxImageUpscaler));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ValidateFrame(int length, int width, int height, int strideBytes, int scale, string what,
            string paramName)
        {
            if (width <= 0 || height <= 0)
                ThrowHelper.ThrowArgument($"the {what} size must be positive; got {width}x{height}", paramName);
            // The largest output tensor must fit one managed float array.
            if ((long)width * scale * height * scale * 3 > int.MaxValue)
                ThrowHelper.ThrowArgument($"the {what} size {width}x{height} is too large for scale {scale}", paramName);
            if (strideBytes < 4L * width)
                ThrowHelper.ThrowArgument(
                    $"the {what} stride of {strideBytes} bytes is less than a row of {width} pixels ({4L * width} bytes)", paramName);
            long needed = RequiredBytes(width, height, strideBytes);
            if (length < needed)
                ThrowHelper.ThrowArgument(
                    $"a {width}x{height} {what} frame with a stride of {strideBytes} bytes requires a buffer of at least " +
                    $"{needed} bytes; got {length}", paramName);
        }
    }
}
