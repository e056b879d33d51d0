using System.Diagnostics;
using System.Security.Cryptography;
using SkiaSharp;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Data;

/// <summary>What one package contributed.</summary>
public sealed record PackageCount(string Package, int Candidates, int Train, int Val, IReadOnlyDictionary<string, int> Rejected);
