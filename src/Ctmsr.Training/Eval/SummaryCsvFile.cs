using System.Globalization;
using System.Text;

namespace Ctmsr.Training.Eval;

/// <summary>
/// Reads an eval summary.csv back (as <see cref="Evaluator.SummaryCsv"/> writes it), so that checkpoints evaluated in
/// separate runs can share one perception-distortion plot. Columns are found by header name, so extra columns are fine.
/// </summary>
public static class SummaryCsvFile
{
    private static readonly string[] Required = { "lr", "method", "images", "psnr_y", "spectral" };

    public static IReadOnlyList<EvalSummaryRow> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"summary file '{path}' does not exist", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim().Length == 0) throw new InvalidDataException($"summary file '{path}' is empty");
        var header = Split(lines[0].TrimEnd('\r'), path, 1);
        var col = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++) col[header[i].Trim()] = i;
        var missing = Required.Where(r => !col.ContainsKey(r)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"summary file '{path}' lacks the column(s) {string.Join(", ", missing)}; its header is '{lines[0]}' " +
                "(files from before the spectral distance need a fresh eval)");
        var rows = new List<EvalSummaryRow>();
        for (int n = 1; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Length == 0) continue;
            var cells = Split(line, path, n + 1);
            if (cells.Count != header.Count)
                throw new InvalidDataException($"summary file '{path}' line {n + 1} has {cells.Count} cells; the header has {header.Count}");
            string kindText = cells[col["lr"]];
            if (!Enum.TryParse<LowResKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                throw new InvalidDataException(
                    $"summary file '{path}' line {n + 1}: unknown lr kind '{kindText}' (expected {string.Join(" or ", Enum.GetNames<LowResKind>().Select(k => k.ToLowerInvariant()))})");
            double Num(string name) => ParseNumber(cells[col[name]], path, n + 1, name);
            double Optional(string name) => col.ContainsKey(name) ? Num(name) : double.NaN;
            string imagesText = cells[col["images"]];
            if (!int.TryParse(imagesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int images) || images < 0)
                throw new InvalidDataException($"summary file '{path}' line {n + 1}: column images is '{imagesText}', not a count");
            rows.Add(new EvalSummaryRow(kind, cells[col["method"]], images, Num("psnr_y"), Optional("ssim_y"),
                Optional("hf_ratio"), Optional("grad_hist_l1"), Num("spectral")));
        }
        if (rows.Count == 0) throw new InvalidDataException($"summary file '{path}' has a header but no rows");
        return rows;
    }

    private static double ParseNumber(string text, string path, int line, string column) => text switch
    {
        "inf" => double.PositiveInfinity,
        "nan" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
        _ => throw new InvalidDataException($"summary file '{path}' line {line}: column {column} is '{text}', not a number"),
    };

    /// <summary>One CSV line into cells; double quotes enclose cells with commas, "" is a literal quote.</summary>
    private static List<string> Split(string line, string path, int lineNo)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else cell.Append(c);
        }
        if (quoted) throw new InvalidDataException($"summary file '{path}' line {lineNo} has an unclosed quote");
        cells.Add(cell.ToString());
        return cells;
    }
}
