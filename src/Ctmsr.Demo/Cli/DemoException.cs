namespace Ctmsr.Demo.Cli;

/// <summary>A user-facing failure: printed as one line on stderr, ending the process with <see cref="ExitCode"/>.</summary>
public sealed class DemoException(string message, int exitCode = DemoException.UsageError) : Exception(message)
{
    /// <summary>The environment failed an operation (a file cannot be written: disk full, no permission).</summary>
    public const int IoError = 1;

    /// <summary>Bad input, missing model or file: the user can fix it.</summary>
    public const int UsageError = 2;

    /// <summary>No usable Vulkan device (or no display for the window): the environment, not the input.</summary>
    public const int NoDevice = 3;

    public int ExitCode { get; } = exitCode;
}
