// Over 400 lines because the window owns one frame loop whose state (swapchain, timers, HUD, input) is shared by every
// step; its device and buffers already come from the runtime's bootstrap (GpuContext).
using System.Diagnostics;
using System.Globalization;
using Ctmsr.Demo.Scene;
using Ctmsr.Demo.Upscalers;
using Ctmsr.Demo.Vulkan;
using Ctmsr.Runtime;
using Ctmsr.Runtime.Vulkan;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;
using VkSemaphore = Silk.NET.Vulkan.Semaphore;

namespace Ctmsr.Demo.Windowing;

/// <summary>
/// The windowed viewer: GLFW window, Vulkan surface and swapchain; every frame renders the scene at the render size,
/// upscales it with method A (and B for split screen), composes divider, zoom lens and HUD, copies the result into the
/// swapchain image and presents. One frame in flight: simple, and lavapipe gains nothing from more.
/// </summary>
public sealed unsafe class ViewerWindow : IDisposable
{
    private static readonly QualityMode[] Modes = Enum.GetValues<QualityMode>();

    private readonly ViewerOptions _options;
    private readonly TextWriter _log;
    private readonly nint _window;
    private readonly GpuContext _gpu;
    private readonly SceneRenderer _scene;
    private readonly List<MethodStatus> _methods;
    private readonly ComputeKernel _compose;
    private readonly HudOverlay _hud;
    private readonly GpuTimer _timer;
    private readonly CommandBuffer _cmd, _preCmd;
    private readonly VkSemaphore _acquired;
    private readonly Fence _inFlight;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Swapchain? _swapchain;
    private VkSemaphore[] _rendered = Array.Empty<VkSemaphore>();
    private VulkanBuffer? _outA, _outB, _present;
    private DescriptorSet _composeSet;
    private FrameSize _display, _render;
    private int _modeIndex, _methodA, _methodB;
    private bool _split, _lens, _paused, _showHud, _vsync, _step, _needRecreate, _timestampsPending, _disposed;
    private uint _divider;
    private long _frame, _presented;
    private double _gpuUpscaleMs = double.NaN, _gpuFrameMs = double.NaN, _hostUpscaleMs = double.NaN, _cpuFrameMs, _fps;
    private string _status = "";
    private long _hudUpdatedMs = long.MinValue / 2;
    private bool _hudDirty = true;

