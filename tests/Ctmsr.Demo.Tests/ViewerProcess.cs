using System.Diagnostics;
using System.Text;

namespace Ctmsr.Demo.Tests;

/// <summary>ctmsr-demo view in a child process on an X display, its stdout collected line by line.</summary>
public sealed class ViewerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    public ViewerProcess(string display, params string[] args) : this(display, null, "view", args)
    {
    }

    /// <summary>Any verb, with extra environment variables.</summary>
    public ViewerProcess(string? display, IReadOnlyDictionary<string, string>? environment, string verb, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ctmsr-demo.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(verb);
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (display != null) psi.Environment["DISPLAY"] = display;
        else psi.Environment.Remove("DISPLAY");
        if (environment != null) foreach (var (k, v) in environment) psi.Environment[k] = v;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("ctmsr-demo did not start");
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_gate) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_gate) _output.AppendLine("stderr: " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; false on timeout or when the process ended first.</summary>
    public bool WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(100);
        }
        return false;
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)timeout.TotalMilliseconds)) throw new TimeoutException("the viewer did not exit in time:\n" + Output);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10000);
        _process.Dispose();
    }
}
