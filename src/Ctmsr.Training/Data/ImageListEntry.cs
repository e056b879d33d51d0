namespace Ctmsr.Training.Data;

/// <summary>One row of an image list: which split it belongs to, where it came from, and where it is.</summary>
/// <param name="Split"><see cref="ValidationSplit.Train"/> or <see cref="ValidationSplit.Val"/>.</param>
/// <param name="Source">The package name, or the indexed folder's name.</param>
/// <param name="Path">As written in the list: absolute, or relative to the list file's folder.</param>
public sealed record ImageListEntry(string Split, string Source, string Path);
