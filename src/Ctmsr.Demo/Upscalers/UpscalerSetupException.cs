namespace Ctmsr.Demo.Upscalers;

/// <summary>
/// A requested upscaling method cannot be set up as asked: the model file is missing, is a directory or is not a
/// CTMSR model, no default model exists, or the backend option does not fit the method. The message names the file
/// or the option; the command line reports it as one line with the usage exit code.
/// </summary>
public sealed class UpscalerSetupException(string message) : Exception(message);
