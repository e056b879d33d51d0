using System;
using System.Diagnostics.CodeAnalysis;

namespace Ctmsr.Runtime
{
    /// <summary>Cold throw paths, kept out of line so the per-frame methods stay small.</summary>
    internal static class ThrowHelper
    {
        [DoesNotReturn]
        public static void ThrowArgument(string message, string paramName) => throw new ArgumentException(message, paramName);

        [DoesNotReturn]
        public static void ThrowObjectDisposed(string objectName) => throw new ObjectDisposedException(objectName);
    }
}
