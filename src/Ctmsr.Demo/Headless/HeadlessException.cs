namespace Ctmsr.Demo.Headless;

/// <summary>
/// A headless run that cannot start or go on because of what it was asked: an option out of range, an output folder
/// that cannot be made, no requested method that can run here. The message names the option or the folder; the
/// command line reports it as one line with the usage exit code.
/// </summary>
public sealed class HeadlessException(string message) : Exception(message);
