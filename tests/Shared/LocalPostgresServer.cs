using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Sourcing.Testing;

/// <summary>
/// A real PostgreSQL server for tests. Uses the one named by SOURCING_TEST_POSTGRES (a connection string) when set;
/// otherwise runs initdb in a temp dir, starts the server on a free loopback port and, on dispose, stops it and
/// deletes the dir. Never falls back to a fake: if no server can be had, it throws and the tests fail.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, and tests run as root on CI: then the tools run as the `postgres` user that
/// Debian's package creates, in a dir owned by that user.
/// </remarks>
public sealed partial class LocalPostgresServer : IDisposable
{
    public const string EnvironmentVariable = "SOURCING_TEST_POSTGRES";

    private const string InstallHint = "apt-get install -y postgresql";

    // Durable like production by default, so a test of "acknowledged means kept" is not passed by a server that lies.
    private static readonly KeyValuePair<string, string>[] DefaultSettings =
    [
        new("fsync", "on"),
        new("synchronous_commit", "on"),
    ];

    private readonly string? _binDirectory;
    private readonly string? _rootDirectory;
    private readonly string[] _serverOptions = [];
    private readonly List<string> _createdDatabases = [];
    private bool _frozen;
    private bool _disposed;

    private LocalPostgresServer(string connectionString)
    {
        ConnectionString = connectionString;
    }

    private LocalPostgresServer(string connectionString, string binDirectory, string rootDirectory, string[] serverOptions)
    {
        ConnectionString = connectionString;
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _serverOptions = serverOptions;
    }

    /// <summary>Host=127.0.0.1;Port=..;Username=sourcing;Database=postgres (or the one SOURCING_TEST_POSTGRES names).</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster's data dir; null for a server named by SOURCING_TEST_POSTGRES.</summary>
    public string? DataDirectory => _rootDirectory is null ? null : Path.Combine(_rootDirectory, "data");

    private bool IsOwn => _rootDirectory is not null;

