using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Sourcing;

/// <summary>
/// SourceOrder through the in-process gRPC host with Redis: 5 lines, 50 candidate locations, reserve on. Beside it, in
/// the same run, the floor: a gRPC call that does no work (GetRulesVersion, a field read) and a bare Redis script.
/// Each with the host's telemetry off and on, to measure what tracing and metrics cost.
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class SourceOrderBenchmarks
{
    private SourceOrderFixture _fixture = null!;
    private IDatabase _redis = null!;
    private OtlpSink? _sink;

    /// <summary>
    /// Off: today's host. On: traces of every call and metrics, exported over OTLP (HTTP, protobuf, batched) to a
    /// stand-in collector on loopback that reads every export.
    /// </summary>
    [Params(false, true)]
    public bool Telemetry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Dictionary<string, string>? settings = null;
        if (Telemetry)
        {
            _sink = new OtlpSink();
            settings = new Dictionary<string, string>
            {
                ["Telemetry:Enabled"] = "true",
                ["Telemetry:Otlp:Endpoint"] = _sink.Endpoint,
                ["Telemetry:Otlp:Protocol"] = "HttpProtobuf",
            };
        }

        _fixture = new SourceOrderFixture(settings: settings);
        _redis = _fixture.Redis.GetDatabase();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fixture.Dispose();
        if (_sink is not null)
        {
            // Proof the exporter did real work: the collector received exports.
            Console.WriteLine($"// OTLP sink received {_sink.Exports} exports, {_sink.Bytes} bytes");
            _sink.Dispose();
        }
    }

    [Benchmark(Description = "SourceOrder: 5 lines x 50 locations, reserve")]
    public Task<SourceOrderResponse> SourceOrder() => _fixture.Sourcing.SourceOrderAsync(_fixture.NextOrder()).ResponseAsync;

    [Benchmark(Baseline = true, Description = "gRPC echo (GetRulesVersion)")]
    public Task<RulesVersion> GrpcEcho() => _fixture.Rules.GetRulesVersionAsync(new GetRulesVersionRequest()).ResponseAsync;

    [Benchmark(Description = "Bare Redis script (EVAL return 1)")]
    public Task<RedisResult> RedisScript() => _redis.ScriptEvaluateAsync("return 1");
}
