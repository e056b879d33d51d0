using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ctmsr.HouseRules;

/// <summary>
/// Checks C# sources for the house rules that no analyzer covers: one top-level type per file, file-scoped namespaces,
/// and a reason stated near the top of a file over <see cref="MaxLines"/> lines (a comment line that starts with
/// <see cref="LongFileMarker"/>).
/// </summary>
public static class HouseRuleChecker
{
    /// <summary>The most lines a file may have without stating why.</summary>
    public const int MaxLines = 400;

    /// <summary>How a long file states its reason: a comment line starting with this, among its first lines.</summary>
    public const string LongFileMarker = "// Over 400 lines because";

    /// <summary>How many lines from the top the marker may appear in (room for a purpose comment above it).</summary>
    public const int MarkerWindow = 10;

    /// <summary>The folders checked under the repository root.</summary>
    public static readonly IReadOnlyList<string> CheckedFolders = ["src", "tools"];

    /// <summary>
    /// Paths (relative to the root, forward slashes) left out: build output, and the Unity package's scripts, which
    /// Unity compiles as C# 9 (no file-scoped namespaces).
    /// </summary>
    public static bool IsExcluded(string relativePath)
    {
        string p = "/" + relativePath.Replace('\\', '/');
        return p.Contains("/bin/", StringComparison.Ordinal)
            || p.Contains("/obj/", StringComparison.Ordinal)
            || p.StartsWith("/tools/Ctmsr.UnityPackage/Package/", StringComparison.Ordinal);
    }

    /// <summary>
    /// Checks every <c>*.cs</c> file under <see cref="CheckedFolders"/> of <paramref name="root"/> that
    /// <see cref="IsExcluded"/> leaves in.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The root, or one of its checked folders, does not exist.</exception>
    public static IReadOnlyList<HouseRuleViolation> CheckRepository(string root)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"house rules: the repository root '{root}' does not exist");
        var violations = new List<HouseRuleViolation>();
        foreach (string folder in CheckedFolders)
        {
            string dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir))
                throw new DirectoryNotFoundException($"house rules: '{dir}' does not exist (is '{root}' the repository root?)");
            foreach (string file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (IsExcluded(relative))
                    continue;
                violations.AddRange(CheckSource(relative, File.ReadAllText(file)));
            }
        }
        return violations;
    }

    /// <summary>Checks one source text; <paramref name="path"/> only names it in the results.</summary>
    public static IReadOnlyList<HouseRuleViolation> CheckSource(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var violations = new List<HouseRuleViolation>();
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), path);
        var root = tree.GetCompilationUnitRoot();

        var types = new List<string>();
        var blockNamespaces = new List<string>();
        CollectTopLevel(root.Members, types, blockNamespaces);
        if (types.Count > 1)
            violations.Add(new HouseRuleViolation(path, HouseRule.OneTypePerFile, $"{types.Count} top-level types: {string.Join(", ", types)}"));
        if (blockNamespaces.Count > 0)
            violations.Add(new HouseRuleViolation(path, HouseRule.FileScopedNamespace,
                $"block-scoped namespace {string.Join(", ", blockNamespaces)}"));

        int lines = tree.GetText().Lines.Count;
        if (text.EndsWith('\n'))
            lines--; // the empty "line" after the final newline
        if (lines > MaxLines && !HasLongFileReason(text))
            violations.Add(new HouseRuleViolation(path, HouseRule.LongFileWithoutReason,
                $"{lines} lines (over {MaxLines}) and no \"{LongFileMarker} ...\" comment in its first {MarkerWindow} lines"));
        return violations;
    }

    private static bool HasLongFileReason(string text)
    {
        using var reader = new StringReader(text);
        for (int i = 0; i < MarkerWindow && reader.ReadLine() is { } line; i++)
        {
            if (line.TrimStart().StartsWith(LongFileMarker, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static void CollectTopLevel(SyntaxList<MemberDeclarationSyntax> members, List<string> types, List<string> blockNamespaces)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case NamespaceDeclarationSyntax ns:
                    blockNamespaces.Add(ns.Name.ToString());
                    CollectTopLevel(ns.Members, types, blockNamespaces);
                    break;
                case FileScopedNamespaceDeclarationSyntax ns:
                    CollectTopLevel(ns.Members, types, blockNamespaces);
                    break;
                case BaseTypeDeclarationSyntax type:
                    types.Add(type.Identifier.Text);
                    break;
                case DelegateDeclarationSyntax del:
                    types.Add(del.Identifier.Text);
                    break;
            }
        }
    }
}
