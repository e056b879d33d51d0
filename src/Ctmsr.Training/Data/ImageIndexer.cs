using Ctmsr.Training.Imaging;

namespace Ctmsr.Training.Data;

/// <summary>Builds an image list from user folders of PNG/JPEG frames (recursive), with the fixed split rule.</summary>
public static class ImageIndexer
{
    /// <summary>
    /// Every readable PNG/JPEG under each folder, in ordinal path order. Split key = the path relative to its folder;
    /// source = the folder's name; path = absolute. Unreadable files are skipped with a warning naming the file.
    /// </summary>
    public static IReadOnlyList<ImageListEntry> Index(IReadOnlyList<string> folders, double valFraction, TextWriter? warnings = null)
    {
        warnings ??= Console.Error;
        ValidationSplit.CheckFraction(valFraction, "--val-fraction");
        if (folders.Count == 0) throw new DatasetException("--images: give at least one folder");
        var entries = new List<ImageListEntry>();
        foreach (string folder in folders)
        {
            string root = Path.GetFullPath(folder);
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"--images: folder '{folder}' does not exist");
            string source = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
            if (source.Length == 0) source = "images";
            foreach (string file in FindImages(root))
            {
                string? problem = ImageProbe.TryReadSize(file, out _, out _);
                if (problem != null)
                {
                    warnings.WriteLine($"warning: skipping image '{file}': it {problem}");
                    continue;
                }
                string key = Path.GetRelativePath(root, file).Replace('\\', '/');
                entries.Add(new ImageListEntry(ValidationSplit.Of(key, valFraction), source, file));
            }
        }
        if (entries.Count == 0)
            throw new DatasetException($"no usable PNG or JPEG images under {string.Join(", ", folders.Select(f => $"'{f}'"))}");
        return entries;
    }

    /// <summary>PNG/JPEG files under a folder, recursive, sorted ordinally so the order never depends on the file system.</summary>
    public static List<string> FindImages(string root)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(ImageFile.HasImageExtension)
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
