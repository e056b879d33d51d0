using System.Reflection;
using Ctmsr.Runtime;

namespace Ctmsr.Unity
{
    /// <summary>The package's identity and a one-line description of a context, for a log line or a bug report.</summary>
    public static class CtmsrPackage
    {
        /// <summary>The Unity package's name.</summary>
        public const string Name = "com.ctmsr.runtime";

        /// <summary>The version of the Ctmsr.Runtime plugin the package carries.</summary>
        public static string RuntimeVersion
        {
            get
            {
                var attribute = typeof(UpscalerContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>();
                return attribute != null ? attribute.InformationalVersion : typeof(UpscalerContext).Assembly.GetName().Version.ToString();
            }
        }

        /// <summary>"Ctmsr 0.1.0: 960x540 -> 1920x1080 on Cpu (reason)".</summary>
        public static string Describe(UpscalerContext context)
        {
            return "Ctmsr " + RuntimeVersion + ": " + context.RenderSize.Width + "x" + context.RenderSize.Height + " -> "
                   + context.DisplaySize.Width + "x" + context.DisplaySize.Height + " on " + context.Backend + " ("
                   + context.BackendReason + ")";
        }
    }
}
