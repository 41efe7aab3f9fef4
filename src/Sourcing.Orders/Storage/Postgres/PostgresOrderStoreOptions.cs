namespace Sourcing.Orders.Storage.Postgres;

/// <summary>How the PostgreSQL order store connects.</summary>
public sealed class PostgresOrderStoreOptions
{
    /// <summary>An Npgsql connection string (Host, Port, Database, Username, ...).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long one statement, and opening a connection, may take before the caller gets
    /// <see cref="OrderStoreUnavailableException"/>: short, so a stalled database fails a call instead of hanging it.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause before the feed listener reconnects after losing its connection.</summary>
    public TimeSpan ListenerReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("The order store's PostgreSQL connection string is empty.", nameof(ConnectionString));
        }

        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "The order store's command timeout must be between 1 s and 5 min (Npgsql counts whole seconds).");
        }
    }
}
