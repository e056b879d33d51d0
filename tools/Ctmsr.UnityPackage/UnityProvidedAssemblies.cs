namespace Ctmsr.UnityPackage;

/// <summary>
/// The assemblies a Unity project with API Compatibility Level ".NET Standard 2.1" (Unity 2021.2 and later) provides
/// itself, so the package must neither ship them (two assemblies of one name stop Unity's compilation) nor be missing
/// them. The set is the .NET Standard 2.1 reference set: netstandard.dll and its facades, exactly the file names of
/// NETStandard.Library.Ref 2.1.0 (ref/netstandard2.1), which is also what the sample is compiled against here.
/// It includes System.Memory, System.Buffers, System.Numerics.Vectors and System.Threading.Tasks.Extensions (inbox
/// since Unity 2021.2); it does not include System.Runtime.CompilerServices.Unsafe, which Unity removed from its
/// profiles, so the package carries that one.
/// </summary>
public static class UnityProvidedAssemblies
{
    /// <summary>The newest netstandard version a package assembly may reference.</summary>
    public static readonly Version NetStandardVersion = new(2, 1, 0, 0);

    /// <summary>
    /// The versions in the reference set of the assemblies the package's plugins reference (NETStandard.Library.Ref
    /// 2.1.0); a plugin that wants a newer one would not bind.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Version> Versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase)
    {
        ["netstandard"] = NetStandardVersion,
        ["System.Memory"] = new(4, 0, 2, 0),
        ["System.Buffers"] = new(4, 0, 3, 0),
        ["System.Threading.Tasks.Extensions"] = new(4, 2, 1, 0),
        ["System.Numerics.Vectors"] = new(4, 1, 5, 0),
    };

    /// <summary>Simple names (no ".dll") of the assemblies Unity's .NET Standard 2.1 profile provides.</summary>
    public static readonly IReadOnlyCollection<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "netstandard", "mscorlib", "System", "System.Core", "Microsoft.Win32.Primitives", "System.AppContext",
        "System.Buffers", "System.Collections.Concurrent", "System.Collections.NonGeneric",
        "System.Collections.Specialized", "System.Collections", "System.ComponentModel.Composition",
        "System.ComponentModel.EventBasedAsync", "System.ComponentModel.Primitives",
        "System.ComponentModel.TypeConverter", "System.ComponentModel", "System.Console", "System.Data.Common",
        "System.Data", "System.Diagnostics.Contracts", "System.Diagnostics.Debug", "System.Diagnostics.FileVersionInfo",
        "System.Diagnostics.Process", "System.Diagnostics.StackTrace", "System.Diagnostics.TextWriterTraceListener",
        "System.Diagnostics.Tools", "System.Diagnostics.TraceSource", "System.Diagnostics.Tracing",
        "System.Drawing.Primitives", "System.Drawing", "System.Dynamic.Runtime", "System.Globalization.Calendars",
        "System.Globalization.Extensions", "System.Globalization", "System.IO.Compression.FileSystem",
        "System.IO.Compression.ZipFile", "System.IO.Compression", "System.IO.FileSystem.DriveInfo",
        "System.IO.FileSystem.Primitives", "System.IO.FileSystem.Watcher", "System.IO.FileSystem",
        "System.IO.IsolatedStorage", "System.IO.MemoryMappedFiles", "System.IO.Pipes", "System.IO.UnmanagedMemoryStream",
        "System.IO", "System.Linq.Expressions", "System.Linq.Parallel", "System.Linq.Queryable", "System.Linq",
        "System.Memory", "System.Net.Http", "System.Net.NameResolution", "System.Net.NetworkInformation",
        "System.Net.Ping", "System.Net.Primitives", "System.Net.Requests", "System.Net.Security", "System.Net.Sockets",
        "System.Net.WebHeaderCollection", "System.Net.WebSockets.Client", "System.Net.WebSockets", "System.Net",
        "System.Numerics.Vectors", "System.Numerics", "System.ObjectModel", "System.Reflection.DispatchProxy",
        "System.Reflection.Emit.ILGeneration", "System.Reflection.Emit.Lightweight", "System.Reflection.Emit",
        "System.Reflection.Extensions", "System.Reflection.Primitives", "System.Reflection", "System.Resources.Reader",
        "System.Resources.ResourceManager", "System.Resources.Writer", "System.Runtime.CompilerServices.VisualC",
        "System.Runtime.Extensions", "System.Runtime.Handles", "System.Runtime.InteropServices.RuntimeInformation",
        "System.Runtime.InteropServices", "System.Runtime.Numerics", "System.Runtime.Serialization.Formatters",
        "System.Runtime.Serialization.Json", "System.Runtime.Serialization.Primitives",
        "System.Runtime.Serialization.Xml", "System.Runtime.Serialization", "System.Runtime", "System.Security.Claims",
        "System.Security.Cryptography.Algorithms", "System.Security.Cryptography.Csp",
        "System.Security.Cryptography.Encoding", "System.Security.Cryptography.Primitives",
        "System.Security.Cryptography.X509Certificates", "System.Security.Principal", "System.Security.SecureString",
        "System.ServiceModel.Web", "System.Text.Encoding.Extensions", "System.Text.Encoding",
        "System.Text.RegularExpressions", "System.Threading.Overlapped", "System.Threading.Tasks.Extensions",
        "System.Threading.Tasks.Parallel", "System.Threading.Tasks", "System.Threading.Thread",
        "System.Threading.ThreadPool", "System.Threading.Timer", "System.Threading", "System.Transactions",
        "System.ValueTuple", "System.Web", "System.Windows", "System.Xml.Linq", "System.Xml.ReaderWriter",
        "System.Xml.Serialization", "System.Xml.XDocument", "System.Xml.XPath.XDocument", "System.Xml.XPath",
        "System.Xml.XmlDocument", "System.Xml.XmlSerializer", "System.Xml",
    };

    /// <summary>Whether Unity provides the assembly of this simple name.</summary>
    public static bool Contains(string simpleName) => ((HashSet<string>)Names).Contains(simpleName);
}
