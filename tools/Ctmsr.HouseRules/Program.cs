using Ctmsr.HouseRules;

// ctmsr-house-rules [ROOT]: checks src/ and tools/ under ROOT (default: the current folder); lists each offending file
// and exits 1 when any breaks a rule, 2 on bad arguments or a missing folder.
// ctmsr-house-rules --fix-namespaces [ROOT]: rewrites every block-scoped namespace under src/, tools/ and tests/ as a
// file-scoped one (not the Unity package's C# 9 scripts or tests/Ctmsr.Unity.Tests/Stubs), lists the files it could not
// convert with the reason, and exits 1 if there were any.
bool fix = args.Contains("--fix-namespaces");
string[] rest = args.Where(a => a != "--fix-namespaces").ToArray();
if (rest.Length > 1 || (rest.Length == 1 && rest[0].StartsWith('-')))
{
    Console.Error.WriteLine("usage: ctmsr-house-rules [REPOSITORY_ROOT] | ctmsr-house-rules --fix-namespaces [REPOSITORY_ROOT]");
    return 2;
}
string root = Path.GetFullPath(rest.Length == 1 ? rest[0] : ".");
if (fix)
{
    if (!Directory.Exists(root))
    {
        Console.Error.WriteLine($"house rules: the repository root '{root}' does not exist");
        return 2;
    }
    int converted = 0, refused = 0;
    foreach (string folder in new[] { "src", "tools", "tests" })
    {
        string dir = Path.Combine(root, folder);
        if (!Directory.Exists(dir))
            continue;
        foreach (string file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (HouseRuleChecker.IsExcluded(relative) || relative.StartsWith("tests/Ctmsr.Unity.Tests/Stubs/", StringComparison.Ordinal))
                continue;
            string? result = NamespaceConverter.ToFileScoped(File.ReadAllText(file), out string? reason);
            if (result != null)
            {
                File.WriteAllText(file, result);
                converted++;
            }
            else if (reason != null)
            {
                Console.WriteLine($"{relative}: not converted: {reason}");
                refused++;
            }
        }
    }
    Console.WriteLine($"house rules: {converted} files converted to file-scoped namespaces, {refused} left to do by hand");
    return refused == 0 ? 0 : 1;
}
IReadOnlyList<HouseRuleViolation> violations;
try
{
    violations = HouseRuleChecker.CheckRepository(root);
}
catch (DirectoryNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
foreach (var v in violations)
    Console.WriteLine(v);
int files = violations.Select(v => v.Path).Distinct(StringComparer.Ordinal).Count();
Console.WriteLine(violations.Count == 0
    ? $"house rules: {string.Join(" and ", HouseRuleChecker.CheckedFolders)} under {root} follow the rules"
    : $"house rules: {violations.Count} violations in {files} files");
return violations.Count == 0 ? 0 : 1;
