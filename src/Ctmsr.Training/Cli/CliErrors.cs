using Ctmsr.Training.Data;

namespace Ctmsr.Training.Cli;

/// <summary>
/// Turns the exceptions that mean "bad input" into one clear line and exit code 2, and those that mean "the environment
/// failed an operation" (a file cannot be read or written: disk full, no permission) into one line and exit code 1,
/// instead of a stack trace. Anything else is a bug and keeps its stack trace.
/// </summary>
public static class CliErrors
{
    public const int IoFailure = 1;
    public const int BadInput = 2;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return IoFailure;
        }
    }

    public static bool IsUserError(Exception e) =>
        e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
            or UserErrorException or DatasetException;

    public static bool IsIoFailure(Exception e) => e is IOException or UnauthorizedAccessException;
}
