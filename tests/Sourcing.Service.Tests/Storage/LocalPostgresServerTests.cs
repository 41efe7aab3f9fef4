using System.Diagnostics;
using Npgsql;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Service.Tests.Storage;

/// <summary>The PostgreSQL that store tests run against is real, isolated per database, and can be stalled and crashed.</summary>
public sealed class LocalPostgresServerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private LocalPostgresServer Server => postgres.Server;

    [Fact]
    public async Task CreateDatabaseAsync_TwoDatabases_ATableInOneIsNotInTheOther()
    {
        var first = await Server.CreateDatabaseAsync();
        var second = await Server.CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE orders (id bigint PRIMARY KEY); INSERT INTO orders VALUES (1), (2)");
        var absentFromSecond = await ScalarAsync<bool>(second, "SELECT to_regclass('public.orders') IS NULL");
        await ExecuteAsync(second, "CREATE TABLE orders (id bigint PRIMARY KEY)");

        Assert.NotEqual(first, second);
        Assert.True(absentFromSecond);
        Assert.Equal(2L, await ScalarAsync<long>(first, "SELECT count(*) FROM orders"));
        Assert.Equal(0L, await ScalarAsync<long>(second, "SELECT count(*) FROM orders"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_CommittedWrite_IsReadOnANewConnection()
    {
        var database = await Server.CreateDatabaseAsync();
        await ExecuteAsync(database, "CREATE TABLE payments (id bigint PRIMARY KEY, amount_minor bigint NOT NULL)");

        await using (var writer = new NpgsqlConnection(database))
        {
            await writer.OpenAsync();
            await using var transaction = await writer.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO payments VALUES (7, 12345)", writer, transaction);
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        // Unpooled: a new backend, not the writer's connection handed back.
        var amount = await ScalarAsync<long>(Unpooled(database), "SELECT amount_minor FROM payments WHERE id = 7");

        Assert.Equal(12345L, amount);
    }

    [Fact]
    public async Task Freeze_QueryWithOneSecondTimeout_FailsAndAfterThawTheNextSucceeds()
    {
        var database = new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync())
        {
            CommandTimeout = 1,
            // On a timeout Npgsql sends PostgreSQL a cancel request over a new connection and waits for the server to
            // close it, bounded by the connect timeout (15 s by default): without these two a stalled server makes a
            // 1 s query take about 31 s to fail.
            CancellationTimeout = -1,
            Timeout = 1,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        Assert.Equal(1, await ScalarAsync<int>(connection, "SELECT 1"));

        NpgsqlException stalled;
        var clock = Stopwatch.StartNew();
        Server.Freeze();
        try
        {
            stalled = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(connection, "SELECT 1"));
        }
        finally
        {
            Server.Thaw();
        }

        clock.Stop();
        Assert.IsType<TimeoutException>(stalled.InnerException);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        // A fresh connection after the thaw, with a connect timeout a busy machine can meet (the 1 s one above is for
        // the stalled query; opening a connection in the first seconds of a test run can take longer).
        var afterThaw = new NpgsqlConnectionStringBuilder(database) { Timeout = 15 }.ConnectionString;
        Assert.Equal(2, await ScalarAsync<int>(afterThaw, "SELECT 2"));
    }

    [Fact]
    public async Task Kill_ThenRestart_QueriesFailWhileDownAndTheCommittedRowIsBack()
    {
        var database = await Server.CreateDatabaseAsync();
        await ExecuteAsync(database, "CREATE TABLE holds (id text PRIMARY KEY); INSERT INTO holds VALUES ('h-1')");

        Server.Kill();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<long>(Unpooled(database), "SELECT count(*) FROM holds"));
        }
        finally
        {
            Server.Restart();
        }

        Assert.Equal("h-1", await ScalarAsync<string>(Unpooled(database), "SELECT id FROM holds"));
    }

    [Fact]
    public void Dispose_OwnServer_LeavesNoProcessAndNoDataDirectory()
    {
        IReadOnlyList<int> processes;
        string dataDirectory;
        bool postmasterRanBefore;
        using (var server = LocalPostgresServer.Start())
        {
            // The postmaster, then its children (checkpointer, writers, ...; a backend may be on its way out).
            processes = server.ServerProcessIds();
            dataDirectory = server.DataDirectory!;
            postmasterRanBefore = IsRunning(processes[0]);
        }

        Assert.True(postmasterRanBefore, "the postmaster runs before dispose");
        Assert.True(processes.Count >= 2, "a running server has a postmaster and at least one child");
        Assert.All(processes, pid => Assert.False(IsRunning(pid), $"process {pid} still runs after dispose"));
        Assert.Empty(ProcessesNaming(dataDirectory));
        Assert.False(Directory.Exists(dataDirectory));
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await ScalarAsync<T>(connection, sql);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A zombie (exited, not yet reaped by its parent) does not count: it holds no port, file or memory.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static List<int> ProcessesNaming(string dataDirectory)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(dataDirectory, StringComparison.Ordinal) && IsRunning(pid))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
