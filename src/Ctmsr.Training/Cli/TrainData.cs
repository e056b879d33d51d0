using System.CommandLine;
using Ctmsr.Training.Data;
using Ctmsr.Training.Degradation;
using Ctmsr.Training.Trainer;

namespace Ctmsr.Training.Cli;

/// <summary>Opens the batch source of a run from its <see cref="TrainDataSpec"/>, and the degradation options.</summary>
public static class TrainData
{
    private static readonly Degradation.DegradationOptions D = Degradation.DegradationOptions.Default;

    private static readonly Option<double> Area = new("--p-area")
    { Description = "Probability of the area/box downscale (a supersampled render)", DefaultValueFactory = _ => D.AreaProbability };
    private static readonly Option<double> Bilinear = new("--p-bilinear")
    { Description = "Probability of the bilinear downscale", DefaultValueFactory = _ => D.BilinearProbability };
    private static readonly Option<double> Bicubic = new("--p-bicubic")
    { Description = "Probability of the antialiased bicubic downscale", DefaultValueFactory = _ => D.AntialiasedBicubicProbability };
    private static readonly Option<double> Nearest = new("--p-nearest")
    { Description = "Probability of the nearest downscale (an aliased render)", DefaultValueFactory = _ => D.NearestProbability };
    private static readonly Option<double> Blur = new("--p-blur")
    { Description = "Probability of a mild Gaussian blur before downscaling", DefaultValueFactory = _ => D.BlurProbability };
    private static readonly Option<double> Noise = new("--p-noise")
    { Description = "Probability of Gaussian noise on the LR image", DefaultValueFactory = _ => D.NoiseProbability };
    private static readonly Option<double> Jpeg = new("--p-jpeg")
    { Description = "Probability of JPEG compression of the LR image", DefaultValueFactory = _ => D.JpegProbability };

    public static IReadOnlyList<Option> DegradationCliOptions { get; } =
        new Option[] { Area, Bilinear, Bicubic, Nearest, Blur, Noise, Jpeg };

    public static Degradation.DegradationOptions ReadDegradation(ParseResult pr, int scale) => new()
    {
        Scale = scale,
        AreaProbability = pr.GetValue(Area),
        BilinearProbability = pr.GetValue(Bilinear),
        AntialiasedBicubicProbability = pr.GetValue(Bicubic),
        NearestProbability = pr.GetValue(Nearest),
        BlurProbability = pr.GetValue(Blur),
        NoiseProbability = pr.GetValue(Noise),
        JpegProbability = pr.GetValue(Jpeg),
    };

    public static IBatchSource Open(TrainOptions o, TextWriter warnings)
    {
        var spec = o.Data ?? throw new ArgumentException("no training data: pass --data LIST, --images DIR or --synthetic");
        if (spec.Synthetic) return new SyntheticBatchSource(o.PatchSize, o.Scale, o.Seed);
        var degradation = (spec.Degradation ?? new Degradation.DegradationOptions()) with { Scale = o.Scale };
        degradation.Validate();
        ImageDataset dataset;
        if (spec.ListPath != null && spec.ImagesDir != null)
            throw new ArgumentException("--data and --images are exclusive; pass one");
        if (spec.ListPath != null)
            dataset = ImageDataset.FromList(spec.ListPath, spec.Split, o.PatchSize, warnings, spec.MaxImages);
        else if (spec.ImagesDir != null)
            dataset = ImageDataset.FromFolder(spec.ImagesDir, o.PatchSize, warnings, spec.MaxImages);
        else
            throw new ArgumentException("no training data: pass --data LIST, --images DIR or --synthetic");
        warnings.WriteLine($"training data: {dataset.Count} images from {spec.Describe()}");
        return new SamplerSource(new PatchSampler(dataset, degradation, o.PatchSize, o.Seed));
    }

    private sealed class SamplerSource(PatchSampler sampler) : IBatchSource
    {
        public (TorchSharp.torch.Tensor Hr, TorchSharp.torch.Tensor Lq) Batch(long batchIndex, int batchSize) =>
            sampler.Batch(batchIndex, batchSize);
    }
}
