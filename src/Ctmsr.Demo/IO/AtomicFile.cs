using System.Text;
using Ctmsr.Demo.Cli;

namespace Ctmsr.Demo.IO;

/// <summary>
/// Writes a file so that it is either the old file or the whole new one, never a part: the bytes go to a temporary file
/// in the same folder (same file system, so the rename is atomic), flushed to disk, then renamed over the target. When
/// writing fails, or the process is killed, the target keeps its old content and the temporary file is deleted (or, after
/// a kill, left as <c>.NAME.PID.tmp</c>). Writing OUT = IN is safe: the input is untouched until the rename.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/>; the stream is a fresh temporary file.</summary>
    /// <exception cref="DemoException">The folder does not exist, or the file cannot be written; the message names it.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string full = CheckTarget(path, "output file");
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
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            throw new DemoException($"cannot write '{full}': {ex.Message}", DemoException.IoError);
        }
        finally
        {
            if (!moved) TryDelete(tmp);
        }
    }

    /// <summary>
    /// The full path of a file to be written, checked up front (so a command can refuse before long work): not empty,
    /// not a directory, in a folder that exists. <paramref name="what"/> names it in the message ("output image").
    /// </summary>
    /// <exception cref="DemoException">The path is empty, is a directory, or its folder does not exist.</exception>
    public static string CheckTarget(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new DemoException($"the {what} path is empty");
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new DemoException($"{what} '{full}' is a directory; give a file name");
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir)) throw new DemoException($"output folder '{dir}' does not exist (writing {what} '{full}')");
        return full;
    }

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    /// <exception cref="DemoException">The folder does not exist, or the file cannot be written; the message names it.</exception>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes, 0, bytes.Length));

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark, atomically.</summary>
    /// <exception cref="DemoException">The folder does not exist, or the file cannot be written; the message names it.</exception>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>The temporary file for <paramref name="full"/>: hidden, in its folder, unique to this process and call.</summary>
    internal static string TempPath(string full) =>
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
