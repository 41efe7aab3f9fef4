using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>
/// A live rule that throws for some orders (quantity 7: not among the inputs validation tries) through the real host:
/// the order is still decided, and the answer says which rule failed and what its failure policy did.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RuleFailureTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly string _rules = WithFailingRule(RepositoryPaths.CopyOfRules());
    private SourcingHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Rules:Directory"] = _rules });
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 50);
        await TestNetwork.Stock(_host, "TENT", "WH-MUNICH", 50);
    }

    [Fact]
    public async Task SourceOrder_RuleThrowsForALine_ExcludesThatCandidateAndExplainsTheFailure()
    {
        var response = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("fail-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 7)));

        // The failing rule's default policy for eligibility is exclude: Frankfurt is out, Munich ships.
        Assert.Equal("WH-MUNICH", Assert.Single(response.Lines[0].Allocations).LocationId);
        var frankfurt = Assert.Single(response.Explanation[0].Candidates, c => c.LocationId == "WH-FRANKFURT");
        Assert.Equal(("excluded", "FrankfurtDividesByQuantityMinusSeven"), (frankfurt.Status, frankfurt.Rule));
        Assert.Contains("failed", frankfurt.Reason);
        Assert.Contains(response.OrderTrace, t => t.StartsWith("FrankfurtDividesByQuantityMinusSeven: failed", StringComparison.Ordinal) && t.Contains("DivideByZeroException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Promise_RuleThrowsForALine_AnswersEveryOption()
    {
        var response = await _host.Sourcing.PromiseAsync(new PromiseRequest
        {
            Channel = "web",
            Destination = new Destination { PostalCode = "60311" },
            Lines = { TestNetwork.Line("1", "TENT", 7) },
            Options = { new DeliveryOption { Id = "standard", Method = DeliveryMethod.Standard } },
        });

        Assert.True(Assert.Single(response.Options).Fulfillable);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        Directory.Delete(_rules, recursive: true);
        return Task.CompletedTask;
    }

    private static string WithFailingRule(string rules)
    {
        File.WriteAllText(Path.Combine(rules, "eligibility.fragile.json"), """
            { "WorkflowName": "eligibility.fragile", "Rules": [
              { "RuleName": "FrankfurtDividesByQuantityMinusSeven", "SuccessEvent": "x",
                "Expression": "location.Id == \"WH-FRANKFURT\" and line.Quantity / (line.Quantity - 7) > 100" } ] }
            """);
        return rules;
    }
}
