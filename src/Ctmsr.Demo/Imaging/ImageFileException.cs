namespace Ctmsr.Demo.Imaging;

/// <summary>
/// An image file that cannot be read or written as asked: the path is empty or a directory, the file is missing,
/// empty, truncated, damaged or not an image, its size is out of range, or it cannot be encoded. The message names the
/// file and, where it matters, its size; the command line reports it as one line with the usage exit code.
/// </summary>
public sealed class ImageFileException(string message) : Exception(message);
