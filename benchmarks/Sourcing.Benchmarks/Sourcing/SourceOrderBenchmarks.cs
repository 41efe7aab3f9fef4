using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Sourcing;

/// <summary>
/// SourceOrder through the in-process gRPC host with Redis: 5 lines, 50 candidate locations, reserve on. Beside it, in
/// the same run, the floor: a gRPC call that does no work (GetRulesVersion, a field read) and a bare Redis script.
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class SourceOrderBenchmarks
{
    private SourceOrderFixture _fixture = null!;
    private IDatabase _redis = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new SourceOrderFixture();
        _redis = _fixture.Redis.GetDatabase();
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Description = "SourceOrder: 5 lines x 50 locations, reserve")]
    public Task<SourceOrderResponse> SourceOrder() => _fixture.Sourcing.SourceOrderAsync(_fixture.NextOrder()).ResponseAsync;

    [Benchmark(Baseline = true, Description = "gRPC echo (GetRulesVersion)")]
    public Task<RulesVersion> GrpcEcho() => _fixture.Rules.GetRulesVersionAsync(new GetRulesVersionRequest()).ResponseAsync;

    [Benchmark(Description = "Bare Redis script (EVAL return 1)")]
    public Task<RedisResult> RedisScript() => _redis.ScriptEvaluateAsync("return 1");
}