    private ViewerWindow(ViewerOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _modeIndex = Array.IndexOf(Modes, options.Mode);
        _split = options.Split;
        _paused = options.Paused;
        _showHud = options.Hud;
        _vsync = options.Vsync;
        _frame = options.StartFrame;

        if (Glfw.Init() == 0) throw new VulkanUnavailableException("GLFW could not start (is there an X display?): " + Glfw.LastError());
        try
        {
            if (Glfw.VulkanSupported() == 0) throw new VulkanUnavailableException("GLFW found no Vulkan loader: install libvulkan1 and mesa-vulkan-drivers");
            Glfw.WindowHint(Glfw.ClientApi, Glfw.NoApi);
            Glfw.WindowHint(Glfw.Resizable, Glfw.True);
            _window = Glfw.CreateWindow(options.Window.Width, options.Window.Height, "Ctmsr demo", 0, 0);
            if (_window == 0) throw new VulkanUnavailableException("GLFW could not create a window: " + Glfw.LastError());
            KeyQueue.Attach(_window);
            byte** names = Glfw.GetRequiredInstanceExtensions(out uint count);
            if (names == null) throw new VulkanUnavailableException("GLFW knows no Vulkan surface extension for this display: " + Glfw.LastError());
            var extensions = new List<string>();
            for (uint i = 0; i < count; i++) extensions.Add(SilkMarshal.PtrToString((nint)names[i]) ?? "");
            nint window = _window;
            _gpu = GpuContext.Create(extensions, instance =>
            {
                int r = Glfw.CreateWindowSurface(instance.Handle, window, 0, out ulong surface);
                if (r != 0) throw new VulkanException("glfwCreateWindowSurface", (Result)r);
                return new SurfaceKHR(surface);
            }, swapchain: true);
        }
        catch
        {
            if (_window != 0) Glfw.DestroyWindow(_window);
            Glfw.Terminate();
            throw;
        }

        _scene = new SceneRenderer(_gpu, options.Supersampling);
        Glfw.GetFramebufferSize(_window, out int fw, out int fh);
        _display = new FrameSize(Math.Max(fw, 1), Math.Max(fh, 1));
        _render = QualityModes.RenderSize(_display.Width, _display.Height, Modes[_modeIndex]);
        _methods = MethodCatalog.Create(_gpu, UpscaleMethods.All, options.ModelPath, options.OnnxBackend, options.Threads, _render, _display);
        foreach (MethodStatus s in _methods)
            _log.WriteLine(s.Available ? $"  {UpscaleMethods.DisplayName(s.Method)}: {s.Upscaler!.Device}" : $"  {UpscaleMethods.DisplayName(s.Method)}: unavailable: {s.UnavailableReason}");
        bool cpuDevice = _gpu.DeviceName.Contains("llvmpipe", StringComparison.OrdinalIgnoreCase);
        UpscaleMethod a = options.MethodA ?? (cpuDevice ? UpscaleMethod.CtmsrOnnx : UpscaleMethod.CtmsrVulkan);
        _methodA = FirstAvailable(a);
        _methodB = FirstAvailable(options.MethodB);
        _compose = new ComputeKernel(_gpu, "compose.comp", 4, (uint)sizeof(ComposePush));
        _hud = new HudOverlay(_gpu);
        _timer = new GpuTimer(_gpu, 4);
        _cmd = _gpu.AllocateCommandBuffer();
        _preCmd = _gpu.AllocateCommandBuffer();
        var sci = new SemaphoreCreateInfo { SType = StructureType.SemaphoreCreateInfo };
        VkCheck.Ok(_gpu.Vk.CreateSemaphore(_gpu.Device, in sci, null, out _acquired), "vkCreateSemaphore");
        var fci = new FenceCreateInfo { SType = StructureType.FenceCreateInfo, Flags = FenceCreateFlags.SignaledBit };
        VkCheck.Ok(_gpu.Vk.CreateFence(_gpu.Device, in fci, null, out _inFlight), "vkCreateFence");
        Recreate(fw, fh);
    }

    /// <summary>Opens the window and runs until it is closed (or <see cref="ViewerOptions.ExitAfterFrames"/>).</summary>
    /// <exception cref="VulkanUnavailableException">No display, no GLFW Vulkan support, or no presentable Vulkan device.</exception>
    public static void Run(ViewerOptions options, TextWriter log)
    {
        using var viewer = new ViewerWindow(options, log);
        viewer.Loop();
    }

