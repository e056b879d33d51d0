using Ctmsr.Training.Cli;
using Ctmsr.Training.Data;
using Ctmsr.Training.Imaging;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

public class DataTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = DataTestImages.NewTempDir();

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [TestCase("textures/stone_normal.png")]
    [TestCase("bark_spec.png")]
    [TestCase("mask.png")]
    [TestCase("wall_gloss.png")]
    [TestCase("rockNormalMap.jpg")]
    [TestCase("ground_roughness.png")]
    [TestCase("cliff_height.png")]
    [TestCase("crate_ao.png")]
    [TestCase("brick_nm.jpg")]
    [TestCase("track_lightmap.png")]
    [TestCase("kart_colormask.png")]
    public void CheckName_NonColourMap_IsRejected(string name) =>
        Assert.That(TextureFilter.CheckName(name), Is.Not.Null);

    [TestCase("stone_wall_a.png")]
    [TestCase("summersky_n.jpg")] // the north face of a sky box, not a normal map
    [TestCase("grass_diffuse.jpg")]
    [TestCase("brownRock_albedo.png")]
    [TestCase("maskedBandit.png")] // "mask" inside a longer word is not a token
    public void CheckName_ColourTexture_IsAccepted(string name) =>
        Assert.That(TextureFilter.CheckName(name), Is.Null);

    [Test]
    public void CheckStats_NormalMapColours_AreRejected()
    {
        var stats = TextureStats.FromImage(DataTestImages.NormalMapLike(256, 256));
        Assert.That(TextureFilter.CheckStats(stats), Does.Contain("normal-map"));
    }

    [Test]
    public void CheckStats_BlueSky_IsNotTakenForANormalMap()
    {
        var stats = TextureStats.FromImage(DataTestImages.SkyLike(256, 256));
        Assert.That(TextureFilter.CheckStats(stats), Is.Null);
    }

    [Test]
    public void CheckStats_ColourfulImage_IsAccepted()
    {
        var stats = TextureStats.FromImage(DataTestImages.Colourful(256, 256));
        Assert.That(TextureFilter.CheckStats(stats), Is.Null);
    }

    [Test]
    public void CheckStats_FlatImage_IsRejected()
    {
        var stats = TextureStats.FromImage(DataTestImages.Solid(256, 256, 200, 40, 40));
        Assert.That(TextureFilter.CheckStats(stats), Does.Contain("flat"));
    }

    [Test]
    public void CheckStats_CutOut_IsRejected_ButAlphaAsData_IsNot()
    {
        var img = DataTestImages.Colourful(128, 128);
        var cutout = new byte[128 * 128 * 4];
        var gloss = new byte[128 * 128 * 4];
        for (int i = 0; i < 128 * 128; i++)
        {
            for (int c = 0; c < 3; c++) cutout[4 * i + c] = gloss[4 * i + c] = img.Pixels[3 * i + c];
            cutout[4 * i + 3] = (byte)(i % 128 < 64 ? 0 : 255); // half the image is a hole
            gloss[4 * i + 3] = (byte)(i % 200);                // alpha is a data channel
        }
        Assert.That(TextureFilter.CheckStats(TextureStats.FromRgba(cutout, 128, 128)), Does.Contain("cut-out"));
        Assert.That(TextureFilter.CheckStats(TextureStats.FromRgba(gloss, 128, 128)), Is.Null);
    }

    [Test]
    public void Judge_GreyscaleFile_IsRejected()
    {
        string path = Path.Combine(_dir, "stone_a.png");
        using (var gray = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(128, 128, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque)))
        {
            var span = gray.GetPixelSpan();
            for (int i = 0; i < span.Length; i++) span[i] = (byte)(i * 7);
            ImageFile.SavePng(gray, path);
        }
        Assert.That(DataFetcher.Judge(path, PackageImageKind.Textures).Reason, Does.Contain("greyscale"));
    }

    [Test]
    public void CheckStats_SmallImage_IsRejected()
    {
        var stats = TextureStats.FromImage(DataTestImages.Colourful(127, 300));
        Assert.That(TextureFilter.CheckStats(stats), Does.Contain("127x300"));
    }

    [Test]
    public void Judge_TextureFiles_UsesNameAndStats()
    {
        string normal = Path.Combine(_dir, "rock_b.png"), colour = Path.Combine(_dir, "rock_a.png");
        ImageFile.SavePng(DataTestImages.NormalMapLike(128, 128), normal);
        ImageFile.SavePng(DataTestImages.Colourful(128, 128), colour);
        Assert.That(DataFetcher.Judge(normal, PackageImageKind.Textures).Reason, Does.Contain("normal-map"));
        Assert.That(DataFetcher.Judge(colour, PackageImageKind.Textures).Reason, Is.Null);
    }

    private const double PinnedUnit = 0.38302112870224891;

    [Test]
    public void ValidationSplit_IsAFixedFunctionOfThePath()
    {
        // Pinned values: a change here would silently move files between train and val.
        Assert.That(ValidationSplit.Unit("usr/share/a.png"), Is.EqualTo(PinnedUnit).Within(1e-12));
        Assert.That(ValidationSplit.Unit("./usr/share/a.png"), Is.EqualTo(ValidationSplit.Unit("usr/share/a.png")));
        Assert.That(ValidationSplit.Unit("usr\\share\\a.png"), Is.EqualTo(ValidationSplit.Unit("usr/share/a.png")));
        int val = 0;
        for (int i = 0; i < 2000; i++)
            if (ValidationSplit.Of($"frames/f{i:D5}.png", 0.1) == ValidationSplit.Val) val++;
        Assert.That(val, Is.InRange(150, 250));
        Assert.That(ValidationSplit.Of("anything.png", 0.0), Is.EqualTo(ValidationSplit.Train));
    }

    [Test]
    public void Index_SplitsByFile_AndIsStableAcrossRunsAndRoots()
    {
        for (int i = 0; i < 30; i++)
            ImageFile.SavePng(DataTestImages.Colourful(16, 16, i), Path.Combine(_dir, "a", "sub", $"frame{i:D3}.png"));
        string copy = Path.Combine(_dir, "copy");
        Directory.CreateDirectory(copy);
        CopyDir(Path.Combine(_dir, "a"), Path.Combine(copy, "a"));

        var first = ImageIndexer.Index(new[] { Path.Combine(_dir, "a") }, 0.3, TextWriter.Null);
        var second = ImageIndexer.Index(new[] { Path.Combine(copy, "a") }, 0.3, TextWriter.Null);
        Assert.That(first, Has.Count.EqualTo(30));
        Assert.That(first.Select(e => e.Split), Is.EqualTo(second.Select(e => e.Split)));
        Assert.That(first.Select(e => e.Split).Distinct().Count(), Is.EqualTo(2));
        Assert.That(first[0].Split, Is.EqualTo(ValidationSplit.Of("sub/frame000.png", 0.3)));
        Assert.That(first[0].Source, Is.EqualTo("a"));
    }

    [Test]
    public void ImageList_RoundTrips_AndResolvesRelativePaths()
    {
        string list = Path.Combine(_dir, "list.tsv");
        ImageList.Write(list, new[]
        {
            new ImageListEntry("train", "pkg", "extract/pkg/x.png"),
            new ImageListEntry("val", "pkg", "/abs/y.jpg"),
        });
        var read = ImageList.Read(list);
        Assert.That(read, Has.Count.EqualTo(2));
        Assert.That(read[1], Is.EqualTo(new ImageListEntry("val", "pkg", "/abs/y.jpg")));
        Assert.That(ImageList.Resolve(list, read[0]), Is.EqualTo(Path.Combine(_dir, "extract", "pkg", "x.png")));
    }

    [Test]
    public void ImageDataset_SkipsCorruptEmptyAndSmallFiles_WithWarningsNamingThem()
    {
        ImageFile.SavePng(DataTestImages.Colourful(64, 48), Path.Combine(_dir, "good.png"));
        ImageFile.SavePng(DataTestImages.Colourful(20, 20), Path.Combine(_dir, "small.png"));
        var junk = new byte[500];
        new Random(1).NextBytes(junk);
        File.WriteAllBytes(Path.Combine(_dir, "corrupt.png"), junk);
        File.WriteAllBytes(Path.Combine(_dir, "empty.jpg"), Array.Empty<byte>());
        var warnings = new StringWriter();

        var data = ImageDataset.FromFolder(_dir, minSide: 32, warnings);

        Assert.That(data.Count, Is.EqualTo(1));
        Assert.That(data.Images[0].Width, Is.EqualTo(64));
        string w = warnings.ToString();
        Assert.That(w, Does.Contain("corrupt.png"));
        Assert.That(w, Does.Contain("empty.jpg"));
        Assert.That(w, Does.Contain("small.png"));
        Assert.That(w, Does.Not.Contain("good.png"));
    }

    [Test]
    public void ImageDataset_FolderWithNoUsableImages_IsAClearError()
    {
        File.WriteAllBytes(Path.Combine(_dir, "bad.png"), new byte[] { 1, 2, 3 });
        var e = Assert.Throws<DatasetException>(() => ImageDataset.FromFolder(_dir, 32, TextWriter.Null));
        Assert.That(e!.Message, Does.Contain(_dir));
    }

    [Test]
    public void ImageDataset_FromList_LoadsOnlyTheRequestedSplit()
    {
        ImageFile.SavePng(DataTestImages.Colourful(40, 40, 1), Path.Combine(_dir, "t.png"));
        ImageFile.SavePng(DataTestImages.Colourful(50, 50, 2), Path.Combine(_dir, "v.png"));
        string list = Path.Combine(_dir, "list.tsv");
        ImageList.Write(list, new[] { new ImageListEntry("train", "x", "t.png"), new ImageListEntry("val", "x", "v.png") });
        var val = ImageDataset.FromList(list, "val", 32, TextWriter.Null);
        Assert.That(val.Count, Is.EqualTo(1));
        Assert.That(val.Images[0].Width, Is.EqualTo(50));
    }

    [Test]
    public void Index_FolderWithNoImages_IsAClearError()
    {
        var e = Assert.Throws<DatasetException>(() => ImageIndexer.Index(new[] { _dir }, 0.1, TextWriter.Null));
        Assert.That(e!.Message, Does.Contain(_dir));
    }

    [Test]
    public void DataIndexCommand_FolderWithNoImages_ExitsBadInputNamingTheFolder()
    {
        // ImageIndexer throws its own DatasetException; the command line maps it to one line and the bad-input code.
        var err = new StringWriter();
        var saved = Console.Error;
        Console.SetError(err);
        try
        {
            int rc = Program.Main(new[] { "data", "index", "--images", _dir, "--out", Path.Combine(_dir, "l.tsv") });
            Assert.That(rc, Is.EqualTo(CliErrors.BadInput));
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.That(err.ToString(), Does.StartWith("error: no usable PNG or JPEG images under").And.Contain(_dir));
        Assert.That(err.ToString(), Does.Not.Contain("   at "));
    }

    [Test]
    public void DataIndexCommand_BadValFraction_ExitsWithMessageNamingTheOption()
    {
        var err = new StringWriter();
        var saved = Console.Error;
        Console.SetError(err);
        try
        {
            int rc = Program.Main(new[] { "data", "index", "--images", _dir, "--out", Path.Combine(_dir, "l.tsv"), "--val-fraction", "1.5" });
            Assert.That(rc, Is.EqualTo(CliErrors.BadInput));
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.That(err.ToString(), Does.Contain("--val-fraction"));
    }

    private static void CopyDir(string from, string to)
    {
        foreach (string f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string dst = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
            File.Copy(f, dst);
        }
    }
}
