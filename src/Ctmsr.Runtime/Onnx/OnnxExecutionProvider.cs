namespace Ctmsr.Runtime.Onnx
{
    /// <summary>Which ONNX Runtime execution provider runs the model.</summary>
    public enum OnnxExecutionProvider
    {
        /// <summary>CUDA where this ONNX Runtime build has it and it starts; otherwise the CPU. The reason is reported.</summary>
        Auto = 0,

        /// <summary>The CPU execution provider.</summary>
        Cpu = 1,

        /// <summary>The CUDA execution provider; refused when it is not available.</summary>
        Cuda = 2,
    }
}
