namespace Ctmsr.HouseRules;

/// <summary>The rules <see cref="HouseRuleChecker"/> checks.</summary>
public enum HouseRule
{
    /// <summary>A file declares more than one top-level type (nested types do not count).</summary>
    OneTypePerFile,

    /// <summary>A file uses a block-scoped namespace (<c>namespace X { ... }</c>) instead of <c>namespace X;</c>.</summary>
    FileScopedNamespace,

    /// <summary>A file is over the line limit and does not say why at its top.</summary>
    LongFileWithoutReason,
}
