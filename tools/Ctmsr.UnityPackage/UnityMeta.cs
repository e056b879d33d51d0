using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Ctmsr.UnityPackage;

/// <summary>
/// Unity's .meta files for the package. Unity treats a package from a tarball or a registry as immutable and ignores
/// an asset without a .meta file there, so every file and folder outside the "~" folders gets one. GUIDs are
/// deterministic (MD5 of the package name and the asset's path), so two builds of one layout are byte-identical and a
/// project's references to the package's assets survive an upgrade.
/// </summary>
public static class UnityMeta
{
    /// <summary>The asset's GUID: 32 lower-case hex digits from the package name and the '/'-separated path.</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
        Justification = "MD5 only spreads a path over Unity's 128-bit GUID; nothing relies on it being hard to invert or collide.")]
    public static string Guid(string packageName, string relativePath) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("ctmsr-unity-meta:" + packageName + "/" + relativePath)));

    /// <summary>Whether Unity imports this path (true) or ignores it (a path through a folder ending in '~' or starting with '.').</summary>
    public static bool IsImported(string relativePath)
    {
        foreach (var part in relativePath.Split('/'))
            if (part.EndsWith('~') || part.StartsWith('.'))
                return false;
        return true;
    }

    /// <summary>The .meta text for a path in the package; native plugins get their platform's settings.</summary>
    public static string For(string packageName, string relativePath, bool isDirectory, bool isManagedPlugin)
    {
        string guid = Guid(packageName, relativePath);
        if (isDirectory)
            return Header(guid) + "folderAsset: yes\n" + Importer("DefaultImporter");
        foreach (var native in UnityPackageLayout.NativePlugins)
            if (native.PackagePath == relativePath)
                return Header(guid) + NativePluginImporter(native);
        if (isManagedPlugin)
            return Header(guid) + ManagedPluginImporter();
        string name = relativePath.Substring(relativePath.LastIndexOf('/') + 1);
        return Path.GetExtension(name) switch
        {
            ".json" when name == "package.json" => Header(guid) + Importer("PackageManifestImporter"),
            ".asmdef" => Header(guid) + Importer("AssemblyDefinitionImporter"),
            ".cs" => Header(guid) + "MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n"
                     + "  executionOrder: 0\n  icon: {instanceID: 0}\n" + Trailer,
            ".md" or ".txt" or ".json" or ".xml" => Header(guid) + Importer("TextScriptImporter"),
            _ => Header(guid) + Importer("DefaultImporter"),
        };
    }

    private const string Trailer = "  userData: \n  assetBundleName: \n  assetBundleVariant: \n";

    private static string Header(string guid) => "fileFormatVersion: 2\nguid: " + guid + "\n";

    private static string Importer(string importer) => importer + ":\n  externalObjects: {}\n" + Trailer;

    // Managed plugins: every platform, referenced automatically (also by the asmdef's precompiledReferences). Assembly
    // version validation is off: the NuGet builds reference facade versions (System.Memory 4.0.1.2) that Unity's
    // profile may number differently, which the validation would report although the types resolve.
    private static string ManagedPluginImporter() =>
        "PluginImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  iconMap: {}\n  executionOrder: {}\n"
        + "  defineConstraints: []\n  isPreloaded: 0\n  isOverridable: 0\n  isExplicitlyReferenced: 0\n"
        + "  validateReferences: 0\n  platformData:\n"
        + "  - first:\n      Any: \n    second:\n      enabled: 1\n      settings: {}\n"
        + "  - first:\n      Editor: Editor\n    second:\n      enabled: 0\n      settings:\n        DefaultValueInitialized: true\n"
        + Trailer;

    // A native library: its own editor OS and CPU and its standalone target only, excluded everywhere else.
    private static string NativePluginImporter(NativePlugin plugin)
    {
        var text = new StringBuilder();
        text.Append("PluginImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  iconMap: {}\n  executionOrder: {}\n")
            .Append("  defineConstraints: []\n  isPreloaded: 0\n  isOverridable: 1\n  isExplicitlyReferenced: 0\n")
            .Append("  validateReferences: 1\n  platformData:\n")
            .Append("  - first:\n      : Any\n    second:\n      enabled: 0\n      settings:\n")
            .Append("        Exclude Editor: 0\n");
        foreach (var target in new[] { "Linux64", "OSXUniversal", "Win", "Win64" })
            text.Append("        Exclude ").Append(target).Append(": ").Append(target == plugin.StandaloneTarget ? 0 : 1).Append('\n');
        text.Append("  - first:\n      Any: \n    second:\n      enabled: 0\n      settings: {}\n")
            .Append("  - first:\n      Editor: Editor\n    second:\n      enabled: 1\n      settings:\n")
            .Append("        CPU: ").Append(plugin.Cpu).Append("\n        DefaultValueInitialized: true\n")
            .Append("        OS: ").Append(plugin.EditorOs).Append('\n');
        foreach (var target in new[] { "Linux64", "OSXUniversal", "Win", "Win64" })
        {
            bool on = target == plugin.StandaloneTarget;
            text.Append("  - first:\n      Standalone: ").Append(target).Append("\n    second:\n      enabled: ")
                .Append(on ? 1 : 0).Append("\n      settings:\n        CPU: ").Append(on ? plugin.Cpu : "None").Append('\n');
        }
        return text.Append(Trailer).ToString();
    }
}
