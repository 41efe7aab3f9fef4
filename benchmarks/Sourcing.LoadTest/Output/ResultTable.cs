using System.Text;
using Sourcing.LoadTest.Recording;

namespace Sourcing.LoadTest.Output;

/// <summary>One row per RPC of the measured phase (after the warm-up); latencies of the calls that answered OK.</summary>
internal sealed record ResultRow(
    string Rpc, long Calls, long Ok, string Errors, double Throughput, long P50, long P90, long P99, long P999, long Max)
{
    public static IReadOnlyList<ResultRow> From(RunRecorder recorder)
    {
        var seconds = recorder.Duration.TotalSeconds;
        return recorder.Series.Select(s =>
        {
            var errors = string.Join(" ", s.Statuses.Where(e => e.Key != StatusNames.Ok).OrderByDescending(e => e.Value).Select(e => $"{e.Key}:{e.Value}"));
            var ok = s.Statuses.GetValueOrDefault(StatusNames.Ok);
            var h = s.Measured;
            return new ResultRow(s.Name, s.MeasuredCalls, ok, errors.Length == 0 ? "-" : errors, ok / seconds,
                h.ValueAtPercentile(50), h.ValueAtPercentile(90), h.ValueAtPercentile(99), h.ValueAtPercentile(99.9), h.Max);
        }).ToList();
    }

    /// <summary>The table as Markdown, so it prints readably and pastes into a README as it is.</summary>
    public static string Markdown(IReadOnlyList<ResultRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| rpc | calls | ok | errors by status | ok/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        text.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine($"| {r.Rpc} | {r.Calls} | {r.Ok} | {r.Errors} | {Format.Number(r.Throughput, "0.0")} | {Format.Millis(r.P50)} | {Format.Millis(r.P90)} | {Format.Millis(r.P99)} | {Format.Millis(r.P999)} | {Format.Millis(r.Max)} |");
        }

        return text.ToString();
    }
}
