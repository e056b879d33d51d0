using System;
using System.IO;
using System.Reflection;

namespace Ctmsr.Runtime.Vulkan;

/// <summary>The SPIR-V kernels compiled from shaders/ at build time and embedded in this assembly.</summary>
internal static class SpirvLibrary
{
    /// <summary>The SPIR-V words of <paramref name="file"/> (e.g. "conv.comp") in <paramref name="variant"/> (e.g. "first.f16").</summary>
    public static byte[] Load(string file, string variant) => Load(typeof(SpirvLibrary).Assembly, file, variant);

    /// <summary>The SPIR-V of <paramref name="file"/> in <paramref name="variant"/>, embedded in <paramref name="assembly"/> by build/Shaders.targets.</summary>
    public static byte[] Load(Assembly assembly, string file, string variant)
    {
        string name = $"Ctmsr.Shaders.{file}.{variant}.spv";
        using Stream? s = assembly.GetManifestResourceStream(name);
        if (s == null)
            throw new InvalidOperationException($"the embedded shader '{name}' is missing from {assembly.GetName().Name}; the build compiles shaders/ with glslangValidator");
        var bytes = new byte[s.Length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = s.Read(bytes, read, bytes.Length - read);
            if (n == 0) break;
            read += n;
        }
        if (read != bytes.Length || bytes.Length % 4 != 0)
            throw new InvalidOperationException($"the embedded shader '{name}' is truncated ({read} of {bytes.Length} bytes)");
        return bytes;
    }
}
