using System.Text;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Data;

/// <summary>
/// The image list file: UTF-8 TSV, one image per line: split, source, path. Lines starting with '#' are comments.
/// A relative path is relative to the list file's folder, so a data folder can move as a whole.
/// </summary>
public static class ImageList
{
    public const string Header = "# ctmsr image list v1: split<TAB>source<TAB>path (relative to this file's folder unless absolute)";

    public static void Write(string listPath, IEnumerable<ImageListEntry> entries)
    {
        string full = Path.GetFullPath(listPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        foreach (var e in entries)
        {
            if (e.Split.Contains('\t') || e.Source.Contains('\t') || e.Path.Contains('\t') || e.Path.Contains('\n'))
                throw new ArgumentException($"image list fields cannot contain tabs or newlines: '{e.Path}'");
            sb.Append(e.Split).Append('\t').Append(e.Source).Append('\t').Append(e.Path.Replace('\\', '/')).Append('\n');
        }
        AtomicFile.WriteAllText(full, sb.ToString());
    }

    /// <summary>Reads every row; throws <see cref="InvalidDataException"/> naming the file and line on a malformed row.</summary>
    public static IReadOnlyList<ImageListEntry> Read(string listPath)
    {
        if (!File.Exists(listPath)) throw new FileNotFoundException($"image list '{listPath}' does not exist", listPath);
        var result = new List<ImageListEntry>();
        int lineNo = 0;
        foreach (string raw in File.ReadLines(listPath))
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            string[] f = line.Split('\t');
            if (f.Length != 3 || f[2].Length == 0)
                throw new InvalidDataException($"image list '{listPath}' line {lineNo}: expected 3 tab-separated fields (split, source, path); got {f.Length}");
            if (f[0] != ValidationSplit.Train && f[0] != ValidationSplit.Val)
                throw new InvalidDataException($"image list '{listPath}' line {lineNo}: split must be 'train' or 'val'; got '{f[0]}'");
            result.Add(new ImageListEntry(f[0], f[1], f[2]));
        }
        return result;
    }

    /// <summary>The entry's path made absolute against the list file's folder.</summary>
    public static string Resolve(string listPath, ImageListEntry entry) =>
        Path.IsPathRooted(entry.Path)
            ? entry.Path
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(listPath))!, entry.Path));
}
