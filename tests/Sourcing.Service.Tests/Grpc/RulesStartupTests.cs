using Sourcing.Rules.Loading;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>The rule set is loaded while the host starts: a bad folder stops the start instead of failing calls later.</summary>
[Collection(RedisCollection.Name)]
public sealed class RulesStartupTests(RedisFixture redis) : IDisposable
{
    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Fact]
    public void Start_RuleThatThrowsOnEdgeInput_StopsTheHostNamingFileAndRule()
    {
        File.WriteAllText(Path.Combine(_rules, "eligibility.json"), """
            { "WorkflowName": "eligibility", "Rules": [
              { "RuleName": "DividesByZero", "SuccessEvent": "x", "Expression": "line.Quantity / (line.Quantity - line.Quantity) > 0" } ] }
            """);
        using var host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Rules:Directory"] = _rules });

        var thrown = Assert.ThrowsAny<Exception>(() => host.Server);

        var refused = Assert.IsType<RuleSetException>(Unwrap(thrown));
        var problem = Assert.Single(refused.Problems);
        Assert.Equal(("eligibility.json", "DividesByZero"), (problem.File, problem.Rule));
        Assert.Contains("eligibility.json, rule 'DividesByZero'", refused.Message);
    }

    [Fact]
    public void Start_MissingRulesFolder_StopsTheHost()
    {
        using var host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Rules:Directory"] = Path.Combine(_rules, "nowhere") });

        var thrown = Assert.ThrowsAny<Exception>(() => host.Server);

        Assert.Contains("does not exist", Unwrap(thrown).Message);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException or System.Reflection.TargetInvocationException && exception.InnerException is not null)
        {
            exception = exception.InnerException!;
        }

        return exception;
    }
}
