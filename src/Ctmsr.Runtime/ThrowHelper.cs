using System;
using System.Diagnostics.CodeAnalysis;

namespace Ctmsr.Runtime;

/// <summary>Cold throw paths, kept out of line so the per-frame methods stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string message, string paramName) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowObjectDisposed(string objectName) => throw new ObjectDisposedException(objectName);

    [DoesNotReturn]
    public static void ThrowConcurrentUse() => throw new InvalidOperationException(
        "another call on this UpscalerContext is running; a context is used from one thread at a time");
}
