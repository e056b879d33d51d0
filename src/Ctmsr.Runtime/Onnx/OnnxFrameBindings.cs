using System;
using Microsoft.ML.OnnxRuntime;
using Ctmsr.Runtime.Noise;
using Ctmsr.Runtime.Resampling;

namespace Ctmsr.Runtime.Onnx;

/// <summary>
/// The host tensors of one render/display size pair, created and bound once: the uint8 input and output frames,
/// the <c>noise</c> input (filled with the deterministic noise here and never touched again), the resample taps
/// (<see cref="ResampleAxis"/>, model output -> display, per axis) and the alpha size. The OrtValues pin the arrays
/// for their lifetime.
/// </summary>
internal sealed class OnnxFrameBindings : IDisposable
{
    private readonly OrtValue _frame, _noise, _colIndex, _colWeight, _rowIndex, _rowWeight, _alphaShape, _alphaSize, _display;

    /// <summary>Creates the tensors; with <paramref name="upload"/> (CUDA) the noise is moved to device memory.</summary>
    public OnnxFrameBindings(FrameSize render, FrameSize display, int scale, uint noiseSeed, CudaNoiseUpload? upload)
    {
        Render = render;
        Display = display;
        Input = new byte[4 * render.Width * render.Height];
        Output = new byte[4 * display.Width * display.Height];
        int nw = render.Width * scale, nh = render.Height * scale;
        var noise = new float[3 * nw * nh];
        DeterministicNoise.Fill(noise, nw, nh, noiseSeed);

        _frame = OrtValue.CreateTensorValueFromMemory(Input, new long[] { 1, render.Height, render.Width, 4 });
        var noiseShape = new long[] { 1, 3, nh, nw };
        _noise = OrtValue.CreateTensorValueFromMemory(noise, noiseShape);
        if (upload != null)
        {
            OrtValue host = _noise;
            _noise = upload.ToDevice(host, noiseShape);
            host.Dispose();
        }
        ResampleAxis cols = ResampleAxis.Create(nw, display.Width), rows = ResampleAxis.Create(nh, display.Height);
        _colIndex = OrtValue.CreateTensorValueFromMemory(Widen(cols.Index), new long[] { display.Width, cols.Taps });
        _colWeight = OrtValue.CreateTensorValueFromMemory(cols.Weight, new long[] { display.Width, cols.Taps, 1 });
        _rowIndex = OrtValue.CreateTensorValueFromMemory(Widen(rows.Index), new long[] { display.Height, rows.Taps });
        _rowWeight = OrtValue.CreateTensorValueFromMemory(rows.Weight, new long[] { display.Height, rows.Taps, 1 });
        _alphaShape = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1, render.Height, render.Width }, new long[] { 4 });
        _alphaSize = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1, display.Height, display.Width }, new long[] { 4 });
        _display = OrtValue.CreateTensorValueFromMemory(Output, new long[] { 1, display.Height, display.Width, 4 });
    }

    public FrameSize Render { get; }
    public FrameSize Display { get; }

    /// <summary>The bound input frame, tightly packed rows of render width.</summary>
    public byte[] Input { get; }

    /// <summary>The bound output frame, tightly packed rows of display width.</summary>
    public byte[] Output { get; }

    /// <summary>
    /// Binds every input of a frame graph built for <paramref name="axes"/> (the taps of the resampled axes only) and
    /// the output; <paramref name="deviceFrames"/> leaves the frame slots to the caller.
    /// </summary>
    public void BindTo(OrtIoBinding binding, ResampledAxes axes, bool deviceFrames = false)
    {
        binding.ClearBoundInputs();
        binding.ClearBoundOutputs();
        binding.BindInput(FrameGraph.NoiseInput, _noise);
        if ((axes & ResampledAxes.X) != 0)
        {
            binding.BindInput(FrameGraph.ColumnIndexInput, _colIndex);
            binding.BindInput(FrameGraph.ColumnWeightInput, _colWeight);
        }
        if ((axes & ResampledAxes.Y) != 0)
        {
            binding.BindInput(FrameGraph.RowIndexInput, _rowIndex);
            binding.BindInput(FrameGraph.RowWeightInput, _rowWeight);
        }
        binding.BindInput(FrameGraph.AlphaShapeInput, _alphaShape);
        binding.BindInput(FrameGraph.AlphaSizeInput, _alphaSize);
        if (deviceFrames) return;
        binding.BindInput(FrameGraph.FrameInput, _frame);
        binding.BindOutput(FrameGraph.FrameOutput, _display);
    }

    private static long[] Widen(int[] values)
    {
        var wide = new long[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }

    public void Dispose()
    {
        _frame.Dispose();
        _noise.Dispose();
        _colIndex.Dispose();
        _colWeight.Dispose();
        _rowIndex.Dispose();
        _rowWeight.Dispose();
        _alphaShape.Dispose();
        _alphaSize.Dispose();
        _display.Dispose();
    }
}
