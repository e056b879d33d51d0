using Ctmsr.Contract;
using Ctmsr.Runtime.Models;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Runtime.Tests;

/// <summary>The model -> dispatch plan reader and the float16 conversion, without a Vulkan device.</summary>
public class VulkanPlanTests
{
    [Test]
    public void Read_ShippedModel_RecoversTheExportedStructure()
    {
        CtmsrModel model = CtmsrModel.LoadDefault();
        ModelPlan plan = VulkanModelPlan.Read(model.Bytes, model.Source);

        Assert.That(plan.Scale, Is.EqualTo(2));
        Assert.That(plan.SigmaMax, Is.EqualTo(model.SigmaMax));
        Assert.That(plan.Convs, Has.Count.EqualTo(6));
        Assert.That(plan.Convs[0].InChannels, Is.EqualTo(15));
        Assert.That(plan.Convs[^1].OutChannels, Is.EqualTo(12));
        Assert.That(plan.Convs[^1].Slope, Is.Null);
        Assert.That(plan.Convs[0].Slope, Is.EqualTo(0.1f).Within(1e-6));
        Assert.That(plan.MacPerPixel, Is.EqualTo(model.MacPerPixel!.Value));
        // At t = 1, sigma = 1: c_skip = 0.25 / (100 + 0.25), c_out = 10 / sqrt(100.25). The exporter writes them as they are
        // for a net trained with the plain residual, or folds "--skip-noise cancel" (F's residual y - c_skip (x - y)) into
        // c_skip (1 - c_out) and c_out (1 + c_skip).
        double cSkip = 0.25 / 100.25, cOut = 10 / Math.Sqrt(100.25);
        bool plain = Math.Abs(plan.CSkip - cSkip) < 1e-7 && Math.Abs(plan.COut - cOut) < 1e-6;
        bool cancel = Math.Abs(plan.CSkip - cSkip * (1 - cOut)) < 1e-8 && Math.Abs(plan.COut - cOut * (1 + cSkip)) < 1e-6;
        Assert.That(plain || cancel, Is.True, $"c_skip {plan.CSkip}, c_out {plan.COut}");
    }

    [Test]
    public void Read_GraphWithoutTheResidual_IsRefusedNamingTheNode()
    {
        byte[] bytes = TestModels.Valid(); // nearest Resize + gain: not the one-step CTMSR graph
        var ex = Assert.Throws<VulkanUnavailableException>(() => VulkanModelPlan.Read(bytes, "tiny.onnx"));
        Assert.That(ex!.Message, Does.StartWith("the Vulkan backend cannot compile tiny.onnx:"));
        Assert.That(ex.Message, Does.Contain("'sr' is produced by Add"));
    }

    [TestCase(0f, (ushort)0x0000)]
    [TestCase(1f, (ushort)0x3C00)]
    [TestCase(-2f, (ushort)0xC000)]
    [TestCase(65504f, (ushort)0x7BFF)]
    [TestCase(70000f, (ushort)0x7C00)]          // overflow -> infinity
    [TestCase(5.9604645e-8f, (ushort)0x0001)]   // smallest subnormal
    [TestCase(1.00048828125f, (ushort)0x3C00)]  // exactly half an ulp above 1: ties to even (down)
    [TestCase(1.00146484375f, (ushort)0x3C02)]  // 1.5 ulp: ties to even (up)
    [TestCase(0.333333343f, (ushort)0x3555)]
    public void HalfBits_FromFloat_RoundsToNearestEven(float value, ushort expected)
    {
        Assert.That(HalfBits.FromFloat(value), Is.EqualTo(expected));
    }

    [Test]
    public void HalfBits_RoundTrip_MatchesSystemHalfForEveryHalf()
    {
        for (int bits = 0; bits < 0x10000; bits++)
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (Half.IsNaN(h)) continue;
            float f = (float)h;
            Assert.That(HalfBits.ToFloat((ushort)bits), Is.EqualTo(f), $"bits {bits:X4}");
            Assert.That(HalfBits.FromFloat(f), Is.EqualTo((ushort)bits), $"value {f}");
        }
        var rng = new Random(3);
        for (int i = 0; i < 100000; i++)
        {
            float f = (float)((rng.NextDouble() * 2 - 1) * Math.Pow(2, rng.Next(-26, 17)));
            Assert.That(HalfBits.FromFloat(f), Is.EqualTo(BitConverter.HalfToUInt16Bits((Half)f)), $"value {f:R}");
        }
    }
}
