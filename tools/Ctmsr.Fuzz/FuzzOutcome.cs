namespace Ctmsr.Fuzz;

/// <summary>What a target did with one input that did not crash it: accepted it, or refused it with a message.</summary>
public sealed class FuzzOutcome
{
    private FuzzOutcome(bool accepted, string detail, Type? refusal)
    {
        IsAccepted = accepted;
        Detail = detail;
        RefusalType = refusal;
    }

    /// <summary>True when the input was read as a valid model or image.</summary>
    public bool IsAccepted { get; }

    /// <summary>What was read, or the refusal's message.</summary>
    public string Detail { get; }

    /// <summary>The documented exception type the refusal came as; null when accepted.</summary>
    public Type? RefusalType { get; }

    public static FuzzOutcome Accepted(string detail) => new(true, detail, null);

    public static FuzzOutcome Refused(Exception ex) => new(false, ex.Message, ex.GetType());

    public override string ToString() => IsAccepted ? "accepted: " + Detail : $"refused ({RefusalType!.Name}): {Detail}";
}
