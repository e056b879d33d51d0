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

    [Test]
    public void SaveFramesOutsideTheRun_IsRefusedWithTheRange()
    {
        var (rc, _, err) = Cli.Run("view", "--headless", "--frames", "2", "--save-frames", "5", "--width", "64", "--height", "36");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain("5").And.Contain("0..1"));
    }
}
