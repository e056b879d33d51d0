using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Ctmsr.Runtime.Onnx;

/// <summary>
/// One complete ("X") event of an ONNX Runtime profile file: a session run (<c>model_run</c>) or a node's kernel time
/// (<c>NAME_kernel_time</c>, with its operator). Times are microseconds from the profiler's start.
/// </summary>
internal readonly struct OrtProfileEvent
{
    private const string KernelSuffix = "_kernel_time";
    private static readonly Regex CategoryField = new Regex("\"cat\"\\s*:\\s*\"(?<v>[^\"]*)\"", RegexOptions.CultureInvariant);
    private static readonly Regex NameField = new Regex("\"name\"\\s*:\\s*\"(?<v>[^\"]*)\"", RegexOptions.CultureInvariant);
    private static readonly Regex OpField = new Regex("\"op_name\"\\s*:\\s*\"(?<v>[^\"]*)\"", RegexOptions.CultureInvariant);
    private static readonly Regex DurationField = new Regex("\"dur\"\\s*:\\s*(?<v>\\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex StartField = new Regex("\"ts\"\\s*:\\s*(?<v>\\d+)", RegexOptions.CultureInvariant);

    private OrtProfileEvent(bool isRun, string node, string op, long startUs, long durationUs)
    {
        IsRun = isRun;
        Node = node;
        Op = op;
        StartUs = startUs;
        DurationUs = durationUs;
    }

    /// <summary>True for a session run; false for a node's kernel time.</summary>
    public bool IsRun { get; }

    /// <summary>The node's name (without the profiler's suffix); empty for a run.</summary>
    public string Node { get; }

    /// <summary>The node's operator; empty for a run.</summary>
    public string Op { get; }

    public long StartUs { get; }
    public long DurationUs { get; }
    public long EndUs => StartUs + DurationUs;

    /// <summary>
    /// The runs and node kernel times of the file, each list sorted by start. ONNX Runtime writes one event per line;
    /// other events (loading, fences) are skipped.
    /// </summary>
    public static void Read(string path, List<OrtProfileEvent> runs, List<OrtProfileEvent> nodes)
    {
        foreach (string line in File.ReadLines(path))
        {
            Match category = CategoryField.Match(line), name = NameField.Match(line);
            if (!category.Success || !name.Success) continue;
            Match duration = DurationField.Match(line), start = StartField.Match(line);
            if (!duration.Success || !start.Success) continue;
            long ts = long.Parse(start.Groups["v"].Value, CultureInfo.InvariantCulture);
            long dur = long.Parse(duration.Groups["v"].Value, CultureInfo.InvariantCulture);
            string n = name.Groups["v"].Value;
            string cat = category.Groups["v"].Value;
            if (cat == "Session" && n == "model_run")
                runs.Add(new OrtProfileEvent(true, string.Empty, string.Empty, ts, dur));
            else if (cat == "Node" && n.EndsWith(KernelSuffix, StringComparison.Ordinal))
            {
                Match op = OpField.Match(line);
                nodes.Add(new OrtProfileEvent(false, n.Substring(0, n.Length - KernelSuffix.Length),
                    op.Success ? op.Groups["v"].Value : string.Empty, ts, dur));
            }
        }
        runs.Sort((a, b) => a.StartUs.CompareTo(b.StartUs));
        nodes.Sort((a, b) => a.StartUs.CompareTo(b.StartUs));
    }
}
