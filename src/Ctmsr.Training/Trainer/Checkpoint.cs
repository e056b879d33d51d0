using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ctmsr.Training.Nets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctmsr.Training.Trainer;

/// <summary>
/// One file holding a run's state: info JSON, the online, EMA and (in the DTM stage) frozen weights, and the AdamW
/// state. Written atomically (temp file + rename) so a crash never leaves a half-written checkpoint, and sealed with a
/// SHA-256 of its contents so that a flipped or overwritten byte is refused on resume and export instead of training
/// on (or exporting) a silently wrong weight, iteration or optimizer state.
/// </summary>
/// <remarks>
/// Format 2: "CTMSRCK2" | payload length (int64, little-endian) | SHA-256 of the payload (32 bytes) | payload.
/// The payload is what format 1 ("CTMSRCK1") held after its magic: the info JSON (a BinaryWriter string), the modules,
/// a has-optimizer flag and the optimizer state. Format 1 files are still read (with a warning that they cannot be
/// verified) so no run is lost; every checkpoint written is format 2.
/// </remarks>
public static class Checkpoint
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("CTMSRCK2");
    private static readonly byte[] LegacyMagic = Encoding.ASCII.GetBytes("CTMSRCK1");

    /// <summary>Magic, payload length and SHA-256: the bytes before the payload.</summary>
    public const int HeaderSize = 8 + 8 + 32;

    /// <summary>Where the warning about an unverifiable (format 1) checkpoint goes; null to drop it.</summary>
    public static TextWriter? Warnings { get; set; } = Console.Error;

    public static void Save(string path, CheckpointInfo info, CompactSrNet online, CompactSrNet ema,
        CompactSrNet? frozen, OptimizerHelper? optimizer)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(JsonSerializer.Serialize(info with { HasFrozen = frozen != null }, TrainOptions.Json));
            WriteModule(w, online);
            WriteModule(w, ema);
            if (frozen != null) WriteModule(w, frozen);
            w.Write(optimizer != null);
            optimizer?.save_state_dict(w);
        }
        var body = new ReadOnlySpan<byte>(payload.GetBuffer(), 0, (int)payload.Length);
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], body.Length);
        SHA256.HashData(body, header[16..]);
        string tmp = full + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(header);
            fs.Write(body);
            fs.Flush(flushToDisk: true);
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
        try
        {
            Guard(path, () =>
            {
                ReadModule(r, null);
                ReadModule(r, net);
            });
        }
        catch
        {
            net.Dispose();
            throw;
        }
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

    /// <summary>
    /// Reads the file, checks its header, length and checksum, and returns a reader over the verified payload.
    /// A format 1 file has no checksum: it is read as it is, with a warning.
    /// </summary>
    private static BinaryReader Open(string path)
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"checkpoint '{path}' is a directory, not a checkpoint file");
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"checkpoint '{path}' cannot be read: {e.Message}", e);
        }
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, 7).SequenceEqual(Magic.AsSpan(0, 7)))
            throw new InvalidDataException($"'{path}' is not a Ctmsr checkpoint (bad header: it does not start with CTMSRCK)");
        if (bytes.AsSpan(0, 8).SequenceEqual(LegacyMagic))
        {
            Warnings?.WriteLine($"warning: checkpoint '{path}' is format 1, which carries no checksum: its contents cannot be " +
                                "verified. Checkpoints written from now on carry one.");
            return new BinaryReader(new MemoryStream(bytes, 8, bytes.Length - 8, writable: false));
        }
        if (!bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"checkpoint '{path}' is format '{(char)bytes[7]}'; this trainer reads formats 1 and 2");
        if (bytes.Length < HeaderSize)
            throw new InvalidDataException($"checkpoint '{path}' is truncated: {bytes.Length} bytes, fewer than its {HeaderSize}-byte header");
        long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        long held = bytes.Length - HeaderSize;
        if (length != held)
            throw new InvalidDataException(
                $"checkpoint '{path}' is truncated or corrupt: its header gives a payload of {length} bytes, the file holds {held}");
        var body = bytes.AsSpan(HeaderSize);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        if (!hash.SequenceEqual(bytes.AsSpan(16, 32)))
            throw new InvalidDataException(
                $"checkpoint '{path}' is corrupt: the SHA-256 of its {held}-byte payload is {Convert.ToHexStringLower(hash)[..16]}..., " +
                $"its header says {Convert.ToHexStringLower(bytes.AsSpan(16, 32))[..16]}... (a changed byte); refusing to resume or " +
                "export from it. Use an earlier copy, or start the run again");
        return new BinaryReader(new MemoryStream(bytes, HeaderSize, bytes.Length - HeaderSize, writable: false));
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
        catch (Exception e) when (e is JsonException or EndOfStreamException or IOException or FormatException or
                                      ArgumentException or NotSupportedException or InvalidOperationException or OutOfMemoryException)
        {
            throw new InvalidDataException($"checkpoint '{path}' has a corrupt header: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs a read of the tensors; whatever a corrupt (format 1, unverified) file makes the readers throw becomes one
    /// InvalidDataException naming the file.
    /// </summary>
    private static void Guard(string path, Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException or
                                      OverflowException or OutOfMemoryException or InvalidOperationException or
                                      NotSupportedException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"checkpoint '{path}' is truncated or corrupt: {e.Message}", e);
        }
        catch (InvalidDataException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"checkpoint '{path}' is corrupt: {e.Message}", e);
        }
    }

    public static CompactSrNet NewNet(TrainOptions o) =>
        new(NetPreset.Parse(o.Preset), o.Scale, cancelSkipNoise: o.SkipNoise == "cancel");

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
            Tensor? dst = null;
            if (sd != null && !sd.TryGetValue(name, out dst))
                throw new InvalidDataException($"the checkpoint has tensor '{name}', which this network lacks");
            long[] shape = CheckTensorRecord(r, name);
            if (dst is not null && !dst.shape.SequenceEqual(shape))
                throw new InvalidDataException(
                    $"tensor '{name}' is [{string.Join(",", shape)}] in the checkpoint, [{string.Join(",", dst.shape)}] here");
            using var t = TensorExtensionMethods.Load(r);
            if (dst is null) continue;
            using (torch.no_grad()) dst.copy_(t);
        }
    }

    /// <summary>Bytes per element of the dtypes a TorchSharp tensor record may hold, by ScalarType code.</summary>
    private static readonly Dictionary<long, int> ElementSizes = new()
    {
        [0] = 1, [1] = 1, [2] = 2, [3] = 4, [4] = 8, [5] = 2, [6] = 4, [7] = 8, [9] = 8, [10] = 16, [11] = 1, [15] = 2,
    };

    /// <summary>
    /// Reads a tensor record's header (TorchSharp's format: dtype, rank and dims as LEB128, then the data) without
    /// consuming it, and checks that it describes a tensor whose data the stream holds. TorchSharp's loader trusts
    /// these numbers (it allocates and copies by them), so an unverified file must not reach it unchecked.
    /// </summary>
    private static long[] CheckTensorRecord(BinaryReader r, string name)
    {
        Stream s = r.BaseStream;
        long start = s.Position;
        long dtype = Leb128(r), rank = Leb128(r);
        if (!ElementSizes.TryGetValue(dtype, out int size))
            throw new InvalidDataException($"tensor '{name}' has an unknown element type code {dtype}");
        if (rank is < 0 or > 8)
            throw new InvalidDataException($"tensor '{name}' has rank {rank}");
        var shape = new long[rank];
        long elements = 1;
        long left = s.Length - start;
        for (int d = 0; d < rank; d++)
        {
            shape[d] = Leb128(r);
            if (shape[d] < 0 || shape[d] > left) throw new InvalidDataException($"tensor '{name}' has a dimension of {shape[d]}");
            elements *= shape[d];
            if (elements > left) break;
        }
        long bytes = elements * size;
        if (elements > left || bytes > s.Length - s.Position)
            throw new InvalidDataException(
                $"tensor '{name}' [{string.Join(",", shape)}] needs more bytes than the {s.Length - s.Position} left in the file");
        s.Position = start;
        return shape;
    }

    private static long Leb128(BinaryReader r)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = r.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("a tensor header number is longer than 10 bytes");
    }
}
