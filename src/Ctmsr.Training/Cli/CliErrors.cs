namespace Ctmsr.Training.Cli;

/// <summary>
/// Turns the exceptions that mean "bad input" into one clear line and exit code 2, instead of a stack trace.
/// Anything else is a bug and keeps its stack trace.
/// </summary>
public static class CliErrors
{
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
    }

    public static bool IsUserError(Exception e) =>
        e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
            or UserErrorException;
}

/// <summary>An error caused by the user's input (options, files); its message says what was wrong.</summary>
public sealed class UserErrorException(string message, Exception? inner = null) : Exception(message, inner);
