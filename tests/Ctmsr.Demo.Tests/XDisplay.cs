using System.Diagnostics;

namespace Ctmsr.Demo.Tests;

/// <summary>
/// The X display the window tests use: $DISPLAY when set (.ci/run starts Xvfb :99), else an Xvfb this fixture starts
/// and stops itself.
/// </summary>
public sealed class XDisplay : IDisposable
{
    private readonly Process? _xvfb;

    private XDisplay(string name, Process? xvfb)
    {
        Name = name;
        _xvfb = xvfb;
    }

    public string Name { get; }

    public static XDisplay Open()
    {
        string? existing = Environment.GetEnvironmentVariable("DISPLAY");
        if (!string.IsNullOrEmpty(existing)) return new XDisplay(existing, null);
        string name = ":" + (90 + Environment.ProcessId % 9).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var psi = new ProcessStartInfo("Xvfb", $"{name} -screen 0 1280x800x24 -nolisten tcp") { UseShellExecute = false, RedirectStandardError = true };
        Process xvfb;
        try
        {
            xvfb = Process.Start(psi) ?? throw new InvalidOperationException("Xvfb did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("no DISPLAY and no Xvfb to start (apt-get install xvfb; .ci/install-deps does)", ex);
        }
        xvfb.ErrorDataReceived += (_, _) => { };
        xvfb.BeginErrorReadLine();
        var display = new XDisplay(name, xvfb);
        // Ready when a client can take a screenshot of it.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (xvfb.HasExited) throw new InvalidOperationException($"Xvfb {name} exited with {xvfb.ExitCode}");
            try
            {
                display.Screenshot(0, 0, 8, 8);
                return display;
            }
            catch (InvalidOperationException)
            {
                Thread.Sleep(200);
            }
        }
        display.Dispose();
        throw new InvalidOperationException($"Xvfb {name} did not accept clients within 15 s");
    }

    /// <summary>A region of the root window as PNG bytes, taken with ImageMagick's import.</summary>
    public byte[] Screenshot(int x, int y, int width, int height)
    {
        var psi = new ProcessStartInfo("import", $"-window root -crop {width}x{height}+{x}+{y} png:-")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["DISPLAY"] = Name;
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("import did not start");
        using var png = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(png);
        Task<string> err = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30000))
        {
            p.Kill();
            throw new InvalidOperationException("import did not finish within 30 s");
        }
        copy.Wait();
        if (p.ExitCode != 0 || png.Length == 0) throw new InvalidOperationException($"import failed ({p.ExitCode}): {err.Result}");
        return png.ToArray();
    }

    public void Dispose()
    {
        if (_xvfb == null) return;
        if (!_xvfb.HasExited) _xvfb.Kill();
        _xvfb.WaitForExit(5000);
        _xvfb.Dispose();
    }
}
