// Over 400 lines because the graphics pipeline's fixed state (render pass, pipeline, texture upload, draw recording) is
// one Vulkan recipe read top to bottom; its device, buffers and shader modules already come from the runtime's bootstrap.
using System.Numerics;
using System.Runtime.InteropServices;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace Ctmsr.Demo.Scene;

/// <summary>
/// Draws the demo scene with a Vulkan graphics pipeline into an offscreen target of any size and copies the colour into
/// the target's host-visible RGBA8 buffer. Everything it draws is a function of the frame index.
/// With supersampling anti-aliasing k &gt; 1 every target is drawn at k x its size on each side and box-downscaled by k
/// (downscale.comp): a supersampled render, which is what the model was trained to upscale (LR = area downscale) and
/// what an engine hands an upscaler (an anti-aliased colour target). Texture LOD follows the drawn resolution, so the
/// mip bias a caller passes keeps its meaning (log2(render / display) for the render-size pass).
/// </summary>
public sealed unsafe class SceneRenderer : IDisposable
{
    public const Format ColorFormat = Format.R8G8B8A8Srgb;
    public const Format DepthFormat = Format.D32Sfloat;
    public const float VerticalFieldOfView = MathF.PI / 3;
    /// <summary>Largest supersampling factor (--ssaa): 4 x 4 samples per pixel.</summary>
    public const int MaxSupersampling = 4;
    /// <summary>The viewer's default --ssaa (chosen by measurement; README, "Demo viewer").</summary>
    public const int DefaultSupersampling = 2;

    private readonly GpuContext _gpu;
    private readonly SceneLayout _layout;
    private readonly VulkanBuffer _vertices, _indices;
    private readonly GpuImage _texture;
    private readonly Sampler _sampler;
    private readonly DescriptorSetLayout _setLayout;
    private readonly DescriptorPool _pool;
    private readonly PipelineLayout _pipelineLayout;
    private readonly RenderPass _renderPass;
    private readonly Pipeline _pipeline;
    private readonly ComputeKernel? _downscale;
    private readonly Dictionary<(uint, uint), RenderTarget> _targets = new();
    private readonly int _worldIndexCount, _rotorIndexCount, _rotorVertexOffset;
    private bool _disposed;

    /// <param name="gpu">The device.</param>
    /// <param name="supersampling">k in 1..<see cref="MaxSupersampling"/>: samples per pixel on each axis (1 = none).</param>
    public SceneRenderer(GpuContext gpu, int supersampling = 1)
    {
        if (supersampling < 1 || supersampling > MaxSupersampling)
            throw new ArgumentOutOfRangeException(nameof(supersampling), supersampling, $"supersampling must be 1..{MaxSupersampling}; got {supersampling}");
        _gpu = gpu;
        Supersampling = supersampling;
        _layout = SceneLayout.Build();
        Vk vk = gpu.Vk;

        // Geometry: the world then the rotor in one vertex and one index buffer.
        var verts = new List<SceneVertex>(_layout.World.Vertices);
        verts.AddRange(_layout.Rotor.Vertices);
        var idx = new List<uint>(_layout.World.Indices);
        idx.AddRange(_layout.Rotor.Indices);
        _worldIndexCount = _layout.World.Indices.Count;
        _rotorIndexCount = _layout.Rotor.Indices.Count;
        _rotorVertexOffset = _layout.World.Vertices.Count;
        // A constructor that fails part-way frees what it made (Dispose skips what does not exist yet).
        try
        {
            _vertices = gpu.CreateBuffer((ulong)(verts.Count * sizeof(SceneVertex)), BufferUsageFlags.VertexBufferBit, "scene vertices");
            MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(verts)).CopyTo(_vertices.Span);
            _indices = gpu.CreateBuffer((ulong)(idx.Count * 4), BufferUsageFlags.IndexBufferBit, "scene indices");
            MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(idx)).CopyTo(_indices.Span);

