using System.Diagnostics;
using System.Security.Cryptography;
using SkiaSharp;
using Ctmsr.Training.IO;

namespace Ctmsr.Training.Data;

/// <summary>The result of <see cref="DataFetcher.Fetch"/>.</summary>
public sealed record FetchResult(string ListPath, IReadOnlyList<PackageCount> Packages, IReadOnlyList<string> Licences);
