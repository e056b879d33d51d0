using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ctmsr.Training.Export;

/// <summary>
/// The training summary that travels in <c>ctmsr.training</c>: what data, how many iterations, which objective, when.
/// Scale, sigma_max and preset are not here: the exporter takes them from the network and its arguments.
/// <paramref name="Iterations"/> counts every iteration behind the weights; <paramref name="PriorIterations"/> is the part
/// done by earlier runs that a continuation (--init-from) started from.
/// </summary>
public sealed record ModelMetadata(string Data, long Iterations, string Objective, DateTimeOffset Date, long PriorIterations = 0)
{
    /// <summary>The short JSON written to <c>ctmsr.training</c>, e.g. {"data":"div2k","iterations":1000,...}.</summary>
    public string ToTrainingJson()
    {
        var o = new JsonObject
        {
            ["data"] = Data,
            ["iterations"] = Iterations,
            ["objective"] = Objective,
            ["date"] = Date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (PriorIterations > 0) o["prior_iterations"] = PriorIterations;
        return o.ToJsonString();
    }

    /// <summary>
    /// Reads a training summary JSON (as a checkpoint stores it). Missing fields become "unknown" / 0 / now, because a
    /// summary is informative only; malformed JSON is an error naming the problem.
    /// </summary>
    public static ModelMetadata FromTrainingJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"training summary is not valid JSON ({e.Message}): {Shorten(json)}", e);
        }
        if (node is not JsonObject o)
            throw new InvalidDataException($"training summary must be a JSON object; got: {Shorten(json)}");
        string data = o["data"]?.ToString() ?? "unknown";
        string objective = o["objective"]?.ToString() ?? "unknown";
        long iterations = 0;
        if (o["iterations"] is JsonValue it && it.TryGetValue(out long n)) iterations = n;
        long prior = 0;
        if (o["prior_iterations"] is JsonValue pv && pv.TryGetValue(out long p)) prior = p;
        var date = DateTimeOffset.UtcNow;
        if (o["date"]?.ToString() is { } d &&
            DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            date = parsed;
        return new ModelMetadata(data, iterations, objective, date, prior);
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