            _texture = UploadTextures(gpu);
            var sci = new SamplerCreateInfo
            {
                SType = StructureType.SamplerCreateInfo,
                MagFilter = Filter.Linear,
                MinFilter = Filter.Linear,
                MipmapMode = SamplerMipmapMode.Linear,
                AddressModeU = SamplerAddressMode.Repeat,
                AddressModeV = SamplerAddressMode.Repeat,
                AddressModeW = SamplerAddressMode.Repeat,
                MaxLod = ProceduralTextures.MipLevels,
            };
            VkCheck.Ok(vk.CreateSampler(gpu.Device, in sci, null, out _sampler), "vkCreateSampler");

            var bindings = stackalloc DescriptorSetLayoutBinding[]
            {
                new(0, DescriptorType.UniformBuffer, 1, ShaderStageFlags.VertexBit | ShaderStageFlags.FragmentBit),
                new(1, DescriptorType.CombinedImageSampler, 1, ShaderStageFlags.FragmentBit),
            };
            VulkanComputeObjects.CreateLayouts(gpu.Vulkan, new ReadOnlySpan<DescriptorSetLayoutBinding>(bindings, 2), 64, ShaderStageFlags.VertexBit, "scene",
                out _setLayout, out _pipelineLayout);
            var sizes = stackalloc DescriptorPoolSize[] { new(DescriptorType.UniformBuffer, 32), new(DescriptorType.CombinedImageSampler, 32) };
            var dp = new DescriptorPoolCreateInfo
            {
                SType = StructureType.DescriptorPoolCreateInfo,
                Flags = DescriptorPoolCreateFlags.FreeDescriptorSetBit,
                MaxSets = 32,
                PoolSizeCount = 2,
                PPoolSizes = sizes,
            };
            VkCheck.Ok(vk.CreateDescriptorPool(gpu.Device, in dp, null, out _pool), "vkCreateDescriptorPool");
            _renderPass = CreateRenderPass(gpu);
            _pipeline = CreatePipeline(gpu, _renderPass, _pipelineLayout);
            if (supersampling > 1) _downscale = new ComputeKernel(gpu, "downscale.comp", 2, (uint)sizeof(DownscalePush));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int TriangleCount => _layout.TriangleCount;

    /// <summary>The stage of the last work <see cref="Record"/> records: the downscale dispatch, or the copy when k = 1.</summary>
    public PipelineStageFlags LastStage => _downscale != null ? PipelineStageFlags.ComputeShaderBit : PipelineStageFlags.TransferBit;

    /// <summary>Supersampling factor k: targets are drawn at k x their size per side and box-downscaled.</summary>
    public int Supersampling { get; }

    /// <summary>The target of <paramref name="width"/> x <paramref name="height"/>, created on first use and kept.</summary>
    public RenderTarget Target(int width, int height)
    {
        if (width < 1 || height < 1 || width > 8192 || height > 8192)
            throw new ArgumentOutOfRangeException(nameof(width), $"a render target must be 1..8192 pixels per side; got {width}x{height}");
        if ((long)width * Supersampling > 8192 || (long)height * Supersampling > 8192)
            throw new ArgumentOutOfRangeException(nameof(width),
                $"a render target of {width}x{height} with supersampling {Supersampling} is drawn at {width * Supersampling}x{height * Supersampling}; the limit is 8192 per side");
        if (_targets.TryGetValue(((uint)width, (uint)height), out RenderTarget? t)) return t;
        var uniforms = _gpu.CreateBuffer((ulong)sizeof(FrameUniforms), BufferUsageFlags.UniformBufferBit, "frame uniforms");
        DescriptorSet set = AllocateSet(uniforms);
        t = new RenderTarget(_gpu, _renderPass, (uint)width, (uint)height, (uint)Supersampling, set, uniforms);
        if (_downscale != null) t.DownscaleSet = _downscale.CreateSet(t.Supersampled!, t.Pixels);
        _targets.Add(((uint)width, (uint)height), t);
        return t;
    }

    /// <summary>Drops every target but those of the sizes given (a window resize leaves old sizes behind).</summary>
    public void ReleaseTargetsExcept(params (int Width, int Height)[] keep)
    {
        foreach (var key in _targets.Keys.ToArray())
        {
            if (Array.IndexOf(keep, ((int)key.Item1, (int)key.Item2)) >= 0) continue;
            RenderTarget t = _targets[key];
            DescriptorSet set = t.DescriptorSet;
            VkCheck.Ok(_gpu.Vk.FreeDescriptorSets(_gpu.Device, _pool, 1, in set), "vkFreeDescriptorSets");
            _downscale?.FreeSet(t.DownscaleSet);
            t.Dispose();
            _targets.Remove(key);
        }
    }

