namespace Ctmsr.Training.Trainer;

/// <summary>L2 norms of the gradients of the CT, anchor and DTM terms on the online weights (NaN: not measured).</summary>
public readonly record struct GradNorms(double Ct, double Anchor, double Dtm)
{
    public static GradNorms None => new(double.NaN, double.NaN, double.NaN);

    public bool Measured => !double.IsNaN(Ct);
}
