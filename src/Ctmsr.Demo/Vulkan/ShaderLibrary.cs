namespace Ctmsr.Demo.Vulkan;

/// <summary>The SPIR-V compiled at build time (build/Shaders.targets) and embedded as Ctmsr.Shaders.&lt;file&gt;.&lt;variant&gt;.spv.</summary>
public static class ShaderLibrary
{
    public static byte[] Load(string file, string variant = "f32")
    {
        string name = $"Ctmsr.Shaders.{file}.{variant}.spv";
        using Stream? s = typeof(ShaderLibrary).Assembly.GetManifestResourceStream(name)
                          ?? throw new InvalidOperationException($"embedded shader '{name}' is missing: was it added as a CtmsrShader item?");
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }
}
