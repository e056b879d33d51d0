using System.Diagnostics;
using System.Security.Cryptography;
using SkiaSharp;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Data;

/// <summary>
/// `data fetch`: gets the image packages (apt-get download, or .deb files already on disk), unpacks them with
/// dpkg -x (never installs), keeps each licence file, selects the usable images and writes the image list.
/// Layout under the output folder: debs/, extract/&lt;package&gt;/, licences/&lt;package&gt;.copyright,
/// images.tsv (paths relative to the output folder) and images-rejected.tsv (why each candidate was left out).
/// </summary>
public sealed class DataFetcher
{
    private readonly TextWriter _log;

    public DataFetcher(TextWriter? log = null) => _log = log ?? Console.Out;

    public FetchResult Fetch(string outDir, double valFraction, string? debsDir, IReadOnlyList<PackageSource>? sources = null)
    {
        ValidationSplit.CheckFraction(valFraction, "--val-fraction");
        sources ??= PackageSource.Defaults;
        string root = Path.GetFullPath(outDir);
        Directory.CreateDirectory(root);
        var debs = FindOrDownloadDebs(root, debsDir, sources);

        var entries = new List<ImageListEntry>();
        var rejectedRows = new List<string> { "# package-relative path<TAB>reason" };
        var counts = new List<PackageCount>();
        var licences = new List<string>();
        foreach (var source in sources)
        {
            string extractDir = Extract(root, source.Package, debs[source.Package]);
            licences.Add(KeepLicence(root, extractDir, source));
            var (kept, rejected) = Select(extractDir, source);
            int train = 0, val = 0;
            foreach (string rel in kept)
            {
                string split = ValidationSplit.Of(rel, valFraction);
                if (split == ValidationSplit.Val) val++; else train++;
                entries.Add(new ImageListEntry(split, source.Package, $"extract/{source.Package}/{rel}"));
            }
            var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var (rel, reason) in rejected)
            {
                rejectedRows.Add($"{source.Package}/{rel}\t{reason}");
                string group = Group(reason);
                reasons[group] = reasons.GetValueOrDefault(group) + 1;
            }
            counts.Add(new PackageCount(source.Package, kept.Count + rejected.Count, train, val, reasons));
        }
        if (entries.Count == 0) throw new DatasetException($"no usable images found in the packages under '{root}'");
        string listPath = Path.Combine(root, "images.tsv");
        ImageList.Write(listPath, entries);
        AtomicFile.WriteAllLines(Path.Combine(root, "images-rejected.tsv"), rejectedRows);
        return new FetchResult(listPath, counts, licences);
    }

    /// <summary>The count bucket of a rejection reason: "name: 'gloss' map", "stats: nearly flat", "duplicate", ...</summary>
    private static string Group(string reason)
    {
        int colon = reason.IndexOf(':');
        string prefix = colon < 0 ? reason : reason[..colon];
        if (prefix != "name" && prefix != "stats") return prefix;
        int paren = reason.IndexOf('(');
        return paren > 0 ? reason[..paren].Trim() : reason;
    }

    private Dictionary<string, string> FindOrDownloadDebs(string root, string? debsDir, IReadOnlyList<PackageSource> sources)
    {
        string dir;
        if (debsDir != null)
        {
            dir = Path.GetFullPath(debsDir);
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"--debs: folder '{debsDir}' does not exist");
        }
        else
        {
            dir = Path.Combine(root, "debs");
            Directory.CreateDirectory(dir);
            var missing = sources.Where(s => FindDeb(dir, s.Package) == null).Select(s => s.Package).ToList();
            if (missing.Count > 0)
            {
                _log.WriteLine($"downloading {string.Join(", ", missing)} with apt-get download into {dir}");
                RunTool("apt-get", dir, new[] { "download" }.Concat(missing).ToArray());
            }
        }
        var result = new Dictionary<string, string>();
        foreach (var s in sources)
            result[s.Package] = FindDeb(dir, s.Package)
                ?? throw new DatasetException($"no {s.Package}_*.deb in '{dir}'" + (debsDir != null ? " (--debs)" : ""));
        return result;
    }

    private static string? FindDeb(string dir, string package) =>
        Directory.EnumerateFiles(dir, package + "_*.deb").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault();

    /// <summary>dpkg -x into extract/&lt;package&gt;; a marker naming the .deb makes a rerun skip the work.</summary>
    private string Extract(string root, string package, string deb)
    {
        string dir = Path.Combine(root, "extract", package);
        string marker = Path.Combine(dir, ".extracted-from");
        string debName = Path.GetFileName(deb);
        if (File.Exists(marker) && File.ReadAllText(marker).Trim() == debName)
        {
            _log.WriteLine($"{package}: already unpacked from {debName}");
            return dir;
        }
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        _log.WriteLine($"{package}: unpacking {debName} (dpkg -x)");
        RunTool("dpkg", root, "-x", deb, dir);
        AtomicFile.WriteAllText(marker, debName + "\n");
        return dir;
    }

    private string KeepLicence(string root, string extractDir, PackageSource source)
    {
        string from = Path.Combine(extractDir, source.CopyrightPath);
        if (!File.Exists(from)) throw new InvalidDataException($"{source.Package}: the package has no licence file at {source.CopyrightPath}");
        string to = Path.Combine(root, "licences", source.Package + ".copyright");
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
        return to;
    }

    /// <summary>Package-relative paths kept, and (path, reason) for each candidate left out. Both in ordinal order.</summary>
    public static (List<string> Kept, List<(string Path, string Reason)> Rejected) Select(string extractDir, PackageSource source)
    {
        var candidates = new List<string>();
        foreach (string imageRoot in source.ImageRoots)
        {
            string dir = Path.Combine(extractDir, imageRoot);
            if (Directory.Exists(dir)) candidates.AddRange(ImageIndexer.FindImages(dir));
        }
        candidates = candidates.Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        var reasons = new string?[candidates.Count];
        var hashes = new string?[candidates.Count];
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            (reasons[i], hashes[i]) = Judge(candidates[i], source.Kind);
        });
        var kept = new List<string>();
        var rejected = new List<(string, string)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < candidates.Count; i++)
        {
            string rel = Path.GetRelativePath(extractDir, candidates[i]).Replace('\\', '/');
            string? reason = reasons[i];
            // The same texture ships in several tracks; keeping one copy stops it landing in both splits.
            if (reason == null && hashes[i] is { } h)
            {
                if (seen.TryGetValue(h, out string? first)) reason = $"duplicate: same bytes as {first}";
                else seen[h] = rel;
            }
            if (reason == null) kept.Add(rel); else rejected.Add((rel, reason));
        }
        return (kept, rejected);
    }

    /// <summary>Null reason when the image is usable; the content hash for duplicate detection.</summary>
    public static (string? Reason, string? Hash) Judge(string file, PackageImageKind kind)
    {
        if (kind == PackageImageKind.Textures && TextureFilter.CheckName(file) is { } nameReason) return (nameReason, null);
        if (ImageProbe.TryReadSize(file, out int w, out int h, out bool gray) is { } problem) return ($"unreadable: it {problem}", null);
        if (kind == PackageImageKind.Photographs)
            return w >= 1024 && h >= 512 && w > h ? (null, null) : ($"size: {w}x{h} is not a landscape photograph", null);
        if (TextureFilter.CheckSize(w, h) is { } small) return (small, null);
        if (gray) return ("stats: greyscale file (a mask or height map)", null);
        SKBitmap bitmap;
        try
        {
            bitmap = ImageDecoder.DecodeRgba(file);
        }
        catch (InvalidDataException e)
        {
            return ($"unreadable: {e.Message}", null);
        }
        using (bitmap)
        {
            if (TextureFilter.CheckStats(TextureStats.FromBitmap(bitmap)) is { } statsReason) return (statsReason, null);
        }
        return (null, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));
    }

    private static void RunTool(string tool, string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = workDir, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new DatasetException($"could not start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DatasetException($"could not run {tool}: {e.Message} (is it installed?)", e);
        }
        using (p)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new DatasetException($"{tool} {string.Join(' ', args)} failed with exit code {p.ExitCode}: {err.Trim()}");
        }
    }
}
