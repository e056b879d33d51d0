namespace Ctmsr.Runtime
{
    /// <summary>Which device runs an <see cref="UpscalerContext"/>.</summary>
    public enum UpscalerBackend
    {
        /// <summary>ONNX Runtime on CUDA where it is available and starts; otherwise ONNX Runtime on the CPU. The reason is reported.</summary>
        Auto = 0,

        /// <summary>ONNX Runtime's CUDA execution provider; creation fails when it is not available.</summary>
        Cuda = 1,

        /// <summary>ONNX Runtime's CPU execution provider.</summary>
        Cpu = 2,
    }
}
