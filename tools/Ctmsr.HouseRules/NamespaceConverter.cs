using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Ctmsr.HouseRules;

/// <summary>
/// Turns a file's one block-scoped namespace into a file-scoped one: the header gets a ';', the braces go and the body
/// moves one indent (4 spaces) left, except lines inside multi-line string literals, whose text must not change.
/// Nothing else in the file changes (unlike <c>dotnet format</c>, which also reorders usings and, in a project built
/// for two target frameworks, writes both frameworks' edits into the file as an unmerged conflict).
/// </summary>
public static class NamespaceConverter
{
    private const string Indent = "    ";

    /// <summary>
    /// The converted text; or null with <paramref name="reason"/> when the file has no block-scoped namespace (reason
    /// null) or has one that cannot be converted mechanically (reason says why: several namespaces, nesting, types
    /// outside the namespace, code on the brace lines, or a parse error).
    /// </summary>
    public static string? ToFileScoped(string text, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        reason = null;
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var root = CSharpSyntaxTree.ParseText(text, options).GetCompilationUnitRoot();
        var namespaces = root.Members.OfType<NamespaceDeclarationSyntax>().ToList();
        if (namespaces.Count == 0)
            return null;
        if (namespaces.Count > 1 || root.Members.Count != 1)
            return Refuse(out reason, "declarations outside the namespace, or several namespaces");
        var ns = namespaces[0];
        if (ns.Members.OfType<BaseNamespaceDeclarationSyntax>().Any())
            return Refuse(out reason, "a nested namespace");
        if (root.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            return Refuse(out reason, "the file does not parse");

        var source = SourceText.From(text);
        var lines = source.Lines;
        int openLine = lines.GetLinePosition(ns.OpenBraceToken.SpanStart).Line;
        int closeLine = lines.GetLinePosition(ns.CloseBraceToken.SpanStart).Line;
        int nameLine = lines.GetLinePosition(ns.Name.Span.End).Line;
        string afterOpen = source.ToString(TextSpan.FromBounds(ns.OpenBraceToken.Span.End, lines[openLine].End));
        string beforeOpen = source.ToString(TextSpan.FromBounds(lines[openLine].Start, ns.OpenBraceToken.SpanStart));
        string closeText = lines[closeLine].ToString().Trim();
        if (afterOpen.Trim().Length > 0 || closeText != "}" || openLine == closeLine
            || (openLine != nameLine && beforeOpen.Trim().Length > 0) || (openLine == nameLine && beforeOpen.TrimEnd() != source.ToString(TextSpan.FromBounds(lines[openLine].Start, ns.Name.Span.End))))
            return Refuse(out reason, "code or comments on the namespace's brace lines");

        // Lines that start inside a multi-line string keep their text exactly.
        var keep = new HashSet<int>();
        foreach (var node in root.DescendantNodes().Where(n => n is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax))
        {
            var span = lines.GetLinePositionSpan(node.Span);
            for (int l = span.Start.Line + 1; l <= span.End.Line; l++)
                keep.Add(l);
        }

        var sb = new System.Text.StringBuilder(text.Length);
        sb.Append(source.ToString(TextSpan.FromBounds(0, ns.Name.Span.End))).Append(';');
        string newline = lines[openLine].EndIncludingLineBreak > lines[openLine].End
            ? source.ToString(TextSpan.FromBounds(lines[openLine].End, lines[openLine].EndIncludingLineBreak)) : "\n";
        sb.Append(newline);
        bool first = true;
        for (int l = openLine + 1; l < closeLine; l++)
        {
            var line = lines[l];
            string body = line.ToString();
            string lineBreak = source.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak));
            if (first && body.Trim().Length > 0)
                sb.Append(newline); // a blank line between the namespace and the first declaration
            first = false;
            if (keep.Contains(l))
                sb.Append(body);
            else if (body.StartsWith(Indent, StringComparison.Ordinal))
                sb.Append(body, Indent.Length, body.Length - Indent.Length);
            else if (body.Trim().Length == 0)
                sb.Append("");
            else
                sb.Append(body);
            sb.Append(lineBreak);
        }
        // Drop the closing brace's line; keep whatever follows it (the end of the file, trailing trivia).
        sb.Append(source.ToString(TextSpan.FromBounds(lines[closeLine].EndIncludingLineBreak, text.Length)));
        string result = sb.ToString();
        while (result.EndsWith(newline + newline, StringComparison.Ordinal))
            result = result[..^newline.Length];

        var check = CSharpSyntaxTree.ParseText(result, options).GetCompilationUnitRoot();
        if (check.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) || check.Members.Count != 1
            || check.Members[0] is not FileScopedNamespaceDeclarationSyntax converted
            || converted.Members.Count != ns.Members.Count)
            return Refuse(out reason, "the converted text did not parse to the same declarations");
        return result;
    }

    private static string? Refuse(out string? reason, string why)
    {
        reason = why;
        return null;
    }
}
