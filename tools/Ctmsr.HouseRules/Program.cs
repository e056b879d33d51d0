using Ctmsr.HouseRules;

// ctmsr-house-rules [ROOT]: checks src/ and tools/ under ROOT (default: the current folder); lists each offending file
// and exits 1 when any breaks a rule, 2 on bad arguments.
if (args.Length > 1 || (args.Length == 1 && args[0] is "-h" or "--help"))
{
    Console.Error.WriteLine("usage: ctmsr-house-rules [REPOSITORY_ROOT]");
    return 2;
}
string root = Path.GetFullPath(args.Length == 1 ? args[0] : ".");
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
