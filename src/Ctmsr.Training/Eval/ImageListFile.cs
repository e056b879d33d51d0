namespace Ctmsr.Training.Eval;

/// <summary>
/// The data list TSV: columns split, source, path (tab-separated); lines starting with '#' and blank lines are
/// ignored, as is a header row whose first column is "split". Relative paths are relative to the list's folder.
/// </summary>
public static class ImageListFile
{
    public sealed record Entry(string Split, string Source, string Path);

    public static IReadOnlyList<Entry> Read(string listPath)
    {
        if (!File.Exists(listPath)) throw new FileNotFoundException($"list file '{listPath}' does not exist", listPath);
        string baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(listPath)) ?? ".";
        var entries = new List<Entry>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(listPath))
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cols = line.Split('\t');
            if (cols.Length < 3)
                throw new InvalidDataException(
                    $"list file '{listPath}' line {lineNo} has {cols.Length} tab-separated columns; expected 3 (split, source, path)");
            if (lineNo == 1 && cols[0] == "split") continue;
            string path = cols[2].Trim();
            if (!System.IO.Path.IsPathRooted(path)) path = System.IO.Path.Combine(baseDir, path);
            entries.Add(new Entry(cols[0].Trim(), cols[1].Trim(), path));
        }
        return entries;
    }

    /// <summary>The paths of one split, in file order.</summary>
    public static IReadOnlyList<string> PathsOfSplit(string listPath, string split)
    {
        var all = Read(listPath);
        var paths = all.Where(e => string.Equals(e.Split, split, StringComparison.OrdinalIgnoreCase)).Select(e => e.Path).ToList();
        if (paths.Count == 0)
            throw new InvalidDataException(
                $"list file '{listPath}' has no '{split}' entries; its splits are: {string.Join(", ", all.Select(e => e.Split).Distinct())}");
        return paths;
    }
}
