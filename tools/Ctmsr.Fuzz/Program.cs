using Ctmsr.Fuzz;
using SharpFuzz;

// ctmsr-fuzz TARGET                  the afl-fuzz harness (SharpFuzz's out-of-process fork server): tools/fuzz.sh runs it
// ctmsr-fuzz replay TARGET PATH...   runs files (or every file of folders) through TARGET, one line per file; exit 1 on
//                                    any crash, so a saved crash input reproduces outside afl-fuzz
const string Usage = "usage: ctmsr-fuzz (model|image) | ctmsr-fuzz replay (model|image) FILE|FOLDER...";

if (args.Length == 1 && Array.IndexOf(FuzzTargets.Names, args[0]) >= 0)
{
    string target = args[0];
    // Out of process: a native fault (SkiaSharp's codecs) or a hang kills only the child, which SharpFuzz restarts,
    // and afl-fuzz records the input as a crash or a hang instead of losing the fork server.
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        FuzzTargets.Run(target, copy.ToArray());
    });
    return 0;
}

if (args.Length >= 3 && args[0] == "replay" && Array.IndexOf(FuzzTargets.Names, args[1]) >= 0)
{
    var files = new List<string>();
    for (int i = 2; i < args.Length; i++)
    {
        if (Directory.Exists(args[i])) files.AddRange(Directory.GetFiles(args[i]).Order(StringComparer.Ordinal));
        else if (File.Exists(args[i])) files.Add(args[i]);
        else
        {
            Console.Error.WriteLine($"ctmsr-fuzz: '{args[i]}' is neither a file nor a folder");
            return 2;
        }
    }
    int crashes = 0;
    foreach (string file in files)
    {
        // Printed first, so that a fault that kills the process still names the input.
        Console.WriteLine($"run\t{file}");
        Console.Out.Flush();
        try
        {
            FuzzOutcome outcome = FuzzTargets.Run(args[1], File.ReadAllBytes(file));
            Console.WriteLine($"{(outcome.IsAccepted ? "accepted" : "refused")}\t{file}\t{OneLine(outcome.ToString())}");
        }
        catch (Exception ex)
        {
            crashes++;
            Console.WriteLine($"CRASH\t{file}\t{ex.GetType().FullName}: {OneLine(ex.Message)}");
            Console.WriteLine(ex.StackTrace);
        }
    }
    Console.WriteLine($"replayed {files.Count} input(s) through '{args[1]}': {crashes} crash(es)");
    return crashes == 0 ? 0 : 1;
}

Console.Error.WriteLine(Usage);
return 2;

static string OneLine(string s) => s.ReplaceLineEndings(" ");
