using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Ctmsr.Fuzz.Tests;

/// <summary>
/// The short bounded fuzz run of CI: tools/fuzz.sh instruments this build's harness with sharpfuzz and runs afl-fuzz
/// on each target for 45 s over the seed corpus. It fails when afl-fuzz is missing (CI installs AFL++), when it did not
/// run, or when it saved a crash (the output lists the inputs; each becomes a file in tests/fuzz-corpus/regressions).
/// Hangs are reported, not failed: a slow input is a finding for README's limits, not a crash.
/// </summary>
[NonParallelizable]
public partial class AflRunTests
{
    private const int Seconds = 45;

    [TestCase("model")]
    [TestCase("image")]
    public void ShortAflRun_ExecutesInputs_AndSavesNoCrash(string target)
    {
        if (FuzzCorpus.Run("bash", new[] { "-c", "command -v afl-fuzz" }).ExitCode != 0)
            Assert.Fail("afl-fuzz is not installed, so the CI fuzz run cannot happen: install AFL++ (apt-get install afl++; " +
                        ".ci/install-deps does) and restore the sharpfuzz tool (dotnet tool restore)");

        string work = Path.Combine(Path.GetTempPath(), $"ctmsr-fuzz-{target}-{Guid.NewGuid():N}");
        try
        {
            (int rc, string output) = FuzzCorpus.Run("bash",
                new[] { Path.Combine(FuzzCorpus.RepoRoot, "tools", "fuzz.sh"), target, Seconds.ToString(CultureInfo.InvariantCulture), work },
                new Dictionary<string, string> { ["CTMSR_FUZZ_BIN"] = FuzzCorpus.HarnessFolder });
            TestContext.Out.WriteLine(output);
            Assert.That(rc, Is.EqualTo(0), rc == 1 ? $"afl-fuzz found crashes in '{target}':\n{output}" : $"tools/fuzz.sh failed:\n{output}");
            Match summary = Summary().Match(output);
            Assert.That(summary.Success, Is.True, "no summary line:\n" + output);
            Assert.Multiple(() =>
            {
                Assert.That(long.Parse(summary.Groups["execs"].Value, CultureInfo.InvariantCulture), Is.GreaterThan(100), "inputs executed");
                Assert.That(summary.Groups["crashes"].Value, Is.EqualTo("0"));
            });
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    [GeneratedRegex(@": (?<execs>\d+) execs in .* crashes (?<crashes>\d+), hangs \d+")]
    private static partial Regex Summary();
}
