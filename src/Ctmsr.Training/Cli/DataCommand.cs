using System.CommandLine;
using Ctmsr.Training.Data;

namespace Ctmsr.Training.Cli;

/// <summary>The 'data' verb: 'data fetch' (the packaged image sets) and 'data index' (the user's own frames).</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "Gets training images and writes image lists (TSV: split, source, path).");
        cmd.Subcommands.Add(CreateFetch());
        cmd.Subcommands.Add(CreateIndex());
        return cmd;
    }

    private static Option<double> ValFractionOption() => new("--val-fraction")
    {
        Description = "Fraction of source files in the validation split, fixed per file by a hash of its path, in [0, 1)",
        DefaultValueFactory = _ => 0.1,
    };

    private static Command CreateFetch()
    {
        var outOpt = new Option<string>("--out")
        {
            Description = "Data folder: .deb files, unpacked packages, licences/ and images.tsv go here",
            DefaultValueFactory = _ => "data",
        };
        var valOpt = ValFractionOption();
        var debsOpt = new Option<string?>("--debs")
        {
            Description = "Folder that already holds endless-sky-high-dpi_*.deb and supertuxkart-data_*.deb (skips apt-get download)",
        };
        var cmd = new Command("fetch",
            "Downloads (apt-get download, never installs) endless-sky-high-dpi and supertuxkart-data, unpacks them with dpkg -x, " +
            "keeps their licence files and writes <out>/images.tsv with the landscape photographs and the colour textures.");
        cmd.Options.Add(outOpt);
        cmd.Options.Add(valOpt);
        cmd.Options.Add(debsOpt);
        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            string outDir = pr.GetValue(outOpt) ?? "data";
            if (string.IsNullOrWhiteSpace(outDir)) throw new UserErrorException("--out: give a folder");
            double val = pr.GetValue(valOpt);
            ValidationSplit.CheckFraction(val, "--val-fraction");
            var result = new DataFetcher(Console.Out).Fetch(outDir, val, pr.GetValue(debsOpt));
            foreach (var p in result.Packages)
            {
                Console.WriteLine($"{p.Package}: {p.Candidates} candidates, {p.Train + p.Val} kept ({p.Train} train, {p.Val} val)");
                foreach (var (reason, n) in p.Rejected) Console.WriteLine($"  rejected {n,5}  {reason}");
            }
            int train = result.Packages.Sum(p => p.Train), valCount = result.Packages.Sum(p => p.Val);
            Console.WriteLine($"total: {train + valCount} images ({train} train, {valCount} val) -> {result.ListPath}");
            Console.WriteLine($"licences: {string.Join(", ", result.Licences)}");
            return 0;
        }));
        return cmd;
    }

    private static Command CreateIndex()
    {
        var imagesOpt = new Option<string[]>("--images")
        {
            Description = "Folder of PNG/JPEG frames, searched recursively (repeat for several folders)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var outOpt = new Option<string>("--out") { Description = "The image list to write (TSV)", Required = true };
        var valOpt = ValFractionOption();
        var cmd = new Command("index", "Writes an image list for your own PNG/JPEG frames, with the same fixed per-file validation split.");
        cmd.Options.Add(imagesOpt);
        cmd.Options.Add(outOpt);
        cmd.Options.Add(valOpt);
        cmd.SetAction(new Func<ParseResult, int>(pr =>
        {
            var folders = pr.GetValue(imagesOpt) ?? Array.Empty<string>();
            string outPath = pr.GetValue(outOpt) ?? throw new UserErrorException("--out: give a file");
            double val = pr.GetValue(valOpt);
            ValidationSplit.CheckFraction(val, "--val-fraction");
            var entries = ImageIndexer.Index(folders, val, Console.Error);
            ImageList.Write(outPath, entries);
            int valCount = entries.Count(e => e.Split == ValidationSplit.Val);
            Console.WriteLine($"indexed {entries.Count} images ({entries.Count - valCount} train, {valCount} val) -> {Path.GetFullPath(outPath)}");
            return 0;
        }));
        return cmd;
    }
}
