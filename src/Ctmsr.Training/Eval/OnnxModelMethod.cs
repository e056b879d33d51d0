using Ctmsr.Contract;
using Ctmsr.Training.Export;
using Ctmsr.Training.Imaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Ctmsr.Training.Eval;

/// <summary>
/// An exported model run through ONNX Runtime (CPU), with the contract's deterministic noise (seed 0) as the
/// <c>noise</c> input. Owns its inference session.
/// </summary>
public sealed class OnnxModelMethod : IUpscaleMethod
{
    private readonly InferenceSession _session;
    private readonly Dictionary<(int W, int H), float[]> _noiseBySize = new();
    private bool _disposed;

    /// <param name="name">The name in tables, CSV and plots; null for the file name.</param>
    public OnnxModelMethod(string path, uint seed = 0, string? name = null)
    {
        Info = ModelFile.Read(path);
        Name = name ?? System.IO.Path.GetFileName(path);
        Seed = seed;
        try
        {
            _session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load model '{path}': {e.Message}", e);
        }
    }

    public string Name { get; }
    public ModelFacts Info { get; }
    public uint Seed { get; }
    public int Scale => Info.Scale;

    public RgbImage Upscale(RgbImage lr)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int w = lr.Width, h = lr.Height, s = Info.Scale;
        int plane = w * h;
        var input = new float[3 * plane];
        var p = lr.Pixels;
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++) input[c * plane + i] = p[3 * i + c] / 255f;
        if (!_noiseBySize.TryGetValue((w, h), out var noise))
        {
            noise = new float[3 * plane * s * s];
            DeterministicNoise.Fill(noise, w * s, h * s, Seed);
            _noiseBySize[(w, h)] = noise;
        }
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor(ModelContract.LowResInput, new DenseTensor<float>(input, new[] { 1, 3, h, w })),
            NamedOnnxValue.CreateFromTensor(ModelContract.NoiseInput, new DenseTensor<float>(noise, new[] { 1, 3, h * s, w * s })),
        };
        using var results = _session.Run(inputs);
        var sr = results.First(r => r.Name == ModelContract.Output).AsTensor<float>();
        int ow = w * s, oh = h * s, op = ow * oh;
        if (sr.Length != 3L * op)
            throw new InvalidDataException($"model '{Name}' returned {sr.Length} values for a {ow}x{oh} output; expected {3 * op}");
        var dense = sr.ToDenseTensor().Buffer.Span;
        var bytes = new byte[3 * op];
        for (int i = 0; i < op; i++)
            for (int c = 0; c < 3; c++)
                bytes[3 * i + c] = (byte)Math.Round(Math.Clamp(dense[c * op + i], 0f, 1f) * 255f, MidpointRounding.ToEven);
        return new RgbImage(ow, oh, bytes);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _session.Dispose();
    }
}
