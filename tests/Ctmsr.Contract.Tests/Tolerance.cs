namespace Ctmsr.Contract.Tests;

/// <summary>
/// How close a backend's output must be to the TorchSharp forward. Each bound is several times the largest difference
/// measured on correct exports (MLAS, the shaders and libtorch add the same float32 products in different orders; the
/// fp16 kernels also round every activation to 11 bits) and far below what a wrong layer order, activation, weight
/// layout or noise gain gives (<see cref="CorruptedExportTests"/>: 8-bit differences of tens of levels).
/// </summary>
/// <param name="FloatMaxAbs">Largest |backend - torch| on the float output sr in [0, 1].</param>
/// <param name="FrameMaxLevels">Largest difference of an 8-bit value: one level, a float difference at a rounding edge.</param>
/// <param name="FrameMaxDifferingFraction">
/// Share of the RGB values that may differ by those levels: a float difference d moves a rounding with probability about
/// 255 d per value.
/// </param>
internal sealed record Tolerance(string Name, double FloatMaxAbs, int FrameMaxLevels, double FrameMaxDifferingFraction)
{
    /// <summary>
    /// float32 end to end. Measured on correct exports (every preset, x2 and x3, ONNX Runtime and Vulkan): at most
    /// 3.0e-6 (float); one value in 9720 one level off.
    /// </summary>
    public static readonly Tolerance Fp32 = new("fp32", 1e-5, 1, 0.002);

    /// <summary>
    /// The Vulkan fp16 kernels (float16 activations, float32 sums). Measured on correct exports: at most 7.1e-4 (float);
    /// up to 3.0 % of the values one level off.
    /// </summary>
    public static readonly Tolerance Fp16 = new("fp16", 3e-3, 1, 0.08);

    public bool Accepts(double floatMaxAbs) => floatMaxAbs <= FloatMaxAbs;

    public bool Accepts(FrameDifference frame) =>
        frame.MaxLevels <= FrameMaxLevels && frame.DifferingFraction <= FrameMaxDifferingFraction;
}
