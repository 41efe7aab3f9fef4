using StackExchange.Redis;

namespace Sourcing.Service.Replicas;

/// <summary>
/// The replica bus on a Redis pub/sub channel under the key prefix. A message is the signal's name and the sending
/// instance's id; an instance ignores its own. Subscribes when the host starts; while Redis is down at start it keeps
/// trying in the background (the client re-subscribes by itself after later reconnects).
/// </summary>
public sealed partial class RedisReplicaBus(IConnectionMultiplexer redis, ReplicaKeys keys, ReplicaIdentity identity, ILogger<RedisReplicaBus> logger)
    : IReplicaBus, IHostedService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private RedisChannel Channel => RedisChannel.Literal(keys.Signals);

    public event Action<ReplicaSignal>? Received;

    public async Task PublishAsync(ReplicaSignal signal) =>
        await redis.GetSubscriber().PublishAsync(Channel, $"{signal}|{identity.InstanceId}");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TrySubscribeAsync(logFailure: true))
        {
            _ = Task.Run(SubscribeUntilDoneAsync, CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Redis or the connection is already gone: there is no subscription left to end.
        }
    }

    private async Task SubscribeUntilDoneAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryEvery, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TrySubscribeAsync(logFailure: false))
            {
                LogSubscribed(logger);
                return;
            }
        }
    }

    private async Task<bool> TrySubscribeAsync(bool logFailure)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Dispatch(message));
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            if (logFailure)
            {
                LogNotSubscribed(logger, exception.Message);
            }

            return false;
        }
    }

    private void Dispatch(RedisValue message)
    {
        var text = (string?)message ?? "";
        var separator = text.IndexOf('|', StringComparison.Ordinal);
        if (separator < 0 || !Enum.TryParse<ReplicaSignal>(text[..separator], out var signal) || !Enum.IsDefined(signal))
        {
            // A newer instance's signal this one does not know: nothing it could do with it.
            return;
        }

        if (text[(separator + 1)..] == identity.InstanceId)
        {
            return;
        }

        try
        {
            Received?.Invoke(signal);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A failing listener must not end the subscription for the others.
            LogListenerFailed(logger, exception, signal);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not subscribed to the replica signals yet ({Reason}); caches here refresh by their TTL until Redis answers")]
    private static partial void LogNotSubscribed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the replica signals")]
    private static partial void LogSubscribed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the replica signal {Signal} failed")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, ReplicaSignal signal);
}
