using Ctmsr.Training.Imaging;

namespace Ctmsr.Training.Data;

/// <summary>
/// Training or validation images decoded into memory. Unreadable files and images smaller than the HR patch are skipped
/// with a warning naming the file; no usable image at all is a <see cref="DatasetException"/> naming the list or folder.
/// </summary>
public sealed class ImageDataset
{
    private ImageDataset(List<RgbImage> images, List<string> paths)
    {
        Images = images;
        Paths = paths;
    }

    public IReadOnlyList<RgbImage> Images { get; }

    /// <summary>Absolute file path of each image, same order as <see cref="Images"/>.</summary>
    public IReadOnlyList<string> Paths { get; }

    public int Count => Images.Count;

    /// <summary>Wraps images already in memory (tests, generated data).</summary>
    public static ImageDataset FromImages(IReadOnlyList<RgbImage> images, string what = "images")
    {
        if (images.Count == 0) throw new DatasetException($"no usable images in {what}");
        return new ImageDataset(images.ToList(), images.Select((_, i) => $"{what}[{i}]").ToList());
    }

    /// <summary>Loads the rows of one split ("train" or "val") of an image list.</summary>
    public static ImageDataset FromList(string listPath, string split, int minSide, TextWriter? warnings = null, int maxImages = int.MaxValue)
    {
        if (split != ValidationSplit.Train && split != ValidationSplit.Val)
            throw new ArgumentException($"split must be 'train' or 'val'; got '{split}'");
        var files = ImageList.Read(listPath)
            .Where(e => e.Split == split)
            .Select(e => ImageList.Resolve(listPath, e))
            .Take(maxImages)
            .ToList();
        return Load(files, minSide, warnings ?? Console.Error, $"the '{split}' split of image list '{listPath}'");
    }

    /// <summary>Loads every PNG/JPEG under a folder (recursive).</summary>
    public static ImageDataset FromFolder(string folder, int minSide, TextWriter? warnings = null, int maxImages = int.MaxValue)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"image folder '{folder}' does not exist");
        var files = ImageIndexer.FindImages(Path.GetFullPath(folder)).Take(maxImages).ToList();
        return Load(files, minSide, warnings ?? Console.Error, $"folder '{folder}'");
    }

    private static ImageDataset Load(List<string> files, int minSide, TextWriter warnings, string what)
    {
        if (minSide < 1) throw new ArgumentException($"minSide must be positive; got {minSide}");
        var loaded = new RgbImage?[files.Count];
        var problems = new string?[files.Count];
        // Two decoders: the machines are shared, and the order of the result never depends on the thread timing.
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            try
            {
                var img = ImageDecoder.Load(files[i]);
                if (img.Width < minSide || img.Height < minSide)
                    problems[i] = $"warning: skipping image '{files[i]}': {img.Width}x{img.Height} is smaller than the {minSide} px HR patch";
                else
                    loaded[i] = img;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems[i] = $"warning: skipping image '{files[i]}': {e.Message}";
            }
        });
        var images = new List<RgbImage>();
        var paths = new List<string>();
        for (int i = 0; i < files.Count; i++)
        {
            if (problems[i] != null) warnings.WriteLine(problems[i]);
            if (loaded[i] is { } img)
            {
                images.Add(img);
                paths.Add(files[i]);
            }
        }
        if (images.Count == 0)
            throw new DatasetException($"no usable images in {what} ({files.Count} files tried; each needs at least {minSide}x{minSide} px)");
        return new ImageDataset(images, paths);
    }
}
