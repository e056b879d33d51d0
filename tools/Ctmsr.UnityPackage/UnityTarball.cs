using System.Formats.Tar;
using System.IO.Compression;

namespace Ctmsr.UnityPackage;

/// <summary>
/// The package as an npm-style tarball (every file under a top folder "package/"), which Unity's Package Manager adds
/// with "Add package from tarball". Entries are sorted and carry a fixed time, so one layout gives one tarball.
/// </summary>
public static class UnityTarball
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="tarball"/> (.tgz) from the package folder <paramref name="root"/>.</summary>
    public static void Write(string root, string tarball)
    {
        string temporary = tarball + ".tmp";
        using (var file = File.Create(temporary))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/" + Path.GetRelativePath(root, path).Replace('\\', '/'))
                {
                    ModificationTime = FixedTime,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = File.OpenRead(path),
                };
                tar.WriteEntry(entry);
                entry.DataStream.Dispose();
            }
        }
        File.Move(temporary, tarball, overwrite: true);
    }

    /// <summary>The tarball's file entries in order.</summary>
    public static IReadOnlyList<string> ReadEntries(string tarball)
    {
        var names = new List<string>();
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
            if (entry.EntryType == TarEntryType.RegularFile)
                names.Add(entry.Name);
        return names;
    }
}
