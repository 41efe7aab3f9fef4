using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Returns.Ports;

/// <summary>
/// The return rules in a running host: listed with their kind, checked by ValidateRuleFile, and a bad edit of
/// returns.json refused on reload naming the file and the rule while the previous set keeps deciding.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ReturnRulesReloadTests : IDisposable
{
    private const string FeeOverAHundredPercent = """
        { "WorkflowName": "return", "Rules": [ { "RuleName": "GreedyFee", "SuccessEvent": "Opened.",
          "Expression": "line.Reason == \"no_longer_wanted\"", "Properties": { "restockingFeeBasisPoints": 20000 } } ] }
        """;

    private readonly string _rules = RepositoryPaths.CopyOfRules();
    private readonly SourcingHost _host;

    public ReturnRulesReloadTests(RedisFixture redis)
    {
        _host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Rules:Directory"] = _rules, ["Rules:WatchFiles"] = "false" });
    }

    private RulesService.RulesServiceClient Rules => new(_host.Channel);

    [Fact]
    public async Task ListRules_RealRulesFolder_ListsTheReturnPolicyAsKindReturn()
    {
        var listed = await Rules.ListRulesAsync(new ListRulesRequest());

        Assert.Contains(listed.Rules, r => r is { Name: "HygieneItemsAreFinalSale", Kind: "return", Origin: "returns.json" });
        Assert.Equal(8, listed.Rules.Count(r => r.Kind == "return"));
    }

    [Fact]
    public async Task ReloadRules_ReturnRuleWithAFeeOverAHundredPercent_IsRefusedNamingFileAndRuleAndTheVersionStays()
    {
        var before = await Rules.GetRulesVersionAsync(new GetRulesVersionRequest());
        await File.WriteAllTextAsync(Path.Combine(_rules, "returns.json"), FeeOverAHundredPercent);

        var reload = await Rules.ReloadRulesAsync(new ReloadRulesRequest());

        Assert.False(reload.Applied);
        Assert.Equal(before.Version, reload.ActiveVersion);
        var problem = Assert.Single(reload.Problems);
        Assert.Equal(("returns.json", "GreedyFee"), (problem.File, problem.Rule));
        Assert.Contains("restockingFeeBasisPoints must be 0 to 10000", problem.Problem);
        Assert.Equal(before.Version, (await Rules.GetRulesVersionAsync(new GetRulesVersionRequest())).Version);
    }

    [Fact]
    public async Task ValidateRuleFile_ReturnRuleWithAFeeOverAHundredPercent_ReportsTheRuleAndWritesNothing()
    {
        var response = await Rules.ValidateRuleFileAsync(new ValidateRuleFileRequest { FileName = "returns.json", Content = FeeOverAHundredPercent });

        Assert.False(response.Valid);
        Assert.Equal(("returns.json", "GreedyFee"), (response.Problems[0].File, response.Problems[0].Rule));
        Assert.DoesNotContain("GreedyFee", await File.ReadAllTextAsync(Path.Combine(_rules, "returns.json")));
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_rules, recursive: true);
    }
}
