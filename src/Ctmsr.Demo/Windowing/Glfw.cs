using System.Runtime.InteropServices;

namespace Ctmsr.Demo.Windowing;

/// <summary>
/// The few GLFW 3.3 entry points the viewer needs, bound to the system's libglfw.so.3 (Silk.NET's windowing packages
/// are not available here). All calls are from the main thread, as GLFW requires.
/// </summary>
internal static unsafe partial class Glfw
{
    private const string Lib = "libglfw.so.3";

    public const int ClientApi = 0x00022001, NoApi = 0, Resizable = 0x00020003, True = 1, False = 0;
    public const int Release = 0, Press = 1, Repeat = 2;
    public const int MouseButtonLeft = 0;
    public const int KeySpace = 32, KeyPeriod = 46, Key0 = 48, KeyA = 65, KeyEscape = 256, KeyRight = 262, KeyLeft = 263;

    [LibraryImport(Lib, EntryPoint = "glfwInit")]
    public static partial int Init();

    [LibraryImport(Lib, EntryPoint = "glfwTerminate")]
    public static partial void Terminate();

    [LibraryImport(Lib, EntryPoint = "glfwGetError")]
    public static partial int GetError(byte** description);

    [LibraryImport(Lib, EntryPoint = "glfwVulkanSupported")]
    public static partial int VulkanSupported();

    [LibraryImport(Lib, EntryPoint = "glfwWindowHint")]
    public static partial void WindowHint(int hint, int value);

    [LibraryImport(Lib, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(int width, int height, string title, nint monitor, nint share);

    [LibraryImport(Lib, EntryPoint = "glfwDestroyWindow")]
    public static partial void DestroyWindow(nint window);

    [LibraryImport(Lib, EntryPoint = "glfwWindowShouldClose")]
    public static partial int WindowShouldClose(nint window);

    [LibraryImport(Lib, EntryPoint = "glfwSetWindowShouldClose")]
    public static partial void SetWindowShouldClose(nint window, int value);

    [LibraryImport(Lib, EntryPoint = "glfwSetWindowTitle", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetWindowTitle(nint window, string title);

    [LibraryImport(Lib, EntryPoint = "glfwSetWindowSize")]
    public static partial void SetWindowSize(nint window, int width, int height);

    [LibraryImport(Lib, EntryPoint = "glfwGetWindowPos")]
    public static partial void GetWindowPos(nint window, out int x, out int y);

    [LibraryImport(Lib, EntryPoint = "glfwGetFramebufferSize")]
    public static partial void GetFramebufferSize(nint window, out int width, out int height);

    [LibraryImport(Lib, EntryPoint = "glfwPollEvents")]
    public static partial void PollEvents();

    [LibraryImport(Lib, EntryPoint = "glfwWaitEventsTimeout")]
    public static partial void WaitEventsTimeout(double seconds);

    [LibraryImport(Lib, EntryPoint = "glfwGetCursorPos")]
    public static partial void GetCursorPos(nint window, out double x, out double y);

    [LibraryImport(Lib, EntryPoint = "glfwGetMouseButton")]
    public static partial int GetMouseButton(nint window, int button);

    [LibraryImport(Lib, EntryPoint = "glfwSetKeyCallback")]
    public static partial nint SetKeyCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, int, int, void> callback);

    [LibraryImport(Lib, EntryPoint = "glfwGetRequiredInstanceExtensions")]
    public static partial byte** GetRequiredInstanceExtensions(out uint count);

    [LibraryImport(Lib, EntryPoint = "glfwCreateWindowSurface")]
    public static partial int CreateWindowSurface(nint instance, nint window, nint allocator, out ulong surface);

    /// <summary>GLFW's last error as text, or "no error".</summary>
    public static string LastError()
    {
        byte* text = null;
        int code = GetError(&text);
        return code == 0 ? "no error" : $"GLFW error 0x{code:x}: {Marshal.PtrToStringUTF8((nint)text)}";
    }
}
