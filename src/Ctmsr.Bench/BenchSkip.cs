namespace Ctmsr.Bench;

/// <summary>A row that was asked for and could not run (for example fp16 on a device without it), with the reason.</summary>
public sealed record BenchSkip(BenchCase Case, string Method, string? Model, string? Precision, string Reason);
