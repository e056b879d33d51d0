namespace Ctmsr.Runtime.Onnx
{
    /// <summary>Creation parameters of an <see cref="OnnxImageUpscaler"/>.</summary>
    public sealed class OnnxUpscalerOptions
    {
        /// <summary>The execution provider to use; <see cref="OnnxExecutionProvider.Auto"/> by default.</summary>
        public OnnxExecutionProvider Provider { get; set; } = OnnxExecutionProvider.Auto;

        /// <summary>The CUDA device ordinal when CUDA runs. 0 by default.</summary>
        public int CudaDeviceId { get; set; }

        /// <summary>Threads for one operator on the CPU; 0 (the default) lets ONNX Runtime choose.</summary>
        public int IntraOpThreads { get; set; }

        /// <summary>The seed S of the deterministic noise. 0 by default, as in the contract.</summary>
        public uint NoiseSeed { get; set; }
    }
}
