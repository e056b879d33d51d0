using System;
using System.Runtime.InteropServices;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>
/// Mesa's CPU Vulkan driver (lavapipe / llvmpipe) runs 8 invocations per instruction by default (256-bit vectors);
/// on a CPU with AVX-512 it can run 16, and the CTMSR kernels then take about two thirds of the time (bench --vulkan
/// on a 2-core AVX-512 machine: 780 against 1157 ms per 480x270 frame). The driver reads
/// <c>LP_NATIVE_VECTOR_WIDTH</c> once, when it first starts in the process, so this must run before any Vulkan
/// instance exists. The runtime calls it before creating its own instance; an engine that creates the instance
/// itself and may land on lavapipe can call it first. It changes nothing where the variable is already set (the
/// user's choice wins), on a CPU without AVX-512, or outside Linux.
/// </summary>
public static class CpuDriverTuning
{
    /// <summary>The Mesa environment variable that sets llvmpipe's vector width in bits.</summary>
    public const string VectorWidthVariable = "LP_NATIVE_VECTOR_WIDTH";

    private static readonly object Gate = new object();
    private static bool _done;

    /// <summary>True when this process set <see cref="VectorWidthVariable"/> to 512.</summary>
    public static bool Applied { get; private set; }

    /// <summary>Sets <see cref="VectorWidthVariable"/> to 512 where it helps and nobody set it; idempotent.</summary>
    public static void Apply()
    {
        lock (Gate)
        {
            if (_done) return;
            _done = true;
#if NET
            if (!OperatingSystem.IsLinux() || !System.Runtime.Intrinsics.X86.Avx512F.IsSupported) return;
            if (Environment.GetEnvironmentVariable(VectorWidthVariable) != null) return;
            // The native environment, which the driver reads (Environment.SetEnvironmentVariable does not reach it on Linux).
            try
            {
                if (SetEnv(VectorWidthVariable, "512", 0) == 0) Applied = true;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                // No C library to call (an unusual Linux): the driver keeps its default width.
            }
#endif
        }
    }

#if NET
    /// <summary>setenv(3) with both strings passed as NUL-terminated UTF-8, the bytes Linux keeps.</summary>
    private static unsafe int SetEnv(string name, string value, int overwrite)
    {
        byte[] n = System.Text.Encoding.UTF8.GetBytes(name + "\0"), v = System.Text.Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* pn = n)
        fixed (byte* pv = v)
            return NativeSetEnv(pn, pv, overwrite);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern unsafe int NativeSetEnv(byte* name, byte* value, int overwrite);
#endif
}
