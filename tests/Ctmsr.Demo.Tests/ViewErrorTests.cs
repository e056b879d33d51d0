using NUnit.Framework;

namespace Ctmsr.Demo.Tests;

[NonParallelizable]
public class ViewErrorTests
{
    [Test]
    public void MissingModel_FailsWithAMessageNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".onnx");
        var (rc, _, err) = Cli.Run("view", "--headless", "--frames", "1", "--width", "64", "--height", "36", "--methods", "ctmsr-onnx",
            "--model", missing, "--out", Path.Combine(Path.GetTempPath(), "ctmsr-demo-unused"));
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain(missing));
    }

    [Test]
    public void NoVulkanDevice_FailsWithAClearMessage_NotAStackTrace()
    {
        // A loader that finds no driver: the process must say so and exit with the no-device code.
        var env = new Dictionary<string, string> { ["VK_ICD_FILENAMES"] = "/nonexistent/none.json", ["VK_DRIVER_FILES"] = "/nonexistent/none.json" };
        using var demo = new ViewerProcess(null, env, "render", Path.Combine(Path.GetTempPath(), "unused.png"), "--width", "32", "--height", "18");
        int rc = demo.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.That(rc, Is.EqualTo(3), demo.Output);
        Assert.That(demo.Output, Does.Contain("ctmsr-demo: error: no Vulkan"));
        Assert.That(demo.Output, Does.Not.Contain("   at "));
    }

    [Test]
    public void UnknownWindowMethod_FailsListingTheChoices()
    {
        var (rc, _, err) = Cli.Run("view", "--method", "lanczos", "--frames", "1");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--method: unknown method 'lanczos'"));
    }

    [Test]
    public void UnknownMethod_FailsListingTheChoices()
    {
        var (rc, _, err) = Cli.Run("view", "--headless", "--methods", "bilinear,lanczos");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain("'lanczos'").And.Contain("easu"));
    }

    [Test]
    public void ModeAndRatioTogether_AreRefused()
    {
        var (rc, _, err) = Cli.Run("view", "--headless", "--mode", "Quality", "--ratio", "1.5");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--mode or --ratio"));
    }

    [TestCase("0")]
    [TestCase("5")]
    public void SsaaOutsideOneToFour_IsRefusedWithTheRange(string k)
    {
        var (rc, _, err) = Cli.Run("view", "--headless", "--frames", "1", "--ssaa", k, "--width", "64", "--height", "36");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain($"--ssaa must be 1..4; got {k}"));
    }

    [Test]
    public void SsaaBeyondTheTargetLimit_IsRefusedWithTheDrawnSize()
    {
        var (rc, _, err) = Cli.Run("view", "--headless", "--frames", "1", "--ssaa", "4", "--width", "4096", "--height", "64");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain("16384x256"));
    }

    [Test]
    public void GroundTruthOnADisplayTooSmallForSsim_IsRefusedNamingTheSizeAndTheMinimum()
    {
        // Ratio 4 crops 4 pixels per side: 18x18 leaves 10x10, under SSIM's 11x11 window; refused before any rendering.
        var (rc, _, err) = Cli.Run("view", "--headless", "--frames", "1", "--ratio", "4", "--width", "18", "--height", "18", "--ground-truth",
            "--out", Path.Combine(Path.GetTempPath(), "ctmsr-demo-unused"));
        Assert.That(rc, Is.EqualTo(2), err);
        Assert.That(err, Does.Contain("at least 11x11").And.Contain("18x18").And.Contain("cropping 4 pixels"));
        Assert.That(err, Does.Not.Contain("   at "));
    }

    [Test]
    public void SaveFramesOutsideTheRun_IsRefusedWithTheRange()
    {
        var (rc, _, err) = Cli.Run("view", "--headless", "--frames", "2", "--save-frames", "5", "--width", "64", "--height", "36");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain("5").And.Contain("0..1"));
    }
}