    /// <summary>The uniforms of frame <paramref name="frame"/> for an aspect ratio and texture mip bias.</summary>
    public static FrameUniforms Uniforms(long frame, float aspect, float mipBias)
    {
        Matrix4x4 view = CameraFlight.View(frame, out Vector3 eye);
        Matrix4x4 proj = Matrix4x4.CreatePerspectiveFieldOfView(VerticalFieldOfView, aspect, 0.1f, 1000f);
        proj.M22 = -proj.M22; // Vulkan's clip space has y pointing down.
        return new FrameUniforms
        {
            ViewProjection = view * proj,
            CameraPosition = new Vector4(eye, 1),
            SunDirection = new Vector4(Vector3.Normalize(new Vector3(0.45f, 0.55f, -0.7f)), 0),
            Parameters = new Vector4((float)CameraFlight.Time(frame), mipBias, 0, 0),
        };
    }

    /// <summary>
    /// Records the scene of <paramref name="frame"/> into <paramref name="target"/> and the copy of its colour into
    /// <see cref="RenderTarget.Pixels"/> (through the box downscale when supersampling), followed by a barrier so later
    /// commands may read the pixels.
    /// </summary>
    public void Record(CommandBuffer cmd, RenderTarget target, long frame, float mipBias)
    {
        Vk vk = _gpu.Vk;
        FrameUniforms u = Uniforms(frame, (float)target.Width / target.Height, mipBias);
        MemoryMarshal.Write(target.Uniforms.Span, in u);

        var clears = stackalloc ClearValue[]
        {
            new(new ClearColorValue(0.7f, 0.77f, 0.86f, 1f)),
            new(depthStencil: new ClearDepthStencilValue(1f, 0)),
        };
        var rpb = new RenderPassBeginInfo
        {
            SType = StructureType.RenderPassBeginInfo,
            RenderPass = _renderPass,
            Framebuffer = target.Framebuffer,
            RenderArea = new Rect2D(new Offset2D(0, 0), new Extent2D(target.RenderWidth, target.RenderHeight)),
            ClearValueCount = 2,
            PClearValues = clears,
        };
        vk.CmdBeginRenderPass(cmd, in rpb, SubpassContents.Inline);
        vk.CmdBindPipeline(cmd, PipelineBindPoint.Graphics, _pipeline);
        var viewport = new Viewport(0, 0, target.RenderWidth, target.RenderHeight, 0, 1);
        vk.CmdSetViewport(cmd, 0, 1, in viewport);
        var scissor = new Rect2D(new Offset2D(0, 0), new Extent2D(target.RenderWidth, target.RenderHeight));
        vk.CmdSetScissor(cmd, 0, 1, in scissor);
        DescriptorSet set = target.DescriptorSet;
        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Graphics, _pipelineLayout, 0, 1, in set, 0, null);
        var vb = _vertices.Buffer;
        ulong offset = 0;
        vk.CmdBindVertexBuffers(cmd, 0, 1, in vb, in offset);
        vk.CmdBindIndexBuffer(cmd, _indices.Buffer, 0, IndexType.Uint32);

        Matrix4x4 identity = Matrix4x4.Identity;
        vk.CmdPushConstants(cmd, _pipelineLayout, ShaderStageFlags.VertexBit, 0, 64, &identity);
        vk.CmdDrawIndexed(cmd, (uint)_worldIndexCount, 1, 0, 0, 0);
        Matrix4x4 rotor = _layout.RotorTransform(CameraFlight.Time(frame));
        vk.CmdPushConstants(cmd, _pipelineLayout, ShaderStageFlags.VertexBit, 0, 64, &rotor);
        vk.CmdDrawIndexed(cmd, (uint)_rotorIndexCount, 1, (uint)_worldIndexCount, _rotorVertexOffset, 0);
        vk.CmdEndRenderPass(cmd);

