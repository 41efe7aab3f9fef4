using System.Net.Sockets;
using Npgsql;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>Which exceptions mean "PostgreSQL could not be reached or did not answer", as opposed to a bug.</summary>
internal static class PostgresFailures
{
    public const string UniqueViolation = "23505";

    /// <summary>True for connection refused, timeouts and a server gone mid-call, wherever EF Core wrapped them.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                case EndOfStreamException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether the server answers a trivial query (health checks): false when it cannot be reached in time.</summary>
    public static async Task<bool> AnswersAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            return false;
        }
    }

    public static OrderStoreUnavailableException Unavailable(Exception exception, bool mayHaveApplied) =>
        new(mayHaveApplied
                ? "The order database did not confirm the write (the connection failed while committing): it may or may not have been saved."
                : "The order database could not be reached or did not answer in time.",
            mayHaveApplied,
            exception);
}
