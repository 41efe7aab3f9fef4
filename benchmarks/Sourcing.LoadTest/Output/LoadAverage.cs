namespace Sourcing.LoadTest.Output;

/// <summary>The machine's load average, printed next to every run: other work on the machine distorts its figures.</summary>
internal static class LoadAverage
{
    public static string Read()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]} {fields[1]} {fields[2]} ({Environment.ProcessorCount} cores)";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