    private void Loop()
    {
        Glfw.GetWindowPos(_window, out int wx, out int wy);
        _log.WriteLine($"viewer: window at {wx},{wy}, {_display} on {_gpu.DeviceName}; {Describe()}");
        long last = _clock.ElapsedTicks;
        while (Glfw.WindowShouldClose(_window) == 0)
        {
            Glfw.PollEvents();
            HandleInput();
            Glfw.GetFramebufferSize(_window, out int fw, out int fh);
            if (fw == 0 || fh == 0)
            {
                Glfw.WaitEventsTimeout(0.1); // minimised: nothing to present to
                continue;
            }
            if (_needRecreate || _swapchain == null || fw != (int)_swapchain.Extent.Width || fh != (int)_swapchain.Extent.Height)
            {
                Recreate(fw, fh);
                continue;
            }
            if (!DrawFrame()) continue;

            long now = _clock.ElapsedTicks;
            _cpuFrameMs = (now - last) * 1000.0 / Stopwatch.Frequency;
            last = now;
            _fps = _fps == 0 ? 1000.0 / _cpuFrameMs : 0.9 * _fps + 0.1 * (1000.0 / _cpuFrameMs);
            _hud.AddFrameTime((float)_cpuFrameMs);
            _presented++;
            if (_options.Verbose && _presented % 10 == 0)
                _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"presented {_presented} frames at {_display}, frame {_frame}, {Describe()}, GPU upscale {Ms(_gpuUpscaleMs)}, GPU frame {Ms(_gpuFrameMs)}"));
            if (_options.AutoResize is FrameSize target && _presented == _options.AutoResizeAfterFrames)
            {
                _log.WriteLine($"viewer: resizing to {target}");
                Glfw.SetWindowSize(_window, target.Width, target.Height);
            }
            int script = (int)_presented - 5;
            if (script >= 0 && script < _options.Keys.Length && KeyQueue.FromChar(_options.Keys[script]) is int key)
            {
                _log.WriteLine($"viewer: key '{_options.Keys[script]}'");
                KeyQueue.Push(key);
            }
            if (_options.ExitAfterFrames > 0 && _presented >= _options.ExitAfterFrames) Glfw.SetWindowShouldClose(_window, Glfw.True);
            if (!_paused || _step) _frame++;
            _step = false;
        }
        _log.WriteLine($"viewer: closed after {_presented} presented frames");
    }

    private string Describe() =>
        $"A {Name(_methodA)}{(_split ? ", B " + Name(_methodB) : "")}, render {_render} -> {_display} ({Modes[_modeIndex]}), SSAA {_scene.Supersampling}x{_scene.Supersampling}, vsync {(_vsync ? "on" : "off")}";

    private string Name(int index) => UpscaleMethods.DisplayName(_methods[index].Method);

    private int FirstAvailable(UpscaleMethod wanted)
    {
        int i = _methods.FindIndex(s => s.Method == wanted);
        if (i >= 0 && _methods[i].Available) return i;
        int any = _methods.FindIndex(s => s.Available);
        if (any < 0) throw new VulkanUnavailableException("no upscaling method can run on this device");
        _status = $"{UpscaleMethods.DisplayName(wanted)} unavailable";
        return any;
    }

    private int NextAvailable(int from)
    {
        for (int k = 1; k <= _methods.Count; k++)
        {
            int i = (from + k) % _methods.Count;
            if (_methods[i].Available) return i;
        }
        return from;
    }

    private void HandleInput()
    {
        while (KeyQueue.TryTake(out int key))
        {
            _hudDirty = true;
            if (key >= Glfw.Key0 + 1 && key <= Glfw.Key0 + _methods.Count)
            {
                int i = key - Glfw.Key0 - 1;
                if (_methods[i].Available) _methodA = i;
                else _status = $"{Name(i)} unavailable: {_methods[i].UnavailableReason}";
                continue;
            }
            switch (key)
            {
                case Glfw.KeyEscape: Glfw.SetWindowShouldClose(_window, Glfw.True); break;
                case Glfw.KeyA + ('M' - 'A'): _methodA = NextAvailable(_methodA); break;
                case Glfw.KeyA + ('B' - 'A'): _methodB = NextAvailable(_methodB); break;
                case Glfw.KeyA + ('Q' - 'A'): ChangeMode(-1); break;
                case Glfw.KeyA + ('E' - 'A'): ChangeMode(+1); break;
                case Glfw.KeyA + ('S' - 'A'): _split = !_split; break;
                case Glfw.KeyA + ('Z' - 'A'): _lens = !_lens; break;
                case Glfw.KeyA + ('H' - 'A'): _showHud = !_showHud; break;
                case Glfw.KeyA + ('V' - 'A'): _vsync = !_vsync; _needRecreate = true; break;
                case Glfw.KeySpace: _paused = !_paused; break;
                case Glfw.KeyPeriod: _paused = true; _step = true; break;
            }
        }
        if (_split && Glfw.GetMouseButton(_window, Glfw.MouseButtonLeft) == Glfw.Press)
        {
            Glfw.GetCursorPos(_window, out double x, out _);
            _divider = (uint)Math.Clamp((int)x, 0, _display.Width - 1);
        }
    }

    private void ChangeMode(int delta)
    {
        _modeIndex = Math.Clamp(_modeIndex + delta, 0, Modes.Length - 1);
        _needRecreate = true;
    }

    private void Recreate(int fw, int fh)
    {
        _gpu.WaitIdle();
        Swapchain? old = _swapchain;
        _swapchain = new Swapchain(_gpu, fw, fh, _vsync, old);
        old?.Dispose();
        foreach (VkSemaphore s in _rendered) _gpu.Vk.DestroySemaphore(_gpu.Device, s, null);
        _rendered = new VkSemaphore[_swapchain.Images.Length];
        var sci = new SemaphoreCreateInfo { SType = StructureType.SemaphoreCreateInfo };
        for (int i = 0; i < _rendered.Length; i++)
            VkCheck.Ok(_gpu.Vk.CreateSemaphore(_gpu.Device, in sci, null, out _rendered[i]), "vkCreateSemaphore");

        var display = new FrameSize((int)_swapchain.Extent.Width, (int)_swapchain.Extent.Height);
        FrameSize render = QualityModes.RenderSize(display.Width, display.Height, Modes[_modeIndex]);
        if (display != _display || _outA == null)
        {
            if (_outA != null) _compose.FreeSet(_composeSet);
            foreach (VulkanBuffer? b in new[] { _outA, _outB, _present })
            {
                if (b == null) continue;
                foreach (MethodStatus s in _methods) (s.Upscaler as ComputeUpscaler)?.Forget(b);
                b.Dispose();
            }
            ulong bytes = 4UL * (ulong)display.Width * (ulong)display.Height;
            _outA = _gpu.CreateBuffer(bytes, BufferUsageFlags.StorageBufferBit, "left output");
            _outB = _gpu.CreateBuffer(bytes, BufferUsageFlags.StorageBufferBit, "right output");
            _present = _gpu.CreateBuffer(bytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit, "present frame");
            _composeSet = _compose.CreateSet(_outA, _outB, _hud.Buffer, _present);
            _divider = (uint)display.Width / 2;
        }
        if (render != _render || display != _display)
        {
            foreach (MethodStatus s in _methods) (s.Upscaler as ComputeUpscaler)?.Forget(_scene.Target(_render.Width, _render.Height).Pixels);
            _scene.ReleaseTargetsExcept((render.Width, render.Height));
        }
        _display = display;
        _render = render;
        _needRecreate = false;
        _timestampsPending = false;
        Glfw.SetWindowTitle(_window, $"Ctmsr demo: {_render} -> {_display}");
    }

    /// <summary>Renders, upscales, composes and presents one frame; false when the swapchain had to be recreated first.</summary>
    private bool DrawFrame()
    {
        Vk vk = _gpu.Vk;
        Fence fence = _inFlight;
        VkCheck.Ok(vk.WaitForFences(_gpu.Device, 1, in fence, true, ulong.MaxValue), "vkWaitForFences");
        if (_timestampsPending)
        {
            _timer.Read(4);
            _gpuUpscaleMs = _timer.Milliseconds(1, 2);
            _gpuFrameMs = _timer.Milliseconds(0, 3);
            _timestampsPending = false;
        }
        Result acquired = _swapchain!.Acquire(_acquired, out uint image);
        if (acquired == Result.ErrorOutOfDateKhr)
        {
            _needRecreate = true;
            return false;
        }
        VkCheck.Ok(vk.ResetFences(_gpu.Device, 1, in fence), "vkResetFences");

        RenderTarget lr = _scene.Target(_render.Width, _render.Height);
        float mipBias = QualityModes.MipBias(_render.Width, _display.Width);
        FrameUpscaler a = _methods[_methodA].Upscaler!, b = _methods[_methodB].Upscaler!;
        bool host = !a.RecordsOnGpu || (_split && !b.RecordsOnGpu);
        _hostUpscaleMs = double.NaN;
        if (host)
        {
            // Host methods need the rendered frame in host memory first: render, wait, upscale on the CPU side.
            _gpu.Begin(_preCmd);
            _scene.Record(_preCmd, lr, _frame, mipBias);
            _gpu.SubmitAndWait(_preCmd);
            long t0 = Stopwatch.GetTimestamp();
            if (!a.RecordsOnGpu) a.Upscale(lr.Pixels.Span, _render, _outA!.Span, _display);
            if (_split && !b.RecordsOnGpu) b.Upscale(lr.Pixels.Span, _render, _outB!.Span, _display);
            _hostUpscaleMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        if (_clock.ElapsedMilliseconds - _hudUpdatedMs >= 250 || _hudDirty)
        {
            UpdateHud(a, b);
            _hudUpdatedMs = _clock.ElapsedMilliseconds;
            _hudDirty = false;
        }
        CommandBuffer cmd = _cmd;
        _gpu.Begin(cmd);
        _timer.Reset(cmd);
        _timer.MarkStart(cmd, 0);
        if (!host) _scene.Record(cmd, lr, _frame, mipBias);
        _timer.MarkAfter(cmd, 1, host ? PipelineStageFlags.TransferBit : _scene.LastStage);
        PipelineStageFlags upscaleStage = PipelineStageFlags.TransferBit;
        if (a.RecordsOnGpu)
        {
            a.Record(cmd, lr.Pixels, _render, _outA!, _display, false);
            upscaleStage = a.LastStage;
        }
        if (_split && b.RecordsOnGpu)
        {
            b.Record(cmd, lr.Pixels, _render, _outB!, _display, false);
            upscaleStage = b.LastStage;
        }
        _timer.MarkAfter(cmd, 2, upscaleStage);
        _gpu.Barrier(cmd);
        Glfw.GetCursorPos(_window, out double mx, out double my);
        float graphMax = Math.Max(34f, _hud.MaxFrameTime() * 1.1f);
        var push = new ComposePush
        {
            Width = (uint)_display.Width, Height = (uint)_display.Height, SwapRedBlue = _swapchain.SwapRedBlue ? 1u : 0u,
            Split = _split ? 1u : 0u, Divider = _divider,
            Lens = _lens ? 1u : 0u, LensX = (uint)Math.Clamp(mx, 0, _display.Width - 1), LensY = (uint)Math.Clamp(my, 0, _display.Height - 1),
            LensRadius = (uint)Math.Max(16, Math.Min(_display.Width, _display.Height) / 6), Zoom = 4,
            ShowHud = _showHud ? 1u : 0u, TextOffset = (uint)HudOverlay.TextOffset, TextColumns = HudOverlay.Columns, TextRows = HudOverlay.Rows,
            GraphOffset = (uint)HudOverlay.GraphOffset, GraphCount = HudOverlay.GraphFrames, GraphMaxMs = graphMax, GraphBudgetMs = 1000f / 60f,
        };
        _compose.Record(cmd, _composeSet, in push, (uint)_display.Width, (uint)_display.Height);
        _gpu.Barrier(cmd);
        Image target = _swapchain.Images[image];
        GpuImage.TransitionImage(vk, cmd, target, ImageAspectFlags.ColorBit, 1, 1, ImageLayout.Undefined, ImageLayout.TransferDstOptimal);
        var region = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageExtent = new Extent3D((uint)_display.Width, (uint)_display.Height, 1),
        };
        vk.CmdCopyBufferToImage(cmd, _present!.Buffer, target, ImageLayout.TransferDstOptimal, 1, in region);
        GpuImage.TransitionImage(vk, cmd, target, ImageAspectFlags.ColorBit, 1, 1, ImageLayout.TransferDstOptimal, ImageLayout.PresentSrcKhr);
        _timer.MarkAfter(cmd, 3, PipelineStageFlags.TransferBit);
        VkCheck.Ok(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");

        VkSemaphore wait = _acquired, signal = _rendered[image];
        PipelineStageFlags stage = PipelineStageFlags.TransferBit;
        var si = new SubmitInfo
        {
            SType = StructureType.SubmitInfo,
            WaitSemaphoreCount = 1,
            PWaitSemaphores = &wait,
            PWaitDstStageMask = &stage,
            CommandBufferCount = 1,
            PCommandBuffers = &cmd,
            SignalSemaphoreCount = 1,
            PSignalSemaphores = &signal,
        };
        VkCheck.Ok(vk.QueueSubmit(_gpu.Queue, 1, in si, fence), "vkQueueSubmit");
        _timestampsPending = true;
        Result presented = _swapchain.Present(signal, image);
        if (presented is Result.ErrorOutOfDateKhr or Result.SuboptimalKhr || acquired == Result.SuboptimalKhr) _needRecreate = true;
        return true;
    }

    private void UpdateHud(FrameUpscaler a, FrameUpscaler b)
    {
        var inv = CultureInfo.InvariantCulture;
        Line(0, "CTMSR DEMO   H: HUD ON/OFF");
        Line(1, _split ? $"A (LEFT): {a.Name}   B (RIGHT): {b.Name}" : $"METHOD: {a.Name}");
        Line(2, string.Create(inv, $"RENDER {_render.Width}X{_render.Height} -> {_display.Width}X{_display.Height}  {Modes[_modeIndex]} ({QualityModes.Ratio(Modes[_modeIndex]):0.0}X)  SSAA {_scene.Supersampling}X{_scene.Supersampling}"));
        string up = double.IsNaN(_hostUpscaleMs) ? "" : string.Create(inv, $"  HOST UPSCALE {_hostUpscaleMs:0.0} MS");
        Line(3, string.Create(inv, $"GPU UPSCALE {Ms(_gpuUpscaleMs)}  GPU FRAME {Ms(_gpuFrameMs)}{up}"));
        Line(4, string.Create(inv, $"FPS {_fps:0.0}  FRAME {_frame}{(_paused ? "  PAUSED" : "")}  VSYNC {(_vsync ? "ON" : "OFF")}"));
        Line(5, "1-6 METHOD  M NEXT  Q/E MODE  S SPLIT (DRAG)  B RIGHT METHOD");
        Line(6, "Z LENS  SPACE PAUSE  . STEP  V VSYNC  ESC QUIT");
        Line(7, _status);
    }

    private static string Ms(double v) => double.IsNaN(v) ? "N/A" : v.ToString("0.00", CultureInfo.InvariantCulture) + " MS";

    private void Line(int row, string text) => _hud.SetLine(row, text);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _gpu.WaitIdle();
        foreach (MethodStatus s in _methods) s.Upscaler?.Dispose();
        _compose.Dispose();
        _hud.Dispose();
        _timer.Dispose();
        _outA?.Dispose();
        _outB?.Dispose();
        _present?.Dispose();
        foreach (VkSemaphore s in _rendered) _gpu.Vk.DestroySemaphore(_gpu.Device, s, null);
        _gpu.Vk.DestroySemaphore(_gpu.Device, _acquired, null);
        _gpu.Vk.DestroyFence(_gpu.Device, _inFlight, null);
        _swapchain?.Dispose();
        _scene.Dispose();
        _gpu.Dispose();
        Glfw.DestroyWindow(_window);
        Glfw.Terminate();
    }
}