        // The render pass leaves the colour image in TransferSrcOptimal.
        var region = new BufferImageCopy
        {
            BufferOffset = 0,
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageExtent = new Extent3D(target.RenderWidth, target.RenderHeight, 1),
        };
        VulkanBuffer copied = target.Supersampled ?? target.Pixels;
        vk.CmdCopyImageToBuffer(cmd, target.Color.Handle, ImageLayout.TransferSrcOptimal, copied.Buffer, 1, in region);
        _gpu.Barrier(cmd);
        if (_downscale != null)
        {
            var push = new DownscalePush { DstWidth = target.Width, DstHeight = target.Height, Factor = target.Supersampling, SrcWidth = target.RenderWidth };
            _downscale.Record(cmd, target.DownscaleSet, in push, target.Width, target.Height);
            _gpu.Barrier(cmd);
        }
    }

    /// <summary>Renders frame <paramref name="frame"/> at the given size and returns its RGBA8 pixels (sRGB-encoded).</summary>
    public byte[] RenderToHost(long frame, int width, int height, float mipBias)
    {
        RenderTarget target = Target(width, height);
        CommandBuffer cmd = _gpu.AllocateCommandBuffer();
        try
        {
            _gpu.Begin(cmd);
            Record(cmd, target, frame, mipBias);
            _gpu.SubmitAndWait(cmd);
        }
        finally
        {
            _gpu.FreeCommandBuffer(cmd);
        }
        return target.Pixels.Span.ToArray();
    }

    private DescriptorSet AllocateSet(VulkanBuffer uniforms)
    {
        DescriptorSetLayout layout = _setLayout;
        var ai = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = _pool, DescriptorSetCount = 1, PSetLayouts = &layout };
        VkCheck.Ok(_gpu.Vk.AllocateDescriptorSets(_gpu.Device, in ai, out DescriptorSet set), "vkAllocateDescriptorSets");
        var bufferInfo = new DescriptorBufferInfo(uniforms.Buffer, 0, uniforms.RequestedSize);
        var imageInfo = new DescriptorImageInfo(_sampler, _texture.View, ImageLayout.ShaderReadOnlyOptimal);
        var writes = stackalloc WriteDescriptorSet[]
        {
            new() { SType = StructureType.WriteDescriptorSet, DstSet = set, DstBinding = 0, DescriptorCount = 1, DescriptorType = DescriptorType.UniformBuffer, PBufferInfo = &bufferInfo },
            new() { SType = StructureType.WriteDescriptorSet, DstSet = set, DstBinding = 1, DescriptorCount = 1, DescriptorType = DescriptorType.CombinedImageSampler, PImageInfo = &imageInfo },
        };
        _gpu.Vk.UpdateDescriptorSets(_gpu.Device, 2, writes, 0, null);
        return set;
    }

    private static GpuImage UploadTextures(GpuContext gpu)
    {
        byte[][][] mips = ProceduralTextures.Generate();
        uint levels = (uint)mips.Length, layers = Material.LayerCount;
        ulong total = 0;
        foreach (byte[][] level in mips) foreach (byte[] layer in level) total += (ulong)layer.Length;
        var image = new GpuImage(gpu, ProceduralTextures.Size, ProceduralTextures.Size, Format.R8G8B8A8Srgb,
            ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit, ImageAspectFlags.ColorBit, levels, layers);
        try
        {
            using var staging = gpu.CreateBuffer(total, BufferUsageFlags.TransferSrcBit, "texture staging");
            var regions = new BufferImageCopy[levels];
            ulong offset = 0;
            for (uint m = 0; m < levels; m++)
            {
                regions[m] = new BufferImageCopy
                {
                    BufferOffset = offset,
                    ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, m, 0, layers),
                    ImageExtent = new Extent3D((uint)ProceduralTextures.Size >> (int)m, (uint)ProceduralTextures.Size >> (int)m, 1),
                };
                foreach (byte[] layer in mips[m])
                {
                    layer.CopyTo(staging.Span.Slice((int)offset));
                    offset += (ulong)layer.Length;
                }
            }
            CommandBuffer cmd = gpu.AllocateCommandBuffer();
            try
            {
                gpu.Begin(cmd);
                image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal);
                fixed (BufferImageCopy* r = regions)
                    gpu.Vk.CmdCopyBufferToImage(cmd, staging.Buffer, image.Handle, ImageLayout.TransferDstOptimal, levels, r);
                image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal);
                gpu.SubmitAndWait(cmd);
            }
            finally
            {
                gpu.FreeCommandBuffer(cmd);
            }
        }
        catch
        {
            image.Dispose();
            throw;
        }
        return image;
    }

    private static RenderPass CreateRenderPass(GpuContext gpu)
    {
        var attachments = stackalloc AttachmentDescription[]
        {
            new(0, ColorFormat, SampleCountFlags.Count1Bit, AttachmentLoadOp.Clear, AttachmentStoreOp.Store,
                AttachmentLoadOp.DontCare, AttachmentStoreOp.DontCare, ImageLayout.Undefined, ImageLayout.TransferSrcOptimal),
            new(0, DepthFormat, SampleCountFlags.Count1Bit, AttachmentLoadOp.Clear, AttachmentStoreOp.DontCare,
                AttachmentLoadOp.DontCare, AttachmentStoreOp.DontCare, ImageLayout.Undefined, ImageLayout.DepthStencilAttachmentOptimal),
        };
        var colorRef = new AttachmentReference(0, ImageLayout.ColorAttachmentOptimal);
        var depthRef = new AttachmentReference(1, ImageLayout.DepthStencilAttachmentOptimal);
        var subpass = new SubpassDescription
        {
            PipelineBindPoint = PipelineBindPoint.Graphics,
            ColorAttachmentCount = 1,
            PColorAttachments = &colorRef,
            PDepthStencilAttachment = &depthRef,
        };
        // The previous frame's copy out of the colour image must finish before this frame clears it.
        var dependency = new SubpassDependency
        {
            SrcSubpass = Vk.SubpassExternal,
            DstSubpass = 0,
            SrcStageMask = PipelineStageFlags.AllCommandsBit,
            DstStageMask = PipelineStageFlags.AllCommandsBit,
            SrcAccessMask = AccessFlags.MemoryWriteBit | AccessFlags.MemoryReadBit,
            DstAccessMask = AccessFlags.MemoryWriteBit | AccessFlags.MemoryReadBit,
        };
        var ci = new RenderPassCreateInfo
        {
            SType = StructureType.RenderPassCreateInfo,
            AttachmentCount = 2,
            PAttachments = attachments,
            SubpassCount = 1,
            PSubpasses = &subpass,
            DependencyCount = 1,
            PDependencies = &dependency,
        };
        VkCheck.Ok(gpu.Vk.CreateRenderPass(gpu.Device, in ci, null, out RenderPass pass), "vkCreateRenderPass");
        return pass;
    }

    private static Pipeline CreatePipeline(GpuContext gpu, RenderPass pass, PipelineLayout layout)
    {
        Vk vk = gpu.Vk;
        ShaderModule vert = gpu.CreateShaderModule("scene.vert");
        ShaderModule frag = gpu.CreateShaderModule("scene.frag");
        try
        {
            byte* main = stackalloc byte[] { (byte)'m', (byte)'a', (byte)'i', (byte)'n', 0 };
            var stages = stackalloc PipelineShaderStageCreateInfo[]
            {
                new() { SType = StructureType.PipelineShaderStageCreateInfo, Stage = ShaderStageFlags.VertexBit, Module = vert, PName = main },
                new() { SType = StructureType.PipelineShaderStageCreateInfo, Stage = ShaderStageFlags.FragmentBit, Module = frag, PName = main },
            };
            var binding = new VertexInputBindingDescription(0, (uint)sizeof(SceneVertex), VertexInputRate.Vertex);
            var attributes = stackalloc VertexInputAttributeDescription[]
            {
                new(0, 0, Format.R32G32B32Sfloat, 0),
                new(1, 0, Format.R32G32B32Sfloat, 12),
                new(2, 0, Format.R32G32Sfloat, 24),
                new(3, 0, Format.R32Uint, 32),
            };
            var vertexInput = new PipelineVertexInputStateCreateInfo
            {
                SType = StructureType.PipelineVertexInputStateCreateInfo,
                VertexBindingDescriptionCount = 1,
                PVertexBindingDescriptions = &binding,
                VertexAttributeDescriptionCount = 4,
                PVertexAttributeDescriptions = attributes,
            };
            var assembly = new PipelineInputAssemblyStateCreateInfo { SType = StructureType.PipelineInputAssemblyStateCreateInfo, Topology = PrimitiveTopology.TriangleList };
            var viewportState = new PipelineViewportStateCreateInfo { SType = StructureType.PipelineViewportStateCreateInfo, ViewportCount = 1, ScissorCount = 1 };
            // No culling: thin beams and foliage cards are seen from both sides; scene.frag flips back-facing normals.
            var raster = new PipelineRasterizationStateCreateInfo
            {
                SType = StructureType.PipelineRasterizationStateCreateInfo,
                PolygonMode = PolygonMode.Fill,
                CullMode = CullModeFlags.None,
                FrontFace = FrontFace.CounterClockwise,
                LineWidth = 1f,
            };
            var multisample = new PipelineMultisampleStateCreateInfo { SType = StructureType.PipelineMultisampleStateCreateInfo, RasterizationSamples = SampleCountFlags.Count1Bit };
            var depth = new PipelineDepthStencilStateCreateInfo
            {
                SType = StructureType.PipelineDepthStencilStateCreateInfo,
                DepthTestEnable = true,
                DepthWriteEnable = true,
                DepthCompareOp = CompareOp.LessOrEqual,
            };
            var blendAttachment = new PipelineColorBlendAttachmentState
            {
                ColorWriteMask = ColorComponentFlags.RBit | ColorComponentFlags.GBit | ColorComponentFlags.BBit | ColorComponentFlags.ABit,
            };
            var blend = new PipelineColorBlendStateCreateInfo { SType = StructureType.PipelineColorBlendStateCreateInfo, AttachmentCount = 1, PAttachments = &blendAttachment };
            var dynamics = stackalloc DynamicState[] { DynamicState.Viewport, DynamicState.Scissor };
            var dynamic = new PipelineDynamicStateCreateInfo { SType = StructureType.PipelineDynamicStateCreateInfo, DynamicStateCount = 2, PDynamicStates = dynamics };
            var ci = new GraphicsPipelineCreateInfo
            {
                SType = StructureType.GraphicsPipelineCreateInfo,
                StageCount = 2,
                PStages = stages,
                PVertexInputState = &vertexInput,
                PInputAssemblyState = &assembly,
                PViewportState = &viewportState,
                PRasterizationState = &raster,
                PMultisampleState = &multisample,
                PDepthStencilState = &depth,
                PColorBlendState = &blend,
                PDynamicState = &dynamic,
                Layout = layout,
                RenderPass = pass,
                Subpass = 0,
            };
            VkCheck.Ok(vk.CreateGraphicsPipelines(gpu.Device, default, 1, in ci, null, out Pipeline pipeline), "vkCreateGraphicsPipelines");
            return pipeline;
        }
        finally
        {
            vk.DestroyShaderModule(gpu.Device, vert, null);
            vk.DestroyShaderModule(gpu.Device, frag, null);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Vk vk = _gpu.Vk;
        vk.DeviceWaitIdle(_gpu.Device);
        foreach (RenderTarget t in _targets.Values) t.Dispose();
        _targets.Clear();
        _downscale?.Dispose();
        vk.DestroyPipeline(_gpu.Device, _pipeline, null);
        vk.DestroyRenderPass(_gpu.Device, _renderPass, null);
        vk.DestroyPipelineLayout(_gpu.Device, _pipelineLayout, null);
        vk.DestroyDescriptorPool(_gpu.Device, _pool, null);
        vk.DestroyDescriptorSetLayout(_gpu.Device, _setLayout, null);
        vk.DestroySampler(_gpu.Device, _sampler, null);
        _texture?.Dispose();
        _vertices?.Dispose();
        _indices?.Dispose();
    }
}
