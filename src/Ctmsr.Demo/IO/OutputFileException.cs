namespace Ctmsr.Demo.IO;

/// <summary>
/// A file the demo was asked to write and could not: refused up front (empty path, a directory, a missing folder) or
/// failed while writing (disk full, no permission; <see cref="IsWriteFailure"/>). The message names the file. The
/// command line reports it as one line: a refusal with the usage exit code, a write failure with the I/O one.
/// </summary>
public sealed class OutputFileException(string message, bool isWriteFailure = false) : Exception(message)
{
    /// <summary>True when the environment failed the write (the target itself was acceptable).</summary>
    public bool IsWriteFailure { get; } = isWriteFailure;
}
