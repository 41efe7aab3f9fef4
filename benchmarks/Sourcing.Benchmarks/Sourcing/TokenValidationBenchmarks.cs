using BenchmarkDotNet.Attributes;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Sourcing;

/// <summary>
/// What a JWT costs on the hot path: the same SourceOrder against a host that validates a bearer token on every call
/// and against one where every call is the development principal (no token), in the same run.
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private SourceOrderFixture _open = null!;
    private SourceOrderFixture _secured = null!;

    [GlobalSetup]
    public void Setup()
    {
        _open = new SourceOrderFixture();
        _secured = new SourceOrderFixture(BenchmarkTokens.ChannelAndAdmin());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _open.Dispose();
        _secured.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SourceOrder, no token (development principal)")]
    public Task<SourceOrderResponse> WithoutToken() => _open.Sourcing.SourceOrderAsync(_open.NextOrder()).ResponseAsync;

    [Benchmark(Description = "SourceOrder, JWT validated (HS256)")]
    public Task<SourceOrderResponse> WithJwt() => _secured.Sourcing.SourceOrderAsync(_secured.NextOrder()).ResponseAsync;
}
