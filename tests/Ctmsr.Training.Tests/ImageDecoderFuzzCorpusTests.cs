using Ctmsr.Training.Data;
using Ctmsr.Training.Imaging;
using NUnit.Framework;

namespace Ctmsr.Training.Tests;

/// <summary>
/// The image seeds of the fuzz corpus (tests/fuzz-corpus/image, see README "Fuzzing") through the trainer's decoder:
/// a good- seed decodes; any other input decodes or is refused with an <see cref="InvalidDataException"/> that names
/// the file. No other exception may escape (it would abort a training run). The demo's decoder is the fuzz target
/// proper (tests/Ctmsr.Fuzz.Tests); the saved crash inputs are replayed there, in a child process.
/// </summary>
public class ImageDecoderFuzzCorpusTests
{
    public static IEnumerable<string> Seeds()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Ctmsr.sln"))) d = d.Parent;
        if (d == null) throw new DirectoryNotFoundException("no Ctmsr.sln above " + AppContext.BaseDirectory);
        return Directory.GetFiles(Path.Combine(d.FullName, "tests", "fuzz-corpus", "image")).Order(StringComparer.Ordinal);
    }

    [TestCaseSource(nameof(Seeds))]
    public void ImageSeed_DecodesOrIsRefusedNamingTheFile(string path)
    {
        try
        {
            RgbImage image = ImageDecoder.Load(path);
            Assert.That(image.Width * image.Height, Is.GreaterThan(0));
            Assert.That(image.Pixels, Has.Length.EqualTo(3 * image.Width * image.Height));
        }
        catch (InvalidDataException ex)
        {
            Assert.That(Path.GetFileName(path), Does.Not.StartWith("good-"), ex.Message);
            Assert.That(ex.Message, Does.Contain(path));
        }
    }
}
