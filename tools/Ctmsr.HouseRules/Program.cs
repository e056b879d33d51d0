using Ctmsr.HouseRules;

// ctmsr-house-rules [--all] [ROOT]: checks src/ and tools/ under ROOT (default: the current folder), leaving out the
// folders of tools/house-rules-pending.txt unless --all; lists each offending file and exits 1 when any breaks a rule,
// 2 on bad arguments or a bad pending list.
bool all = args.Contains("--all");
string[] rest = args.Where(a => a != "--all").ToArray();
if (rest.Length > 1 || (rest.Length == 1 && (rest[0] is "-h" or "--help" || rest[0].StartsWith('-'))))
{
    Console.Error.WriteLine("usage: ctmsr-house-rules [--all] [REPOSITORY_ROOT]");
    return 2;
}
string root = Path.GetFullPath(rest.Length == 1 ? rest[0] : ".");
IReadOnlyList<HouseRuleViolation> violations;
IReadOnlyList<string> pending;
try
{
    pending = all ? [] : HouseRuleChecker.ReadPending(root);
    violations = HouseRuleChecker.CheckRepository(root, pending);
}
catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
foreach (var v in violations)
    Console.WriteLine(v);
if (pending.Count > 0)
    Console.WriteLine($"house rules: {pending.Count} folders of {HouseRuleChecker.PendingListPath} left out (--all checks them)");
int files = violations.Select(v => v.Path).Distinct(StringComparer.Ordinal).Count();
Console.WriteLine(violations.Count == 0
    ? $"house rules: {string.Join(" and ", HouseRuleChecker.CheckedFolders)} under {root} follow the rules"
    : $"house rules: {violations.Count} violations in {files} files");
return violations.Count == 0 ? 0 : 1;
