using System.Text;
using Ctmsr.IO;

namespace Ctmsr.Demo.IO;

/// <summary>
/// Writes a file so that it is either the old file or the whole new one, never a part (<see cref="AtomicReplace"/>, shared
/// with ctmsr-train); the demo's policy on top: the target is checked up front (<see cref="CheckTarget"/>: a missing
/// folder is refused, not created) and a failure is a <see cref="OutputFileException"/> naming the file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/>; the stream is a fresh temporary file.</summary>
    /// <exception cref="OutputFileException">The folder does not exist, or the file cannot be written; the message names it.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string full = CheckTarget(path, "output file");
        try
        {
            AtomicReplace.Write(full, write);
        }
        catch (IOException ex)
        {
            throw new OutputFileException(ex.Message, isWriteFailure: true);
        }
    }

    /// <summary>
    /// The full path of a file to be written, checked up front (so a command can refuse before long work): not empty,
    /// not a directory, in a folder that exists. <paramref name="what"/> names it in the message ("output image").
    /// </summary>
    /// <exception cref="OutputFileException">The path is empty, is a directory, or its folder does not exist.</exception>
    public static string CheckTarget(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new OutputFileException($"the {what} path is empty");
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new OutputFileException($"{what} '{full}' is a directory; give a file name");
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir)) throw new OutputFileException($"output folder '{dir}' does not exist (writing {what} '{full}')");
        return full;
    }

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    /// <exception cref="OutputFileException">The folder does not exist, or the file cannot be written; the message names it.</exception>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes, 0, bytes.Length));

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark, atomically.</summary>
    /// <exception cref="OutputFileException">The folder does not exist, or the file cannot be written; the message names it.</exception>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
}
