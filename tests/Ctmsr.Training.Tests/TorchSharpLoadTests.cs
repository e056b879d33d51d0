using NUnit.Framework;
using TorchSharp;

namespace Ctmsr.Training.Tests;

public class TorchSharpLoadTests
{
    [Test]
    public void NativeLibrary_Loads_AndRunsAConvolution()
    {
        // A 3x3 all-ones kernel over an all-ones 4x4 image with zero padding: the centre sums 9, corners 4.
        using var x = torch.ones(1, 1, 4, 4);
        using var w = torch.ones(1, 1, 3, 3);
        using var y = torch.nn.functional.conv2d(x, w, padding: new long[] { 1, 1 });
        Assert.That(y[0, 0, 1, 1].item<float>(), Is.EqualTo(9f));
        Assert.That(y[0, 0, 0, 0].item<float>(), Is.EqualTo(4f));
    }
}
