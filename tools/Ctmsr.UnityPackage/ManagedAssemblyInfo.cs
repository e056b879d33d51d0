using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Ctmsr.UnityPackage;

/// <summary>What the package checks need to know about one managed assembly, read from its metadata (never loaded).</summary>
/// <param name="Path">The file.</param>
/// <param name="Name">The assembly's simple name.</param>
/// <param name="Version">The assembly version.</param>
/// <param name="TargetFramework">The TargetFrameworkAttribute's value (".NETStandard,Version=v2.1"), or null.</param>
/// <param name="InformationalVersion">The AssemblyInformationalVersionAttribute's value, or null.</param>
/// <param name="References">Every assembly reference: simple name and version.</param>
public sealed record ManagedAssemblyInfo(
    string Path, string Name, Version Version, string? TargetFramework, string? InformationalVersion,
    IReadOnlyList<(string Name, Version Version)> References)
{
    /// <summary>
    /// Reads a .dll: the assembly's identity, target framework and references; null when the file is a native
    /// library (a PE file without CLI metadata, or not a PE file at all).
    /// </summary>
    public static ManagedAssemblyInfo? TryRead(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        try
        {
            if (!pe.HasMetadata)
                return null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
        var md = pe.GetMetadataReader();
        if (!md.IsAssembly)
            throw new InvalidDataException($"{path}: a managed module without an assembly manifest; a plugin must be an assembly.");
        var definition = md.GetAssemblyDefinition();
        var references = new List<(string, Version)>();
        foreach (var handle in md.AssemblyReferences)
        {
            var reference = md.GetAssemblyReference(handle);
            references.Add((md.GetString(reference.Name), reference.Version));
        }
        return new ManagedAssemblyInfo(path, md.GetString(definition.Name), definition.Version,
            ReadStringAttribute(md, definition, "System.Runtime.Versioning", "TargetFrameworkAttribute"),
            ReadStringAttribute(md, definition, "System.Reflection", "AssemblyInformationalVersionAttribute"), references);
    }

    private static string? ReadStringAttribute(MetadataReader md, AssemblyDefinition definition, string ns, string name)
    {
        foreach (var handle in definition.GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
                continue;
            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference)
                continue;
            var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (md.GetString(type.Name) != name || md.GetString(type.Namespace) != ns)
                continue;
            var blob = md.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1) // custom attribute prolog
                return null;
            return blob.ReadSerializedString();
        }
        return null;
    }
}
