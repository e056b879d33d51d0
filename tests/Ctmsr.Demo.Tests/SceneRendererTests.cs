using Ctmsr.Demo.Scene;
using Ctmsr.Demo.Vulkan;
using NUnit.Framework;

namespace Ctmsr.Demo.Tests;

[NonParallelizable]
public class SceneRendererTests
{
    private GpuContext _gpu = null!;
    private SceneRenderer _scene = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _gpu = GpuContext.CreateHeadless();
        _scene = new SceneRenderer(_gpu);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _scene.Dispose();
        _gpu.Dispose();
    }

    [Test]
    public void Render_SameFrameIndex_GivesIdenticalPixels_EvenFromAFreshRenderer()
    {
        byte[] a = _scene.RenderToHost(123, 192, 108, -1f);
        _scene.RenderToHost(7, 192, 108, -1f); // something else in between
        byte[] b = _scene.RenderToHost(123, 192, 108, -1f);
        using var other = new SceneRenderer(_gpu);
        byte[] c = other.RenderToHost(123, 192, 108, -1f);

        Assert.That(b, Is.EqualTo(a));
        Assert.That(c, Is.EqualTo(a));
    }

    [Test]
    public void Render_DifferentFrames_Differ_BecauseTheCameraFlies()
    {
        byte[] a = _scene.RenderToHost(0, 160, 90, 0f);
        byte[] b = _scene.RenderToHost(90, 160, 90, 0f);
        int differing = 0;
        for (int i = 0; i < a.Length; i += 4) if (a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2]) differing++;
        Assert.That(differing, Is.GreaterThan(a.Length / 4 / 4), "at least a quarter of the pixels change over 1.5 s of flight");
    }

    [Test]
    public void Render_IsOpaqueAndDetailed_NotAClearColour()
    {
        byte[] p = _scene.RenderToHost(0, 320, 180, 0f);
        var colours = new HashSet<int>();
        for (int i = 0; i < p.Length; i += 4)
        {
            Assert.That(p[i + 3], Is.EqualTo(255), "alpha");
            colours.Add(p[i] | p[i + 1] << 8 | p[i + 2] << 16);
        }
        Assert.That(colours, Has.Count.GreaterThan(2000), "textured scene, not flat colours");
        // Sky at the top centre is blue-ish, the street at the bottom centre is grey.
        int top = 4 * (3 * 320 + 160), bottom = 4 * (176 * 320 + 160);
        Assert.That(p[top + 2], Is.GreaterThan(p[top]), "sky: blue above red");
        Assert.That(Math.Abs(p[bottom] - p[bottom + 2]), Is.LessThan(40), "street: grey");
    }

    [Test]
    public void Render_TwiceTheSize_AreaDownscaled_MatchesTheSmallRender()
    {
        const int w = 160, h = 90;
        byte[] small = _scene.RenderToHost(240, w, h, 0f);
        byte[] large = _scene.RenderToHost(240, 2 * w, 2 * h, 0f);
        double se = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    int s = large[4 * ((2 * y) * 2 * w + 2 * x) + c] + large[4 * ((2 * y) * 2 * w + 2 * x + 1) + c]
                          + large[4 * ((2 * y + 1) * 2 * w + 2 * x) + c] + large[4 * ((2 * y + 1) * 2 * w + 2 * x + 1) + c];
                    double d = s / 4.0 - small[4 * (y * w + x) + c];
                    se += d * d;
                }
        double psnr = 10 * Math.Log10(255.0 * 255.0 / (se / (w * h * 3)));
        Assert.That(psnr, Is.GreaterThan(20), "the same frame at two sizes shows the same view");
    }

    [Test]
    public void Render_WithSsaa2_IsExactlyTheBoxDownscaleOfTheRenderAtTwiceTheSize()
    {
        // The definition of --ssaa k: draw at k x the size per side, average each k x k block (stored sRGB values,
        // rounded to nearest). Same mip bias: texture LOD follows the drawn resolution in both.
        const int w = 96, h = 54;
        byte[] large = _scene.RenderToHost(240, 2 * w, 2 * h, -1f);
        using var ssaa = new SceneRenderer(_gpu, 2);
        byte[] small = ssaa.RenderToHost(240, w, h, -1f);
        Assert.That(ssaa.Supersampling, Is.EqualTo(2));
        Assert.That(small, Has.Length.EqualTo(4 * w * h));
        var expected = new byte[4 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 4; c++)
                {
                    int s = large[4 * ((2 * y) * 2 * w + 2 * x) + c] + large[4 * ((2 * y) * 2 * w + 2 * x + 1) + c]
                          + large[4 * ((2 * y + 1) * 2 * w + 2 * x) + c] + large[4 * ((2 * y + 1) * 2 * w + 2 * x + 1) + c];
                    expected[4 * (y * w + x) + c] = (byte)((s + 2) / 4);
                }
        Assert.That(small, Is.EqualTo(expected));
    }

    [Test]
    public void Render_WithSsaa3_IsDeterministic_AndShowsTheSameViewAsThePointSampledRender()
    {
        // Not "smoother": texture LOD follows the drawn (3x) resolution, so the supersampled render keeps finer texture
        // detail than the point-sampled one, as a real supersampled render does.
        const int w = 160, h = 90;
        using var ssaa = new SceneRenderer(_gpu, 3);
        byte[] a = ssaa.RenderToHost(60, w, h, 0f);
        byte[] b = ssaa.RenderToHost(60, w, h, 0f);
        byte[] point = _scene.RenderToHost(60, w, h, 0f);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(a, Is.Not.EqualTo(point));
        Assert.That(PsnrRgb(a, point), Is.GreaterThan(20));
    }

    [Test]
    public void Create_WithSsaaOutsideOneToFour_ThrowsNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SceneRenderer(_gpu, 5));
        Assert.That(ex!.Message, Does.Contain("1..4; got 5"));
    }

    private static double PsnrRgb(byte[] a, byte[] b)
    {
        double se = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (i % 4 == 3) continue;
            double d = a[i] - b[i];
            se += d * d;
        }
        return 10 * Math.Log10(255.0 * 255.0 / (se / (a.Length / 4 * 3)));
    }

    [Test]
    public void Target_WithZeroSize_ThrowsNamingTheSize()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _scene.Target(0, 10));
        Assert.That(ex!.Message, Does.Contain("0x10"));
    }
}
