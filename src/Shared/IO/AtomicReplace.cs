using System;
using System.IO;

namespace Ctmsr.IO;

/// <summary>
/// The one atomic-write mechanism of the command-line tools (linked into ctmsr-demo and ctmsr-train, whose
/// <c>AtomicFile</c> classes add their own path policy): the bytes go to a hidden temporary file in the target's folder
/// (same file system, so the rename is atomic), flushed to disk, then renamed over the target. A failed write deletes
/// the temporary file and leaves the target as it was; after a kill -9 the target is intact and a hidden
/// <c>.NAME.PID.xxxxxxxx.tmp</c> may remain. Writing OUT = IN is safe: the input is untouched until the rename.
/// </summary>
internal static class AtomicReplace
{
    /// <summary>
    /// Writes <paramref name="full"/> (a full path whose folder exists) through <paramref name="write"/>, which gets a
    /// fresh temporary file.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written or renamed; the message names it.</exception>
    public static void Write(string full, Action<Stream> write)
    {
        string tmp = TempPath(full);
        bool moved = false;
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
            moved = true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException && ex is not FileNotFoundException))
        {
            throw new IOException($"cannot write '{full}': {ex.Message}", ex);
        }
        finally
        {
            if (!moved) TryDelete(tmp);
        }
    }

    /// <summary>The temporary file for <paramref name="full"/>: hidden, in its folder, unique to this process and call.</summary>
    public static string TempPath(string full) =>
        Path.Combine(Path.GetDirectoryName(full) ?? ".",
            $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..8]}.tmp");

    private static void TryDelete(string tmp)
    {
        try
        {
            File.Delete(tmp);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            // The write already failed and that error is the one to report; a stray temp file is named by its pattern.
        }
    }
}
