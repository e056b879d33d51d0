using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.OnnxRuntime;

namespace Ctmsr.Runtime.Models
{
    /// <summary>
    /// A CTMSR model that has been read and checked against the model contract: its bytes plus what its metadata says.
    /// Immutable and backend-neutral; backends (for example the ONNX Runtime backend of <see cref="UpscalerContext"/>)
    /// build their own sessions from it. Holds no native resources.
    /// </summary>
    public sealed class CtmsrModel
    {
        private readonly byte[] _bytes;

        private CtmsrModel(byte[] bytes, string source, ContractFacts facts, IReadOnlyDictionary<string, string> metadata)
        {
            _bytes = bytes;
            Source = source;
            Scale = facts.Scale;
            SigmaMax = facts.SigmaMax;
            Preset = facts.Preset;
            MacPerPixel = facts.MacPerPixel;
            TrainingSummary = facts.TrainingSummary;
            Metadata = metadata;
        }

        /// <summary>Where the model came from: the full file path, or the name given to a stream or byte load.</summary>
        public string Source { get; }

        /// <summary>The integer upscaling factor s (2 to 4), from metadata <c>ctmsr.scale</c>.</summary>
        public int Scale { get; }

        /// <summary>The trajectory's noise level, from metadata <c>ctmsr.sigma_max</c>.</summary>
        public float SigmaMax { get; }

        /// <summary>The network preset name (metadata <c>ctmsr.preset</c>), or null when the model does not say.</summary>
        public string? Preset { get; }

        /// <summary>Multiply-accumulates per output pixel (metadata <c>ctmsr.mac_per_px</c>), or null when absent.</summary>
        public double? MacPerPixel { get; }

        /// <summary>The JSON training summary (metadata <c>ctmsr.training</c>), or null when absent.</summary>
        public string? TrainingSummary { get; }

        /// <summary>All custom metadata of the model, as read.</summary>
        public IReadOnlyDictionary<string, string> Metadata { get; }

        /// <summary>The size of the ONNX file in bytes.</summary>
        public int SizeInBytes => _bytes.Length;

        /// <summary>The ONNX bytes; owned by this model and never modified.</summary>
        internal byte[] Bytes => _bytes;

        /// <summary>Reads and checks the model in the file at <paramref name="path"/>.</summary>
        /// <exception cref="CtmsrModelException">The file is missing, unreadable, not ONNX, or breaks the contract.</exception>
        public static CtmsrModel Load(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (path.Length == 0) throw new ArgumentException("the model path is empty", nameof(path));
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw new CtmsrModelException(path, "the path is not valid: " + ex.Message, ex);
            }

            if (Directory.Exists(full)) throw new CtmsrModelException(full, "the path is a directory, not a model file");
            if (!File.Exists(full)) throw new CtmsrModelException(full, "the file does not exist");
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(full);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CtmsrModelException(full, "the file cannot be read: " + ex.Message, ex);
            }
            return FromOwnedBytes(bytes, full);
        }

        /// <summary>Reads the whole of <paramref name="stream"/> and checks the model. The stream is not disposed.</summary>
        /// <param name="stream">A readable stream positioned at the start of the ONNX bytes.</param>
        /// <param name="sourceName">A name for messages; defaults to "(stream)".</param>
        /// <exception cref="CtmsrModelException">The bytes are not ONNX or break the contract.</exception>
        public static CtmsrModel Load(Stream stream, string? sourceName = null)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            string source = sourceName ?? "(stream)";
            byte[] bytes;
            try
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            catch (IOException ex)
            {
                throw new CtmsrModelException(source, "the stream cannot be read: " + ex.Message, ex);
            }
            return FromOwnedBytes(bytes, source);
        }

        /// <summary>Checks the model held in <paramref name="onnxBytes"/>; the bytes are copied.</summary>
        /// <param name="onnxBytes">The serialized ONNX model.</param>
        /// <param name="sourceName">A name for messages; defaults to "(memory)".</param>
        /// <exception cref="CtmsrModelException">The bytes are not ONNX or break the contract.</exception>
        public static CtmsrModel Load(byte[] onnxBytes, string? sourceName = null)
        {
            if (onnxBytes is null) throw new ArgumentNullException(nameof(onnxBytes));
            return FromOwnedBytes((byte[])onnxBytes.Clone(), sourceName ?? "(memory)");
        }

        /// <summary>The name of the default model inside this assembly's manifest resources.</summary>
        public const string EmbeddedDefaultResource = "Ctmsr.Runtime.ctmsr-x2.onnx";

        /// <summary>True when this build of Ctmsr.Runtime embeds the default model (models/ctmsr-x2.onnx at build time).</summary>
        public static bool HasEmbeddedDefault =>
            typeof(CtmsrModel).Assembly.GetManifestResourceInfo(EmbeddedDefaultResource) != null;

        /// <summary>Loads and checks the default model embedded in this assembly.</summary>
        /// <exception cref="CtmsrModelException">This build embeds no default model, or the embedded one breaks the contract.</exception>
        public static CtmsrModel LoadDefault()
        {
            using Stream? stream = typeof(CtmsrModel).Assembly.GetManifestResourceStream(EmbeddedDefaultResource);
            if (stream == null)
                throw new CtmsrModelException("(embedded default)",
                    "this build of Ctmsr.Runtime embeds no default model (models/ctmsr-x2.onnx was missing when it was " +
                    "built); pass a model loaded with CtmsrModel.Load");
            return Load(stream, "(embedded default) ctmsr-x2.onnx");
        }

        /// <summary>
        /// A contract model that is plain bicubic upscaling by <paramref name="scale"/> (a = -0.75, half-pixel centres,
        /// clamped; the noise is ignored): the baseline that benchmarks and tests compare a trained model against.
        /// </summary>
        public static CtmsrModel Bicubic(int scale = 2) =>
            FromOwnedBytes(Onnx.BicubicModel.Build(scale), $"(bicubic x{scale})");

        /// <summary>A one-line description for logs: source, scale, preset and cost.</summary>
        public override string ToString()
        {
            string mac = MacPerPixel.HasValue ? $", {MacPerPixel.Value:0} MAC/px" : string.Empty;
            return $"{Source} (x{Scale}, preset {Preset ?? "unknown"}{mac})";
        }

        private static CtmsrModel FromOwnedBytes(byte[] bytes, string source)
        {
            if (bytes.Length == 0)
                throw new CtmsrModelException(source, "the model is empty (0 bytes); an ONNX file was expected");

            // A session with no optimisation and one thread is the cheapest way to let ONNX Runtime parse the file and
            // report the graph's typed inputs and outputs; backends build their own tuned sessions later.
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            InferenceSession session;
            try
            {
                session = new InferenceSession(bytes, options);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new CtmsrModelException(source,
                    $"ONNX Runtime cannot load it as an ONNX model ({bytes.Length} bytes): {FirstLine(ex.Message)}", ex);
            }

            using (session)
            {
                var metadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
                ContractFacts facts = ModelContractValidator.Validate(source, session.InputMetadata, session.OutputMetadata, metadata);
                return new CtmsrModel(bytes, source, facts, metadata);
            }
        }

        private static string FirstLine(string message)
        {
            int nl = message.IndexOf('\n');
            return (nl < 0 ? message : message.Substring(0, nl)).Trim();
        }
    }
}
