using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary>The calibration kernels on whatever Vulkan driver this machine has (lavapipe in CI). No figure is asserted against a time.</summary>
[NonParallelizable]
public class VulkanCalibrationTests
{
    [Test]
    public void Measure_OnThisMachinesDevice_GivesPositiveFiniteFiguresAndNamesTheDevice()
    {
        VulkanPeak peak = VulkanCalibration.Measure(targetMilliseconds: 5, repetitions: 3);

        TestContext.Out.WriteLine(peak.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(peak.DeviceName, Is.Not.Empty);
            Assert.That(peak.Driver, Is.Not.Empty);
            Assert.That(peak.ApiVersion, Does.Match(@"^1\.\d+\.\d+$"));
            Assert.That(peak.Repetitions, Is.EqualTo(3));
            Assert.That(double.IsFinite(peak.Fp32GflopPerSecond) && peak.Fp32GflopPerSecond > 0, Is.True, $"fp32 {peak.Fp32GflopPerSecond}");
            Assert.That(double.IsFinite(peak.BandwidthGBPerSecond) && peak.BandwidthGBPerSecond > 0, Is.True, $"bandwidth {peak.BandwidthGBPerSecond}");
            Assert.That(peak.BandwidthBufferBytes, Is.GreaterThanOrEqualTo(1L << 20));
            // fp16 is either measured or its absence explained, never both.
            if (peak.Fp16GflopPerSecond is double fp16)
            {
                Assert.That(double.IsFinite(fp16) && fp16 > 0, Is.True, $"fp16 {fp16}");
                Assert.That(peak.Fp16Absent, Is.Null);
            }
            else Assert.That(peak.Fp16Absent, Is.Not.Empty);
            Assert.That(peak.PeakFor(fp16: false), Is.EqualTo(peak.Fp32GflopPerSecond));
        });
    }

    [Test]
    public void Measure_NoDeviceMatchesTheName_SaysWhichDevicesExist()
    {
        var ex = Assert.Throws<VulkanUnavailableException>(() => VulkanCalibration.Measure("no-such-device-xyz"));

        Assert.That(ex!.Message, Does.Contain("matches 'no-such-device-xyz'").And.Contain("found:"));
    }

    [Test]
    public void Measure_BadArguments_AreRefusedWithTheRange()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => VulkanCalibration.Measure(null, 0))!.Message, Does.Contain("1 to 10000 ms"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => VulkanCalibration.Measure(null, 10, 0))!.Message, Does.Contain("1 to 100"));
        });
    }
}
