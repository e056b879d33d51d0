namespace Ctmsr.HouseRules;

/// <summary>One file breaking one rule.</summary>
/// <param name="Path">The file, relative to the checked root, with forward slashes.</param>
/// <param name="Rule">The rule broken.</param>
/// <param name="Detail">What was found: the type names, the namespace, the line count.</param>
public sealed record HouseRuleViolation(string Path, HouseRule Rule, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Rule}: {Detail}";
}
