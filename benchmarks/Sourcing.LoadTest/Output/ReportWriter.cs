using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ScottPlot;
using Sourcing.LoadTest.Recording;

namespace Sourcing.LoadTest.Output;

/// <summary>
/// Writes a run to a folder: latency over time and the latency histogram as PNGs, an HTML page with both and the
/// table, and the per-second figures as CSV and JSON for anyone who wants to draw their own.
/// </summary>
internal static class ReportWriter
{
    /// <param name="title">A short name of the run for the charts' titles (the scenario and the load).</param>
    /// <param name="description">Everything about the run, for the page and the JSON.</param>
    public static void Write(string folder, RunRecorder recorder, IReadOnlyList<ResultRow> rows, string title, string description)
    {
        Directory.CreateDirectory(folder);
        var series = recorder.Series.Where(s => s.MeasuredCalls > 0 || s.PerSecond.Any(h => h.Count > 0)).ToList();
        WriteLatencyOverTime(Path.Combine(folder, "latency-over-time.png"), recorder, series, title);
        WriteHistogram(Path.Combine(folder, "latency-histogram.png"), series, title);
        WritePerSecond(folder, recorder, series, rows, description);
        WriteHtml(Path.Combine(folder, "index.html"), rows, description);
    }

    private static void WriteLatencyOverTime(string path, RunRecorder recorder, IReadOnlyList<RpcSeries> series, string description)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        if (recorder.Warmup > TimeSpan.Zero)
        {
            var span = plot.Add.HorizontalSpan(0, recorder.Warmup.TotalSeconds, Colors.Orange.WithAlpha(0.25));
            span.LegendText = "warm-up (not in the table)";
        }

        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var seconds = Enumerable.Range(0, s.PerSecond.Length).Where(t => s.PerSecond[t].Count > 0).ToArray();
            if (seconds.Length == 0)
            {
                continue;
            }

