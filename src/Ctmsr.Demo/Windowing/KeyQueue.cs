using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ctmsr.Demo.Windowing;

/// <summary>
/// Key presses from GLFW's key callback, queued for the frame loop. The callback is a static unmanaged function, so
/// there is no delegate for the garbage collector to move or collect; GLFW calls it on the main thread.
/// </summary>
public static unsafe class KeyQueue
{
    private static readonly Queue<int> Keys = new();

    public static void Attach(nint window) => Glfw.SetKeyCallback(window, &OnKey);

    public static bool TryTake(out int key) => Keys.TryDequeue(out key);

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (action == Glfw.Press || action == Glfw.Repeat) Keys.Enqueue(key);
    }
}
