using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>Creating and upgrading the orders schema, and the one way the store's connections are configured.</summary>
public static class OrdersDatabase
{
    // Migrations may rewrite indexes of a large table: far longer than a request's statement may take.
    private static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Brings the database's schema up to the newest migration in this assembly (a no-op when it is there already).
    /// Safe to run from several instances at once: EF Core takes a lock for the duration.
    /// </summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new DbContextOptionsBuilder<OrdersDbContext>();
        Configure(builder, connectionString, MigrationCommandTimeout);
        await using var context = new OrdersDbContext(builder.Options);
        await context.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Migrations of this assembly not yet applied to the database.</summary>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new DbContextOptionsBuilder<OrdersDbContext>();
        Configure(builder, connectionString, MigrationCommandTimeout);
        await using var context = new OrdersDbContext(builder.Options);
        return [.. await context.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    internal static void Configure(DbContextOptionsBuilder builder, string connectionString, TimeSpan commandTimeout) =>
        builder
            .UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(Seconds(commandTimeout)))
            .UseSnakeCaseNamingConvention();

    internal static void Configure(DbContextOptionsBuilder builder, NpgsqlDataSource dataSource, TimeSpan commandTimeout) =>
        builder
            .UseNpgsql(dataSource, npgsql => npgsql.CommandTimeout(Seconds(commandTimeout)))
            .UseSnakeCaseNamingConvention();

    /// <summary>The store's connections: statement and connect timeouts both bounded by the command timeout.</summary>
    internal static NpgsqlDataSource CreateDataSource(PostgresOrderStoreOptions options) =>
        new NpgsqlDataSourceBuilder(WithTimeouts(options.ConnectionString, options.CommandTimeout).ConnectionString).Build();

    internal static NpgsqlConnectionStringBuilder WithTimeouts(string connectionString, TimeSpan commandTimeout)
    {
        var seconds = Seconds(commandTimeout);

        // With a stalled server a statement fails about 2 s after its timeout (Npgsql first tries to cancel it):
        // measured 3.0 s with a 1 s timeout, the same with a shorter cancellation timeout.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = seconds, CommandTimeout = seconds };
        if (!connectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("maxpoolsize", StringComparison.OrdinalIgnoreCase))
        {
            // Npgsql's default of 100 equals PostgreSQL's default max_connections: 100 woken feed watchers took every
            // connection and the server refused the rest ("too many clients"). A smaller pool makes callers wait
            // for a connection (within the timeout) instead, and leaves room for a second instance and the listener.
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder;
    }

    /// <summary>The connection pool's size when the connection string names none.</summary>
    public const int DefaultMaxPoolSize = 40;

    private static int Seconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
}
