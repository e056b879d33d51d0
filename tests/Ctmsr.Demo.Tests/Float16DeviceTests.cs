using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;
using NUnit.Framework;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Tests;

/// <summary>
/// The demo's device carries the float16 features where the device has them, and hands that fact to Ctmsr.Runtime, so
/// CTMSR (Vulkan) can run fp16 on the demo's own device. lavapipe exposes the features (its Auto stays fp32: fp16 is
/// emulated on a CPU), so an explicit Fp16 request is what proves the path here.
/// </summary>
[NonParallelizable]
public unsafe class Float16DeviceTests
{
    private GpuContext _gpu = null!;

    [OneTimeSetUp]
    public void SetUp() => _gpu = GpuContext.CreateHeadless();

    [OneTimeTearDown]
    public void TearDown() => _gpu.Dispose();

    /// <summary>Asks the physical device directly, apart from GpuContext's own query.</summary>
    private (bool Storage16, bool Float16, bool Extension) DeviceFeatures()
    {
        var storage16 = new PhysicalDevice16BitStorageFeatures { SType = StructureType.PhysicalDevice16BitStorageFeatures };
        var float16 = new PhysicalDeviceShaderFloat16Int8Features { SType = StructureType.PhysicalDeviceShaderFloat16Int8Features, PNext = &storage16 };
        var features = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &float16 };
        _gpu.Vk.GetPhysicalDeviceFeatures2(_gpu.Physical, &features);
        uint count = 0;
        _gpu.Vk.EnumerateDeviceExtensionProperties(_gpu.Physical, (byte*)null, &count, null);
        var props = new ExtensionProperties[count];
        bool extension = false;
        fixed (ExtensionProperties* p = props)
        {
            _gpu.Vk.EnumerateDeviceExtensionProperties(_gpu.Physical, (byte*)null, &count, p);
            for (int i = 0; i < (int)count; i++)
                extension |= SilkMarshal.PtrToString((nint)p[i].ExtensionName) == "VK_KHR_shader_float16_int8";
        }
        return (storage16.StorageBuffer16BitAccess, float16.ShaderFloat16, extension);
    }

    private static ModelChoice TinyModel()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "models", "ctmsr-x2-tiny.onnx");
            if (File.Exists(path)) return ModelChoice.Create(path);
        }
        Assert.Ignore("models/ctmsr-x2-tiny.onnx not found above the test directory");
        return null!;
    }

    private byte[] Run(CtmsrVulkanUpscaler upscaler, byte[] src, FrameSize s, FrameSize d)
    {
        using var a = _gpu.CreateBuffer((ulong)src.Length, BufferUsageFlags.StorageBufferBit, "test input");
        using var b = _gpu.CreateBuffer(4UL * (ulong)(d.Width * d.Height), BufferUsageFlags.StorageBufferBit, "test output");
        src.CopyTo(a.Span);
        CommandBuffer cmd = _gpu.AllocateCommandBuffer();
        _gpu.Begin(cmd);
        upscaler.Record(cmd, a, s, b, d, swapRedBlue: false);
        _gpu.SubmitAndWait(cmd);
        _gpu.FreeCommandBuffer(cmd);
        return b.Span.ToArray();
    }

    [Test]
    public void CreateHeadless_DeviceWithTheFeatures_EnablesThemAndSaysSo()
    {
        var (storage16, float16, extension) = DeviceFeatures();

        Assert.That(_gpu.Float16Enabled, Is.EqualTo(storage16 && float16 && extension), _gpu.Float16Note);
        if (_gpu.DeviceName.Contains("llvmpipe", StringComparison.Ordinal))
            Assert.That(_gpu.Float16Enabled, Is.True, "lavapipe exposes storageBuffer16BitAccess and shaderFloat16: " + _gpu.Float16Note);
        Assert.That(_gpu.Float16Note, Does.StartWith(_gpu.Float16Enabled ? "fp16 features enabled" : "fp16 off: the device lacks"));
    }

    [Test]
    public void CtmsrVulkan_Fp16OnTheDemosDevice_RunsFp16AndMatchesFp32WithinTwoLevels()
    {
        if (!_gpu.Float16Enabled) Assert.Ignore("this device has no float16 features: " + _gpu.Float16Note);
        ModelChoice models = TinyModel();
        var s = new FrameSize(40, 24);
        var d = new FrameSize(80, 48);
        var src = new byte[4 * s.Width * s.Height];
        // A smooth gradient with some texture, so the network sees an image rather than noise.
        for (int y = 0; y < s.Height; y++)
            for (int x = 0; x < s.Width; x++)
            {
                int i = 4 * (y * s.Width + x);
                src[i] = (byte)(x * 6);
                src[i + 1] = (byte)(y * 10);
                src[i + 2] = (byte)((x ^ y) * 8);
                src[i + 3] = 255;
            }

        using var fp16 = new CtmsrVulkanUpscaler(_gpu, models, VulkanPrecision.Fp16);
        fp16.Prepare(s, d);
        using var fp32 = new CtmsrVulkanUpscaler(_gpu, models, VulkanPrecision.Fp32);
        fp32.Prepare(s, d);
        byte[] half = Run(fp16, src, s, d), full = Run(fp32, src, s, d);

        Assert.That(fp16.Precision, Is.EqualTo(VulkanPrecision.Fp16));
        Assert.That(fp16.Device, Does.Contain("Fp16"));
        Assert.That(fp32.Precision, Is.EqualTo(VulkanPrecision.Fp32));
        int worst = 0;
        for (int i = 0; i < half.Length; i++) worst = Math.Max(worst, Math.Abs(half[i] - full[i]));
        Assert.That(worst, Is.LessThanOrEqualTo(2), "fp16 within two 8-bit levels of fp32");
        Assert.That(full.Where((b, i) => i % 4 != 3).Distinct().Count(), Is.GreaterThan(50), "the frame is an image, not a constant");
    }

    [Test]
    public void CtmsrVulkan_AutoOnTheDemosDevice_IsFp16ExactlyOnAGpuWithTheFeatures()
    {
        using var auto = new CtmsrVulkanUpscaler(_gpu, TinyModel());
        auto.Prepare(new FrameSize(16, 8), new FrameSize(32, 16));

        _gpu.Vk.GetPhysicalDeviceProperties(_gpu.Physical, out PhysicalDeviceProperties props);
        bool gpu = props.DeviceType != PhysicalDeviceType.Cpu;
        Assert.That(auto.Precision, Is.EqualTo(gpu && _gpu.Float16Enabled ? VulkanPrecision.Fp16 : VulkanPrecision.Fp32), auto.Device);
        if (!gpu && _gpu.Float16Enabled) Assert.That(auto.Device, Does.Contain("fp16 is emulated on a CPU driver"));
    }
}
