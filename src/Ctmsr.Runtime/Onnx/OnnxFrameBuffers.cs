using System;
using Microsoft.ML.OnnxRuntime;
using Ctmsr.Runtime.Imaging;
using Ctmsr.Runtime.Noise;

namespace Ctmsr.Runtime.Onnx
{
    /// <summary>
    /// The host tensors of one input resolution, bound once: <c>lr</c>, <c>noise</c> (filled with the deterministic
    /// noise at creation and never touched again) and <c>sr</c>, plus the alpha taps. The OrtValues pin the arrays.
    /// </summary>
    internal sealed class OnnxFrameBuffers : IDisposable
    {
        private readonly OrtValue _lrValue, _noiseValue, _srValue;

        public OnnxFrameBuffers(int width, int height, int scale, uint noiseSeed)
        {
            Width = width;
            Height = height;
            OutputWidth = width * scale;
            OutputHeight = height * scale;
            LowRes = new float[3 * width * height];
            Noise = new float[3 * OutputWidth * OutputHeight];
            SuperRes = new float[Noise.Length];
            DeterministicNoise.Fill(Noise, OutputWidth, OutputHeight, noiseSeed);
            Alpha = new AlphaUpsampler(width, height, scale);

            _lrValue = OrtValue.CreateTensorValueFromMemory(LowRes, new long[] { 1, 3, height, width });
            _noiseValue = OrtValue.CreateTensorValueFromMemory(Noise, new long[] { 1, 3, OutputHeight, OutputWidth });
            _srValue = OrtValue.CreateTensorValueFromMemory(SuperRes, new long[] { 1, 3, OutputHeight, OutputWidth });
            Inputs = new[] { _lrValue, _noiseValue };
            Outputs = new[] { _srValue };
        }

        public int Width { get; }
        public int Height { get; }
        public int OutputWidth { get; }
        public int OutputHeight { get; }
        public float[] LowRes { get; }
        public float[] Noise { get; }
        public float[] SuperRes { get; }
        public AlphaUpsampler Alpha { get; }
        public OrtValue[] Inputs { get; }
        public OrtValue[] Outputs { get; }

        public void Dispose()
        {
            _lrValue.Dispose();
            _noiseValue.Dispose();
            _srValue.Dispose();
        }
    }
}
