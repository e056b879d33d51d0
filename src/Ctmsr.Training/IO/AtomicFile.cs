using System.Text;

namespace Ctmsr.Training.IO;

/// <summary>
/// Writes a file so that it is either the old file or the whole new one, never a part: the bytes go to a temporary file
/// in the same folder (same file system, so the rename is atomic), flushed to disk, then renamed over the target. When
/// writing fails the temporary file is deleted and the target keeps its old content; after a kill -9 the target is
/// intact and a hidden <c>.NAME.PID.xxxxxxxx.tmp</c> may remain. The folder is created when missing.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/>; the stream is a fresh temporary file.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"cannot write '{full}': it is a directory");
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
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

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes, 0, bytes.Length));

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark, atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes the lines, each ended by '\n', atomically.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (string line in lines) sb.Append(line).Append('\n');
        WriteAllText(path, sb.ToString());
    }

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