    /// <param name="settings">Server settings passed as `-c name=value` after the defaults (fsync=on,
    /// synchronous_commit=on), so they may override them. Ignored for a server named by SOURCING_TEST_POSTGRES.</param>
    public static LocalPostgresServer Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new LocalPostgresServer(given);
        }

        var binDirectory = FindBinDirectory();
        var serverOptions = DefaultSettings.Concat(settings ?? new Dictionary<string, string>())
            .Select(setting => ServerOption(setting.Key, setting.Value))
            .ToArray();
        var rootDirectory = Directory.CreateTempSubdirectory("sourcing-pg-").FullName;
        try
        {
            if (IsRoot)
            {
                Run("chown", ["postgres:", rootDirectory], rootDirectory, asPostgresUser: false,
                    $"chown of {rootDirectory} to the postgres user failed: is PostgreSQL installed ({InstallHint})?");
            }

            var connectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = FreePort(),
                Username = "sourcing",
                Database = "postgres",
            }.ConnectionString;
            var server = new LocalPostgresServer(connectionString, binDirectory, rootDirectory, serverOptions);
            server.InitializeCluster();
            server.StartServer();
            return server;
        }
        catch
        {
            TryDeleteDirectory(rootDirectory);
            throw;
        }
    }

    /// <summary>Creates a fresh empty database with a unique name (or the one given) and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..16];
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"Database name '{name}' must be lower-case letters, digits and underscores, at most 63.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString()))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Stops the postmaster and every backend (SIGSTOP): connections stay open but nothing answers, like a stalled
    /// server. New connections are queued by the kernel and wait too.
    /// </summary>
    public void Freeze()
    {
        var postmaster = PostmasterProcessId();

        // The postmaster first, so it cannot start a backend that would escape the stop.
        SignalOrThrow(postmaster, SigStop);
        foreach (var child in ChildProcessIds(postmaster))
        {
            SignalOrThrow(child, SigStop);
        }

        _frozen = true;
    }

    /// <summary>Lets a frozen server go on (SIGCONT).</summary>
    public void Thaw()
    {
        var postmaster = PostmasterProcessId();
        foreach (var child in ChildProcessIds(postmaster))
        {
            SignalOrThrow(child, SigCont);
        }

        SignalOrThrow(postmaster, SigCont);
        _frozen = false;
    }

    /// <summary>Kills the postmaster and every backend (SIGKILL), like a crash; <see cref="Restart"/> brings it back with crash recovery.</summary>
    public void Kill()
    {
        var processes = ServerProcessIds();
        foreach (var process in processes)
        {
            Signal(process, SigKill);
        }

        _frozen = false;
        WaitUntilGone(processes);
    }

    /// <summary>Starts the server again on the same port and data (after <see cref="Kill"/>, or stopping it fast first when running).</summary>
    public void Restart()
    {
        RequireOwn();
        if (_frozen)
        {
            Thaw();
        }

        if (TryReadPostmasterProcessId() is { } postmaster && IsAlive(postmaster))
        {
            Run(PgCtl, ["-D", DataDirectory!, "-m", "fast", "-w", "stop"], _rootDirectory!, IsRoot, "pg_ctl stop failed");
        }
        else
        {
            // A killed postmaster leaves its lock files behind, and where nobody reaps it (PID 1 of some containers
            // does not) its zombie makes that pid look alive, so the new postmaster would refuse to start. Every
            // process of the cluster is gone by now: the locks are stale.
            var port = new NpgsqlConnectionStringBuilder(ConnectionString).Port.ToString(CultureInfo.InvariantCulture);
            File.Delete(Path.Combine(DataDirectory!, "postmaster.pid"));
            File.Delete(Path.Combine(_rootDirectory!, $".s.PGSQL.{port}.lock"));
        }

        StartServer();
    }

    /// <summary>
    /// The postmaster and its children now; for checking that nothing is left after dispose.
    /// </summary>
    public IReadOnlyList<int> ServerProcessIds()
    {
        var postmaster = PostmasterProcessId();
        return [postmaster, .. ChildProcessIds(postmaster)];
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ClearPools();
        if (!IsOwn)
        {
            DropCreatedDatabases();
            return;
        }

        StopServer();
        TryDeleteDirectory(_rootDirectory!);
    }

    private string PgCtl => Path.Combine(_binDirectory!, "pg_ctl");

    private void InitializeCluster()
    {
        Run(
            Path.Combine(_binDirectory!, "initdb"),
            ["-D", DataDirectory!, "-A", "trust", "-U", "sourcing", "--no-sync", "-E", "UTF8", "--locale=C"],
            _rootDirectory!,
            IsRoot,
            "initdb failed");
    }

    private void StartServer()
    {
        var port = new NpgsqlConnectionStringBuilder(ConnectionString).Port;
        var options = string.Join(' ', new[]
        {
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", Quote(_rootDirectory!),
            "-c", "listen_addresses=127.0.0.1",
        }.Concat(_serverOptions));
        var log = Path.Combine(_rootDirectory!, "log");
        try
        {
            Run(PgCtl, ["-D", DataDirectory!, "-o", options, "-l", log, "-w", "-t", "60", "start"], _rootDirectory!, IsRoot, "pg_ctl start failed");
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException($"{exception.Message}; server log: {ReadLog(log)}", exception);
        }

        WaitUntilAcceptingConnections(log);
    }

    private void StopServer()
    {
        if (TryReadPostmasterProcessId() is not { } postmaster || !IsAlive(postmaster))
        {
            return;
        }

        var processes = ServerProcessIds();
        if (_frozen)
        {
            // A stopped process does not act on the shutdown signal until it is continued.
            Thaw();
        }

        try
        {
            Run(PgCtl, ["-D", DataDirectory!, "-m", "immediate", "-w", "stop"], _rootDirectory!, IsRoot, "pg_ctl stop failed");
        }
        catch (InvalidOperationException)
        {
            foreach (var process in processes)
            {
                Signal(process, SigKill);
            }
        }

        WaitUntilGone(processes);
    }

    private void WaitUntilAcceptingConnections(string log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(AdminConnectionString());
                connection.Open();
                using var ping = new NpgsqlCommand("SELECT 1", connection);
                ping.ExecuteScalar();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (NpgsqlException exception)
            {
                throw new TimeoutException($"PostgreSQL did not accept connections within 30 s; server log: {ReadLog(log)}", exception);
            }
        }
    }

    // Only this server's pools: other test classes may be using theirs right now.
    private void ClearPools()
    {
        string[] names;
        lock (_createdDatabases)
        {
            names = [.. _createdDatabases];
        }

        foreach (var database in names.Append(new NpgsqlConnectionStringBuilder(ConnectionString).Database))
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private void DropCreatedDatabases()
    {
        string[] names;
        lock (_createdDatabases)
        {
            names = [.. _createdDatabases];
        }

        if (names.Length == 0)
        {
            return;
        }

        using var connection = new NpgsqlConnection(AdminConnectionString());
        connection.Open();
        foreach (var name in names)
        {
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }

    // Unpooled so that the harness itself never keeps a backend open (which would block DROP DATABASE or linger after a freeze).
    private string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 10 }.ConnectionString;

    private int PostmasterProcessId()
    {
        RequireOwn();
        return TryReadPostmasterProcessId()
            ?? throw new InvalidOperationException($"PostgreSQL in {DataDirectory} is not running (no postmaster.pid).");
    }

    private int? TryReadPostmasterProcessId()
    {
        var pidFile = Path.Combine(DataDirectory!, "postmaster.pid");
        try
        {
            var firstLine = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private void RequireOwn()
    {
        if (!IsOwn)
        {
            throw new InvalidOperationException($"The server named by {EnvironmentVariable} is not this test's to stop.");
        }
    }

    private static string FindBinDirectory()
    {
        // Debian installs each major version side by side; the newest is the one a fresh install brings.
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(directory => (Directory: directory, Version: int.TryParse(Path.GetFileName(directory), out var version) ? version : -1))
                .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Directory, "bin", "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Directory, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        try
        {
            var bin = Run("pg_config", ["--bindir"], Path.GetTempPath(), asPostgresUser: false, "pg_config --bindir failed").Trim();
            if (File.Exists(Path.Combine(bin, "initdb")))
            {
                return bin;
            }
        }
        catch (InvalidOperationException)
        {
            // Reported below with what to install.
        }

        throw new InvalidOperationException(
            $"PostgreSQL is not installed (no {debianRoot}/<version>/bin/initdb, no pg_config): {InstallHint}, or set {EnvironmentVariable} to a connection string.");
    }

    private static string ServerOption(string name, string value)
    {
        if (!SettingName().IsMatch(name) || value.Contains('\'', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"PostgreSQL setting {name}={value} is not a plain name and value.", nameof(name));
        }

        return $"-c {name}={Quote(value)}";
    }

    // pg_ctl hands its -o string to the shell.
    private static string Quote(string value) => "'" + value + "'";

    private static string Run(string tool, IReadOnlyList<string> arguments, string workingDirectory, bool asPostgresUser, string failure)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // A dir the postgres user can enter: tools run as postgres complain about root's working dir.
            WorkingDirectory = workingDirectory,
        };
        if (asPostgresUser)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", tool })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"{start.FileName} could not be run ({exception.Message}): is PostgreSQL installed ({InstallHint})?", exception);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} did not finish within 120 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{failure} ({tool} exited with {process.ExitCode}): {output}{error.Result}");
            }

            return output;
        }
    }

    private static string ReadLog(string log)
    {
        try
        {
            return File.ReadAllText(log);
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp dir left behind is not worth failing a test run for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IEnumerable<int> ChildProcessIds(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ReadStat(pid) is { } stat && stat.ParentId == parent && stat.State != 'Z')
            {
                yield return pid;
            }
        }
    }

    /// <summary>True while the process exists and is not a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid) => ReadStat(pid) is { } stat && stat.State != 'Z';

    private static (char State, int ParentId)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    private static void WaitUntilGone(IReadOnlyList<int> processes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (processes.Any(IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"PostgreSQL processes {string.Join(", ", processes.Where(IsAlive))} did not exit within 30 s.");
            }

            Thread.Sleep(20);
        }
    }

    private static bool IsRoot => GetEffectiveUserId() == 0;

    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    private static void SignalOrThrow(int pid, int signal)
    {
        if (Signal(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed.");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    [GeneratedRegex("^[a-z_][a-z0-9_.]*$")]
    private static partial Regex SettingName();
}
