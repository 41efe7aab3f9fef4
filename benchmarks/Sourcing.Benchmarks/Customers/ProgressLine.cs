using System.Diagnostics;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// One console line (stderr) rewritten with '\r' at most 4 times a second: phase, rows done / total, rate, ETA. A
/// phase ends with its line kept and the time it took.
/// </summary>
internal sealed class ProgressLine
{
    private readonly string _phase;
    private readonly long _total;
    private readonly string _unit;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawn = -1;
    private int _width;

    public ProgressLine(string phase, long total, string unit)
    {
        _phase = phase;
        _total = total;
        _unit = unit;
        Draw(0);
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(long done)
    {
        var now = _clock.ElapsedMilliseconds;
        if (now - _lastDrawn >= 250)
        {
            _lastDrawn = now;
            Draw(done);
        }
    }

    public TimeSpan Finish(long done)
    {
        Draw(done);
        Console.Error.WriteLine();
        return _clock.Elapsed;
    }

    private void Draw(long done)
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var fraction = _total > 0 ? Math.Min(1.0, (double)done / _total) : 1.0;
        const int barWidth = 24;
        var filled = (int)(fraction * barWidth);
        var eta = rate > 0 && done < _total ? TimeSpan.FromSeconds((_total - done) / rate) : TimeSpan.Zero;
        var text = $"{_phase,-22} [{new string('#', filled)}{new string('.', barWidth - filled)}] {done,13:N0} / {_total:N0} {_unit} " +
                   $"{rate,10:N0}/s  elapsed {Format(_clock.Elapsed)}  ETA {Format(eta)}";
        _width = Math.Max(_width, text.Length);
        Console.Error.Write("\r" + text.PadRight(_width));
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss") : span.ToString(@"m\:ss");
}
