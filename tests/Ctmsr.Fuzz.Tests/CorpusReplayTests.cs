using Ctmsr.Runtime.Models;
using NUnit.Framework;

namespace Ctmsr.Fuzz.Tests;

/// <summary>
/// Every seed and every saved crash input through the same target the fuzzer runs. A seed named good- must be read,
/// bad- refused with the documented exception naming the input; nothing may escape as another exception or kill the
/// process. Model inputs run in this process (managed code only); image inputs run in a child ctmsr-fuzz process
/// because SkiaSharp's codecs are native and a fault there would take the test host down with every other result.
/// </summary>
public class CorpusReplayTests
{
    public static IEnumerable<string> ModelInputs() => FuzzCorpus.Inputs("model");

    public static IEnumerable<string> ImageInputs() => FuzzCorpus.Inputs("image");

    [Test]
    public void Corpus_HasGoodAndBadSeedsForEachTarget_AndStaysSmall()
    {
        foreach (string target in FuzzTargets.Names)
        {
            string[] names = Directory.GetFiles(Path.Combine(FuzzCorpus.Root, target)).Select(Path.GetFileName).ToArray()!;
            Assert.That(names, Has.Some.StartsWith("good-").And.Some.StartsWith("bad-"), target);
        }
        FileInfo[] all = new DirectoryInfo(FuzzCorpus.Root).GetFiles("*", SearchOption.AllDirectories);
        Assert.Multiple(() =>
        {
            // afl-fuzz works best with small seeds; the whole corpus travels in the repository.
            Assert.That(all.Where(f => f.Directory!.Name is "model" or "image" && f.Directory.Parent!.Name == "fuzz-corpus")
                .Where(f => f.Length > 16 << 10).Select(f => f.Name), Is.Empty, "seeds over 16 KiB");
            Assert.That(all.Sum(f => f.Length), Is.LessThan(512 << 10), "the corpus in bytes");
        });
    }

    [TestCaseSource(nameof(ModelInputs))]
    public void ModelInput_IsReadOrRefusedWithAModelException(string input)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, input));
        FuzzOutcome? outcome = null;
        Assert.DoesNotThrow(() => outcome = FuzzTargets.Model(bytes), $"the model target crashed on {input}");
        bool? expected = FuzzCorpus.ExpectedAccepted(input);
        if (expected.HasValue) Assert.That(outcome!.IsAccepted, Is.EqualTo(expected.Value), outcome.ToString());
        if (!outcome!.IsAccepted)
        {
            Assert.That(outcome.RefusalType, Is.EqualTo(typeof(CtmsrModelException)));
            Assert.That(outcome.Detail, Does.Contain("'fuzz input'"), "the message names the model's source");
        }
    }

    public static IEnumerable<string> VulkanPlanRegressions() =>
        FuzzCorpus.Inputs("model").Where(f => Path.GetFileName(f).StartsWith("vulkan-plan-", StringComparison.Ordinal));

    /// <summary>
    /// Damaged graphs that pass the contract check (a node missing inputs or its output, Conv weights of a negative
    /// shape or fewer values than their shape): the Vulkan plan reader used to index past them (ArgumentOutOfRange,
    /// Overflow) or accept them; it refuses each, naming the node, so UpscalerBackend.Auto falls back.
    /// </summary>
    [TestCaseSource(nameof(VulkanPlanRegressions))]
    public void VulkanPlanRegression_IsRefusedByThePlanReader_NamingTheNode(string input)
    {
        FuzzOutcome outcome = FuzzTargets.Model(File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, input)));
        Assert.That(outcome.IsAccepted, Is.True, "the contract itself holds: " + outcome);
        Assert.That(outcome.Detail, Does.Match(@"vulkan refused: the Vulkan backend cannot compile fuzz input: \w+ '[^']+'"));
    }

    [TestCaseSource(nameof(ImageInputs))]
    public void ImageInput_IsReadOrRefusedWithAnImageFileException_InAChildProcess(string input)
    {
        string file = Path.Combine(FuzzCorpus.Root, input);
        (int rc, string output) = FuzzCorpus.Run(FuzzCorpus.Dotnet,
            new[] { Path.Combine(FuzzCorpus.HarnessFolder, "ctmsr-fuzz.dll"), "replay", "image", file });
        Assert.That(rc, Is.EqualTo(0),
            rc > 128 ? $"the image target died with signal {rc - 128} on {input} (a native fault):\n{output}"
                     : $"the image target crashed on {input}:\n{output}");
        string line = output.Split('\n').Single(l => l.Contains('\t' + file + '\t', StringComparison.Ordinal));
        bool accepted = line.StartsWith("accepted\t", StringComparison.Ordinal);
        Assert.That(accepted || line.StartsWith("refused\t", StringComparison.Ordinal), line);
        bool? expected = FuzzCorpus.ExpectedAccepted(input);
        if (expected.HasValue) Assert.That(accepted, Is.EqualTo(expected.Value), line);
        if (!accepted)
            Assert.That(line, Does.Contain("(ImageFileException)").And.Contain("ctmsr-fuzz-"), "refused with the demo's message naming the file");
    }
}
