using System.Text;
using Ctmsr.IO;

namespace Ctmsr.Training.IO;

/// <summary>
/// Writes a file so that it is either the old file or the whole new one, never a part (<see cref="AtomicReplace"/>, shared
/// with ctmsr-demo); the trainer's policy on top: the folder is created when missing, and a failure is an
/// <see cref="IOException"/> naming the file.
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
        AtomicReplace.Write(full, write);
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
}
