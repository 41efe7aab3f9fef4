using Microsoft.Extensions.Logging;
using Npgsql;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// One LISTEN connection per store, shared by every feed waiter: each NOTIFY (sent by a committing writer) completes
/// the current signal and arms a new one. The connection is held open for the store's life and reopened after it
/// drops; waiters bound their wait by their own timeout, so a notification lost while reconnecting only delays them.
/// The order feed and the billing feed each have one, on their own channel.
/// </summary>
internal sealed class OrderFeedListener : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeSpan _reconnectDelay;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startGate = new();
    private TaskCompletionSource _signal = NewSignal();
    private Task? _loop;
    private int _disposed;

    public OrderFeedListener(PostgresOrderStoreOptions options, ILogger logger, string channel = OrdersDbContext.FeedChannel)
    {
        _channel = channel;
        var builder = OrdersDatabase.WithTimeouts(options.ConnectionString, options.CommandTimeout);

        // Its own unpooled connection: it lives as long as the store and must not sit in the pool the requests use.
        // Keepalive queries find a server that died or stalled silently, which a connection only waiting would not notice.
        builder.Pooling = false;
        builder.KeepAlive = Math.Max(1, (int)options.CommandTimeout.TotalSeconds);
        builder.ApplicationName = channel == OrdersDbContext.FeedChannel ? "sourcing-order-feed-listener" : $"sourcing-{channel}-listener";
        _connectionString = builder.ConnectionString;
        _reconnectDelay = options.ListenerReconnectDelay;
        _logger = logger;
    }

    /// <summary>Completes at the next notification (or reconnect). Take it before checking the feed, so nothing falls between.</summary>
    public Task NextSignal
    {
        get
        {
            EnsureStarted();
            return Volatile.Read(ref _signal).Task;
        }
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startGate)
        {
            _loop ??= Task.Run(() => ListenAsync(_stop.Token));
        }
    }

    private void Raise() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, _) => Raise();
                await connection.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"LISTEN {_channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }

                // Events committed while there was no listener were never announced: let waiters look again.
                Raise();
                while (true)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever went wrong, the loop must go on: a dead listener would leave every waiter on its timeout.
                _logger.LogWarning(exception, "The {Channel} feed listener lost its PostgreSQL connection; reconnecting in {Delay}", _channel, _reconnectDelay);
            }

            try
            {
                await Task.Delay(_reconnectDelay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A container disposes a service once per registration that hands it out: the second call is a no-op.
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }
}
