using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ctmsr.Training.Nets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctmsr.Training.Trainer;

/// <summary>What a checkpoint says about itself (stored as JSON at its start).</summary>
public sealed record CheckpointInfo
{
    public int FormatVersion { get; init; } = 1;

    /// <summary>Iterations completed; a resumed run continues with this iteration index.</summary>
    public long Iteration { get; init; }
    public TrainOptions Options { get; init; } = new();
    public double LastLoss { get; init; }
    public double WallSeconds { get; init; }
    public string CreatedUtc { get; init; } = "";
    public bool HasFrozen { get; init; }

    /// <summary>
    /// Iterations that shaped the starting weights before this run: a run started with --init-from counts its
    /// source's <see cref="Iteration"/> plus the source's own prior iterations. 0 for a run from scratch.
    /// </summary>
    public long PriorIterations { get; init; }

    /// <summary>All iterations behind these weights: the prior runs' and this run's.</summary>
    public long TotalIterations => PriorIterations + Iteration;

    public double SigmaMax => Options.SigmaMax;
    public int Scale => Options.Scale;
    public string Preset => Options.Preset;
    /// <summary>
    /// The objective's terms, e.g. "ctmsr-ct+anchor+fft" or "ctmsr-ct+dtm": CT always, then each realism term the run
    /// had (a t = 1 anchor, the FFT-amplitude or radial-spectrum distances, a DTM stage); "l1" for the baseline.
    /// </summary>
    public string Objective => Options.Objective != Trainer.Objective.Ctmsr ? "l1" :
        "ctmsr-ct" + (Options.AnchorWeight > 0 ? "+anchor" : "") + (Options.FrequencyWeight > 0 ? "+fft" : "") +
        (Options.SpectralWeight > 0 ? "+spectral" : "") + (Options.DtmIterations > 0 ? "+dtm" : "");

    /// <summary>The short JSON summary that goes into the model's <c>ctmsr.training</c> metadata.</summary>
    public string TrainingSummaryJson => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["data"] = Options.DataDescription,
        ["iterations"] = TotalIterations,
        ["prior_iterations"] = PriorIterations,
        ["dtm_iterations"] = Options.Objective == Trainer.Objective.Ctmsr
            ? Math.Max(0, Iteration - Options.CtIterations) : 0,
        ["objective"] = Objective,
        ["batch"] = Options.BatchSize,
        ["patch"] = Options.PatchSize,
        ["date"] = CreatedUtc.Length >= 10 ? CreatedUtc[..10] : CreatedUtc,
    });
}

/// <summary>
/// One file holding a run's state: info JSON, the online, EMA and (in the DTM stage) frozen weights, and the AdamW
/// state. Written atomically (temp file + rename) so a crash never leaves a half-written checkpoint.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("CTMSRCK1");

    public static void Save(string path, CheckpointInfo info, CompactSrNet online, CompactSrNet ema,
        CompactSrNet? frozen, OptimizerHelper? optimizer)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = full + ".tmp";
        using (var fs = File.Create(tmp))
        using (var w = new BinaryWriter(fs))
        {
            w.Write(Magic);
            w.Write(JsonSerializer.Serialize(info with { HasFrozen = frozen != null }, TrainOptions.Json));
            WriteModule(w, online);
            WriteModule(w, ema);
            if (frozen != null) WriteModule(w, frozen);
            w.Write(optimizer != null);
            optimizer?.save_state_dict(w);
        }
        File.Move(tmp, full, overwrite: true);
    }

    public static CheckpointInfo ReadInfo(string path)
    {
        using var r = Open(path);
        return ReadInfo(r, path);
    }

    /// <summary>Loads the EMA weights (what gets exported) into a new network.</summary>
    public static (CompactSrNet Net, CheckpointInfo Info) LoadEma(string path)
    {
        using var r = Open(path);
        var info = ReadInfo(r, path);
        var net = NewNet(info.Options);
        Guard(path, () =>
        {
            ReadModule(r, null);
            ReadModule(r, net);
        });
        return (net, info);
    }

    /// <summary>Loads everything into existing modules (built from the same options) for --resume.</summary>
    public static CheckpointInfo LoadInto(string path, CompactSrNet online, CompactSrNet ema, CompactSrNet? frozen,
        OptimizerHelper? optimizer)
    {
        using var r = Open(path);
        var info = ReadInfo(r, path);
        Guard(path, () =>
        {
            ReadModule(r, online);
            ReadModule(r, ema);
            if (info.HasFrozen) ReadModule(r, frozen);
            bool hasOpt = r.ReadBoolean();
            if (hasOpt && optimizer != null) optimizer.load_state_dict(r);
        });
        return info;
    }

    public static CompactSrNet NewNet(TrainOptions o) =>
        new(NetPreset.Parse(o.Preset), o.Scale, cancelSkipNoise: o.SkipNoise == "cancel");

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        var r = new BinaryReader(File.OpenRead(path));
        var magic = r.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            r.Dispose();
            throw new InvalidDataException($"'{path}' is not a Ctmsr checkpoint (bad header)");
        }
        return r;
    }

    private static CheckpointInfo ReadInfo(BinaryReader r, string path)
    {
        try
        {
            string json = r.ReadString();
            var info = JsonSerializer.Deserialize<CheckpointInfo>(json, TrainOptions.Json)
                ?? throw new InvalidDataException($"checkpoint '{path}' has an empty header");
            // Checkpoints written before --skip-noise existed trained F with the plain residual y.
            if (JsonNode.Parse(json)?["Options"] is JsonObject o && !o.ContainsKey(nameof(TrainOptions.SkipNoise)))
                info = info with { Options = info.Options with { SkipNoise = "keep" } };
            return info;
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException)
        {
            throw new InvalidDataException($"checkpoint '{path}' has a corrupt header: {e.Message}", e);
        }
    }

    private static void Guard(string path, Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"checkpoint '{path}' is truncated or corrupt: {e.Message}", e);
        }
    }

    private static void WriteModule(BinaryWriter w, nn.Module module)
    {
        var sd = module.state_dict();
        w.Write(sd.Count);
        foreach (var (name, tensor) in sd)
        {
            w.Write(name);
            tensor.Save(w);
        }
    }

    private static void ReadModule(BinaryReader r, nn.Module? module)
    {
        int count = r.ReadInt32();
        var sd = module?.state_dict();
        if (sd != null && sd.Count != count)
            throw new InvalidDataException($"the checkpoint has {count} tensors for a module of {sd.Count}");
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            using var t = TensorExtensionMethods.Load(r);
            if (sd == null) continue;
            if (!sd.TryGetValue(name, out var dst))
                throw new InvalidDataException($"the checkpoint has tensor '{name}', which this network lacks");
            if (!dst.shape.SequenceEqual(t.shape))
                throw new InvalidDataException(
                    $"tensor '{name}' is [{string.Join(",", t.shape)}] in the checkpoint, [{string.Join(",", dst.shape)}] here");
            using (torch.no_grad()) dst.copy_(t);
        }
    }
}
