using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>The explanation stays bounded on a large network: the chosen and cheapest candidates are listed, the rest counted.</summary>
[Collection(RedisCollection.Name)]
public sealed class SourceOrderExplainTests(RedisFixture redis) : IDisposable
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    [Fact]
    public async Task SourceOrder_ExplainOnFiftyTwoCandidates_ListsThirtyAndCountsTheRest()
    {
        for (var i = 0; i < 52; i++)
        {
            var id = $"WH-{i:D2}";
            await _host.AddLocationAsync(id, true, i < 40 ? "web" : "store");
            await TestNetwork.Stock(_host, "TENT", id, 10 + i);
        }

        var request = TestNetwork.Order("explain-big", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2), TestNetwork.Line("2", "TENT", 1));
        var response = await _host.Sourcing.SourceOrderAsync(request);

        Assert.Equal(2, response.Explanation.Count);
        Assert.All(response.Explanation, line =>
        {
            Assert.True(line.Truncated);
            Assert.Equal((20, 2), (line.OmittedEligible, line.OmittedNotEligible));
            Assert.Equal(20, line.Candidates.Count(c => c.Status != "not eligible"));
            Assert.Equal(10, line.Candidates.Count(c => c.Status == "not eligible"));
        });
        var chosen = Assert.Single(response.Shipments).LocationId;
        Assert.Equal("chosen", Assert.Single(response.Explanation[0].Candidates, c => c.LocationId == chosen).Status);
    }

    [Fact]
    public async Task SourceOrder_ExplainOnFewCandidates_ListsAllAndIsNotTruncated()
    {
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
        await TestNetwork.Stock(_host, "TENT", "WH-MUNICH", 10);

        var response = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("explain-small", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));

        var line = Assert.Single(response.Explanation);
        Assert.False(line.Truncated);
        Assert.Equal(2, line.Candidates.Count);
    }

    public void Dispose() => _host.Dispose();
}
