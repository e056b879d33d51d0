namespace Ctmsr.Training.Data;

/// <summary>
/// An image set that cannot be fetched, indexed or used: no usable image in the folders or the list, a package or tool
/// missing or failing. The message names the folder, list, package or tool; ctmsr-train reports it as one line with
/// the bad-input exit code.
/// </summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
