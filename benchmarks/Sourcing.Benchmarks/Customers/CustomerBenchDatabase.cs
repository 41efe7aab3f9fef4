using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// The customer reports' PostgreSQL: a cluster in <see cref="Root"/> that is KEPT between runs, so
/// <c>customer-latency</c> measures the database <c>customer-seed</c> filled (minutes of work) without seeding again.
/// Started when not running, reused when it is; it stays running after the command. To remove it:
/// <c>runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D /tmp/sourcing-customer-bench/data stop; rm -rf /tmp/sourcing-customer-bench</c>.
/// </summary>
/// <remarks>
/// Settings beyond PostgreSQL's defaults (fsync and synchronous commit stay on): shared_buffers 1 GB (the seeded
/// database is many GB; 128 MB would measure the kernel's page cache more than PostgreSQL), wal_level minimal with no
/// WAL senders (a COPY into a table truncated in the same transaction then writes no WAL: the seed is a bulk load
/// that would otherwise write everything twice), maintenance_work_mem 1 GB and max_wal_size 8 GB for the index builds
/// after the load.
/// </remarks>
internal static class CustomerBenchDatabase
{
    public const string Root = "/tmp/sourcing-customer-bench";
    public const int Port = 54329;
    public const string Database = "customers";

    private static readonly string[] Settings =
    [
        "shared_buffers=1GB", "wal_level=minimal", "max_wal_senders=0", "maintenance_work_mem=1GB", "max_wal_size=8GB",
        "max_parallel_maintenance_workers=2", "listen_addresses=127.0.0.1",
    ];

    private static string DataDirectory => Path.Combine(Root, "data");

    public static string ConnectionString(string database = Database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "sourcing", Database = database, MaxPoolSize = 32, CommandTimeout = 3600,
    }.ConnectionString;

    /// <summary>Starts the kept cluster (creating it the first time) unless it is running already.</summary>
    public static void EnsureRunning()
    {
        if (Answers())
        {
            Console.Error.WriteLine($"PostgreSQL in {DataDirectory} is running on port {Port}: reusing it");
            return;
        }

        var bin = BinDirectory();
        Directory.CreateDirectory(Root);
        if (Environment.UserName == "root")
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user Debian's package creates.
            Run("chown", ["postgres:", Root], asPostgres: false);
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            Run(Path.Combine(bin, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", "sourcing", "-E", "UTF8", "--locale=C"], asPostgres: true);
        }

        var options = string.Join(' ', new[] { "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", Root }.Concat(Settings.SelectMany(s => new[] { "-c", s })));
        Run(Path.Combine(bin, "pg_ctl"), ["-D", DataDirectory, "-o", options, "-l", Path.Combine(Root, "log"), "-w", "-t", "120", "start"], asPostgres: true);
        Console.Error.WriteLine($"PostgreSQL started in {DataDirectory} on port {Port} (it keeps running; see CustomerBenchDatabase for how to remove it)");
    }

    /// <summary>Drops and creates the seed's database, empty.</summary>
    public static void Recreate()
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        Execute(connection, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        Execute(connection, $"CREATE DATABASE {Database}");
    }

    public static bool Exists()
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = Database } } };
        return (long)command.ExecuteScalar()! > 0;
    }

    /// <param name="bulk">A COPY connection: a 1 MiB write buffer, so the generator hands PostgreSQL large chunks.</param>
    public static NpgsqlConnection Open(bool bulk = false)
    {
        var connection = new NpgsqlConnection(bulk
            ? new NpgsqlConnectionStringBuilder(ConnectionString()) { WriteBufferSize = 1 << 20 }.ConnectionString
            : ConnectionString());
        connection.Open();
        return connection;
    }

    public static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    public static T Scalar<T>(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)command.ExecuteScalar()!;
    }

    public static string ServerVersion()
    {
        using var connection = Open();
        return Scalar<string>(connection, "SHOW server_version");
    }

    private static bool Answers()
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Timeout = 3, Pooling = false }.ConnectionString);
            connection.Open();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static string BinDirectory() =>
        Directory.GetDirectories("/usr/lib/postgresql")
            .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : -1)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault() ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): apt-get install -y postgresql");

    private static void Run(string tool, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(asPostgres && root ? "runuser" : tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root,
        };
        if (asPostgres && root)
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {output}{error.Result}");
        }
    }
}
