namespace Ctmsr.Training.Trainer;

/// <summary>The data of a run: an image list and split, a folder of frames, or generated images.</summary>
public sealed record TrainDataSpec(string? ListPath, string Split, string? ImagesDir, bool Synthetic, int MaxImages,
    Degradation.DegradationOptions? Degradation)
{
    public string Describe() =>
        Synthetic ? "generated images"
        : ListPath != null ? $"{Path.GetFileName(ListPath)} ({Split} split)"
        : $"folder {ImagesDir}";
}
