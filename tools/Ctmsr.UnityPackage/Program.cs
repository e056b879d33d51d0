using Ctmsr.UnityPackage;

// ctmsr-unity-package make --publish DIR --out DIR [--tgz FILE]   assemble (and check) the Unity package
// ctmsr-unity-package check DIR                                    check a package folder
// ctmsr-unity-package version                                      the version the package gets
try
{
    if (args.Length == 1 && args[0] == "version")
    {
        Console.WriteLine(BuildMetadata.Version);
        return 0;
    }
    if (args.Length >= 1 && args[0] == "make")
    {
        string? publish = null, output = null, tarball = null;
        for (int i = 1; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--publish": publish = value; break;
                case "--out": output = value; break;
                case "--tgz": tarball = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
            i++;
        }
        if (publish == null || output == null)
            throw new ArgumentException("make needs --publish DIR and --out DIR");
        UnityPackageBuilder.Build(new UnityPackageOptions { PublishDirectory = publish, OutputDirectory = output, Log = Console.WriteLine });
        if (tarball != null)
        {
            UnityTarball.Write(output, tarball);
            Console.WriteLine($"tarball -> {Path.GetFullPath(tarball)} ({new FileInfo(tarball).Length} bytes)");
        }
        return 0;
    }
    if (args.Length == 2 && args[0] == "check")
    {
        var problems = UnityPackageChecker.Check(args[1]);
        foreach (var problem in problems)
            Console.Error.WriteLine(problem);
        Console.WriteLine(problems.Count == 0 ? $"{args[1]}: passes" : $"{args[1]}: {problems.Count} problems");
        return problems.Count == 0 ? 0 : 1;
    }
    Console.Error.WriteLine("usage: ctmsr-unity-package make --publish DIR --out DIR [--tgz FILE] | check DIR | version");
    return 2;
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"ctmsr-unity-package: {e.Message}");
    return 1;
}
