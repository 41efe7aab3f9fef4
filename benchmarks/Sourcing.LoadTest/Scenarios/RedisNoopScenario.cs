using Sourcing.LoadTest.Recording;
using StackExchange.Redis;

namespace Sourcing.LoadTest.Scenarios;

/// <summary>
/// The other floor: EVALSHA of <c>return 1</c> with StackExchange.Redis, the cheapest Lua round trip the stock store
/// could make, from this process with the same scheduling as the real traffic.
/// </summary>
internal sealed class RedisNoopScenario : ILoadScenario, IDisposable
{
    private const string Script = "return 1";
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _database;
    private readonly byte[] _sha;

    public RedisNoopScenario(string configuration)
    {
        _redis = ConnectionMultiplexer.Connect(configuration);
        _database = _redis.GetDatabase();

        // Loaded on every primary (ToList: all of them, not only the first a lazy First() would reach) so EVALSHA
        // finds it wherever a cluster routes the call.
        _sha = _redis.GetServers().Where(s => !s.IsReplica).Select(s => s.ScriptLoad(Script)).ToList().First();
    }

    public string Name => "Redis EVALSHA return 1";

    public async Task<CallOutcome> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A key spreads the calls over a cluster's slots as the stock keys would; on one node it is only a name.
            var key = (RedisKey)("loadtest:noop:" + Random.Shared.Next(1024));
            await _database.ScriptEvaluateAsync(_sha, [key]);
            return new CallOutcome(Name, StatusNames.Ok);
        }
        catch (RedisException e)
        {
            return new CallOutcome(Name, "REDIS_" + e.GetType().Name.Replace("Redis", string.Empty, StringComparison.Ordinal).Replace("Exception", string.Empty, StringComparison.Ordinal).ToUpperInvariant());
        }
    }

    public void Dispose() => _redis.Dispose();
}