            var xs = seconds.Select(t => t + 0.5).ToArray();
            var p50 = plot.Add.Scatter(xs, seconds.Select(t => s.PerSecond[t].ValueAtPercentile(50) / 1000.0).ToArray(), palette.GetColor(i));
            p50.LegendText = s.Name + " p50";
            p50.MarkerSize = 0;
            p50.LineWidth = 2;
            var p99 = plot.Add.Scatter(xs, seconds.Select(t => s.PerSecond[t].ValueAtPercentile(99) / 1000.0).ToArray(), palette.GetColor(i));
            p99.LegendText = s.Name + " p99";
            p99.MarkerSize = 0;
            p99.LineWidth = 1.5f;
            p99.LinePattern = LinePattern.Dashed;
        }

        plot.Title($"{description}: latency per second, p50 solid, p99 dashed", 14);
        plot.XLabel("seconds since start (calls by the second they were scheduled in)");
        plot.YLabel("ms");
        plot.Axes.SetLimitsX(0, recorder.Seconds);
        plot.Axes.SetLimitsY(0, Math.Max(1, series.SelectMany(s => s.PerSecond).Max(h => h.ValueAtPercentile(99)) / 1000.0 * 1.1));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1200, 600);
    }

    private static void WriteHistogram(string path, IReadOnlyList<RpcSeries> series, string description)
    {
        // Equal-width bins up to the largest p99.9: the tail beyond it is in the table's max, not worth the x axis.
        const int bins = 80;
        var upper = Math.Max(1, series.Max(s => s.Measured.ValueAtPercentile(99.9)));
        var width = (double)upper / bins;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var h = series[i].Measured;
            if (h.Count == 0)
            {
                continue;
            }

            var counts = new double[bins];
            foreach (var (from, to, count) in h.Buckets())
            {
                var middle = (from + to) / 2.0;
                counts[Math.Min(bins - 1, (int)(middle / width))] += count;
            }

            var line = plot.Add.Scatter(
                Enumerable.Range(0, bins).Select(b => (b + 0.5) * width / 1000.0).ToArray(),
                counts.Select(c => 100.0 * c / h.Count).ToArray(),
                palette.GetColor(i));
            line.LegendText = $"{series[i].Name} ({h.Count:N0} ok calls)";
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepVertical;
        }

        plot.Title($"{description}: latency histogram of the measured phase", 14);
        plot.XLabel($"ms (bins of {width / 1000.0:0.###} ms up to the largest p99.9)");
        plot.YLabel("% of the RPC's ok calls");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1200, 600);
    }

    private static void WritePerSecond(string folder, RunRecorder recorder, IReadOnlyList<RpcSeries> series, IReadOnlyList<ResultRow> rows, string description)
    {
        var csv = new StringBuilder("second,phase,rpc,ok,errors,p50_ms,p90_ms,p99_ms,max_ms\n");
        var perSecond = new List<object>();
        foreach (var s in series)
        {
            for (var t = 0; t < s.PerSecond.Length; t++)
            {
                var h = s.PerSecond[t];
                if (h.Count == 0 && s.ErrorsPerSecond[t] == 0)
                {
                    continue;
                }

                var phase = t < recorder.Warmup.TotalSeconds ? "warmup" : "measure";
                csv.Append(CultureInfo.InvariantCulture, $"{t},{phase},{s.Name},{h.Count},{s.ErrorsPerSecond[t]},{Format.Millis(h.ValueAtPercentile(50))},{Format.Millis(h.ValueAtPercentile(90))},{Format.Millis(h.ValueAtPercentile(99))},{Format.Millis(h.Max)}\n");
                perSecond.Add(new
                {
                    second = t, phase, rpc = s.Name, ok = h.Count, errors = s.ErrorsPerSecond[t],
                    p50Micros = h.ValueAtPercentile(50), p90Micros = h.ValueAtPercentile(90), p99Micros = h.ValueAtPercentile(99), maxMicros = h.Max,
                });
            }
        }

        File.WriteAllText(Path.Combine(folder, "per-second.csv"), csv.ToString());
        var document = new
        {
            description,
            warmupSeconds = recorder.Warmup.TotalSeconds,
            durationSeconds = recorder.Duration.TotalSeconds,
            summary = rows.Select(r => new
            {
                rpc = r.Rpc, calls = r.Calls, ok = r.Ok, errors = r.Errors, okPerSecond = r.Throughput,
                p50Micros = r.P50, p90Micros = r.P90, p99Micros = r.P99, p999Micros = r.P999, maxMicros = r.Max,
            }),
            perSecond,
        };
        File.WriteAllText(Path.Combine(folder, "per-second.json"), JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void WriteHtml(string path, IReadOnlyList<ResultRow> rows, string description)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sourcing load test</title>");
        html.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}img{max-width:100%}</style></head><body>");
        html.Append("<h1>Sourcing load test</h1><p>").Append(WebUtility.HtmlEncode(description)).Append("</p>");
        html.Append("<p>Measured phase only (the warm-up is left out); latencies of the calls that answered OK, from their scheduled start.</p>");
        html.Append("<table><tr><th>rpc</th><th>calls</th><th>ok</th><th>errors by status</th><th>ok/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>");
        foreach (var r in rows)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(r.Rpc)).Append("</td>");
            foreach (var cell in new[] { r.Calls.ToString(CultureInfo.InvariantCulture), r.Ok.ToString(CultureInfo.InvariantCulture) })
            {
                html.Append("<td class=\"n\">").Append(cell).Append("</td>");
            }

            html.Append("<td>").Append(WebUtility.HtmlEncode(r.Errors)).Append("</td>");
            foreach (var cell in new[] { Format.Number(r.Throughput, "0.0"), Format.Millis(r.P50), Format.Millis(r.P90), Format.Millis(r.P99), Format.Millis(r.P999), Format.Millis(r.Max) })
            {
                html.Append("<td class=\"n\">").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table><h2>Latency over time</h2><img src=\"latency-over-time.png\" alt=\"p50 and p99 per second per RPC\">");
        html.Append("<h2>Latency histogram</h2><img src=\"latency-histogram.png\" alt=\"latency histogram per RPC\">");
        html.Append("<p>Per-second figures: <a href=\"per-second.csv\">per-second.csv</a>, <a href=\"per-second.json\">per-second.json</a>.</p></body></html>");
        File.WriteAllText(path, html.ToString());
    }
}
