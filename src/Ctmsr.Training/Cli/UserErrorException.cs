using Ctmsr.Training.Data;

namespace Ctmsr.Training.Cli;

/// <summary>An error caused by the user's input (options, files); its message says what was wrong.</summary>
public sealed class UserErrorException(string message, Exception? inner = null) : Exception(message, inner);
