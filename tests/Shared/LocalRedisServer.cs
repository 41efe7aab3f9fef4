using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sourcing.Testing;

/// <summary>
/// A real redis-server for tests and benchmarks. Uses the one named by SOURCING_TEST_REDIS (host:port) when set;
/// otherwise starts `redis-server` on a free loopback port and stops it on dispose. Never falls back to a fake:
/// if no server can be had, it throws and the tests fail.
/// </summary>
public sealed class LocalRedisServer : IDisposable
{
    public const string EnvironmentVariable = "SOURCING_TEST_REDIS";

    private readonly Process? _process;

    private LocalRedisServer(string endpoint, Process? process)
    {
        Endpoint = endpoint;
        _process = process;
    }

    /// <summary>host:port to connect to.</summary>
    public string Endpoint { get; }

    public int Port => int.Parse(Endpoint[(Endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="allowDebugCommand">Lets loopback clients send DEBUG (e.g. DEBUG SLEEP to stall the server); only for a server of one's own.</param>
    public static LocalRedisServer Start(bool allowDebugCommand = false)
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new LocalRedisServer(given, process: null);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        if (allowDebugCommand)
        {
            start.ArgumentList.Add("--enable-debug-command");
            start.ArgumentList.Add("local");
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"redis-server is not installed (apt-get install -y redis-server) and {EnvironmentVariable} is not set.", exception);
        }

        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endpoint = $"127.0.0.1:{port}";
        WaitUntilListening(port, process);
        return new LocalRedisServer(endpoint, process);
    }

    /// <summary>Stops the server process (SIGSTOP): it keeps its connections but answers nothing, like a stalled server.</summary>
    public void Freeze() => Signal(SigStop);

    /// <summary>Lets a frozen server go on (SIGCONT).</summary>
    public void Thaw() => Signal(SigCont);

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }

        _process?.Dispose();
    }

    private const int SigCont = 18;
    private const int SigStop = 19;

    private void Signal(int signal)
    {
        if (_process is null)
        {
            throw new InvalidOperationException($"The server named by {EnvironmentVariable} is not this test's to stop.");
        }

        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed.");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitUntilListening(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} before listening on port {port}.");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new TimeoutException($"redis-server did not listen on port {port} within 10 s.");
    }
}
