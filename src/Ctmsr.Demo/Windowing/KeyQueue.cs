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

    /// <summary>Queues a key as if it had been pressed (scripted key presses).</summary>
    public static void Push(int key) => Keys.Enqueue(key);

    /// <summary>The GLFW key code of a character of a key script: A-Z, 0-9, space, '.', and Esc as '!'.</summary>
    public static int? FromChar(char c) => char.ToUpperInvariant(c) switch
    {
        >= 'A' and <= 'Z' => Glfw.KeyA + (char.ToUpperInvariant(c) - 'A'),
        >= '0' and <= '9' => Glfw.Key0 + (c - '0'),
        ' ' => Glfw.KeySpace,
        '.' => Glfw.KeyPeriod,
        '!' => Glfw.KeyEscape,
        _ => null,
    };

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (action == Glfw.Press || action == Glfw.Repeat) Keys.Enqueue(key);
    }
}
