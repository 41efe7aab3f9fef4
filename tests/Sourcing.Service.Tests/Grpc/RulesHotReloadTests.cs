using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>Rule files edited on disk under a running host: a bad edit never replaces the good set.</summary>
[Collection(RedisCollection.Name)]
public sealed class RulesHotReloadTests : IDisposable
{
    private readonly string _rules = RepositoryPaths.CopyOfRules();
    private readonly SourcingHost _host;

    public RulesHotReloadTests(RedisFixture redis)
    {
        _host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Rules:Directory"] = _rules, ["Rules:WatchFiles"] = "true" });
    }

    private RulesService.RulesServiceClient Rules => new(_host.Channel);

    public static TheoryData<string, string?, string> BadEdits => new()
    {
        { """{ "WorkflowName": "eligibility", "Rules": [ """, null, "malformed" },
        { """{ "WorkflowName": "eligibility", "Rules": [ { "RuleName": "Typo", "SuccessEvent": "x", "Expression": "line.Hazardous", "Expresion": "true" } ] }""", "Typo", "Expresion" },
        { """{ "WorkflowName": "eligibility", "Rules": [ { "RuleName": "Syntax", "SuccessEvent": "x", "Expression": "line.Hazardous and and true" } ] }""", "Syntax", "does not compile" },
        { """{ "WorkflowName": "eligibility", "Rules": [ { "RuleName": "NoSuchProperty", "SuccessEvent": "x", "Expression": "line.DistanceKm > 3" } ] }""", "NoSuchProperty", "DistanceKm" },
        { """{ "WorkflowName": "eligibility", "Rules": [ { "RuleName": "Sneaky", "SuccessEvent": "x", "Expression": "line.GetType().Assembly.Location != \"\"" } ] }""", "Sneaky", "'GetType'" },
        { """{ "WorkflowName": "eligibility", "Rules": [ { "RuleName": "DividesByZero", "SuccessEvent": "x", "Expression": "line.Quantity / (line.Quantity - line.Quantity) > 0" } ] }""", "DividesByZero", "DivideByZeroException" },
        { """{ "WorkflowName": "eligibility", "Rules": [ { "RuleName": "LiteralTrick", "SuccessEvent": "x", "Expression": "1L.ToString(\"D100000000\").Length > 0" } ] }""", "LiteralTrick", "'ToString'" },
    };

    [Theory]
    [MemberData(nameof(BadEdits))]
    public async Task FileEdit_BadRuleFile_IsRefusedWithFileRuleReasonAndPreviousSetStaysActive(string content, string? rule, string reason)
    {
        var before = await Rules.GetRulesVersionAsync(new GetRulesVersionRequest());

        await File.WriteAllTextAsync(Path.Combine(_rules, "eligibility.json"), content);
        var after = await WaitForReloadAsync(r => r.HasLastReloadApplied);

        Assert.False(after.LastReloadApplied);
        Assert.Equal(before.Version, after.Version);
        var problem = Assert.Single(after.LastReloadProblems);
        Assert.Equal(("eligibility.json", rule ?? ""), (problem.File, problem.Rule));
        Assert.Contains(reason, problem.Problem);
        var listed = await Rules.ListRulesAsync(new ListRulesRequest());
        Assert.Equal(before.Version, listed.Version);
        Assert.Contains(listed.Rules, r => r.Name == "HazardousNeverFromStores");
    }

    [Fact]
    public async Task FileEdit_ValidRule_IsAppliedWithANewVersion()
    {
        var before = await Rules.GetRulesVersionAsync(new GetRulesVersionRequest());

        await File.WriteAllTextAsync(Path.Combine(_rules, "far-away.json"), """
            { "WorkflowName": "eligibility.distance", "Rules": [
              { "RuleName": "NothingFromFarAway", "SuccessEvent": "Too far.", "Expression": "location.DistanceKm > 900" } ] }
            """);
        var after = await WaitForReloadAsync(r => r.Version != before.Version);

        Assert.True(after.LastReloadApplied);
        Assert.Contains((await Rules.ListRulesAsync(new ListRulesRequest())).Rules, r => r is { Name: "NothingFromFarAway", Origin: "far-away.json" });
    }

    [Fact]
    public async Task ValidateRuleFile_Candidate_ReportsProblemsAndWritesNothing()
    {
        var response = await Rules.ValidateRuleFileAsync(new ValidateRuleFileRequest
        {
            FileName = "candidate.json",
            Content = """{ "WorkflowName": "policy", "Rules": [ { "RuleName": "Bad", "Expression": "order.Channel == \"web\"", "Properties": { "maxShipments": 0 } } ] }""",
        });

        Assert.False(response.Valid);
        Assert.Equal(("candidate.json", "Bad"), (response.Problems[0].File, response.Problems[0].Rule));
        Assert.False(File.Exists(Path.Combine(_rules, "candidate.json")));
    }

    [Fact]
    public async Task ValidateRuleFile_TwentyFiveThousandRules_IsRefusedBySizeWithoutCompilingThem()
    {
        var rules = string.Join(",", Enumerable.Range(0, 25_000).Select(i => $$"""{ "RuleName": "R{{i}}", "SuccessEvent": "x", "Expression": "line.Quantity > {{i}}" }"""));
        await Rules.ValidateRuleFileAsync(new ValidateRuleFileRequest { FileName = "warm-up.json", Content = """{ "WorkflowName": "eligibility.w", "Rules": [] }""" });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var response = await Rules.ValidateRuleFileAsync(new ValidateRuleFileRequest
        {
            FileName = "candidate.json",
            Content = $$"""{ "WorkflowName": "eligibility.many", "Rules": [ {{rules}} ] }""",
        });

        Assert.False(response.Valid);
        var problem = Assert.Single(response.Problems);
        Assert.Equal("candidate.json", problem.File);
        Assert.Contains("KB", problem.Problem);
        // Compiling them took 5.9 s of CPU; refusing by size is a fraction of a second even on a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"validation took {watch.Elapsed}");
    }

    [Fact]
    public async Task ValidateRuleFile_RulesFolderGone_AnswersAProblemWithoutTheServersPath()
    {
        await Rules.GetRulesVersionAsync(new GetRulesVersionRequest());
        var moved = _rules + "-moved";
        Directory.Move(_rules, moved);
        try
        {
            var response = await Rules.ValidateRuleFileAsync(new ValidateRuleFileRequest
            {
                FileName = "candidate.json",
                Content = """{ "WorkflowName": "eligibility.x", "Rules": [] }""",
            });

            Assert.False(response.Valid);
            var problem = Assert.Single(response.Problems);
            Assert.Equal((".", "the rules folder does not exist"), (problem.File, problem.Problem));
        }
        finally
        {
            Directory.Move(moved, _rules);
        }
    }

    [Fact]
    public async Task ValidateRuleFile_PathInFileName_IsInvalidArgument()
    {
        await RpcAssert.InvalidArgumentAsync("file_name", () => Rules.ValidateRuleFileAsync(new ValidateRuleFileRequest { FileName = "../etc/x.json", Content = "{}" }).ResponseAsync);
    }

    [Fact]
    public async Task ReloadRules_OnRequest_ReportsTheActiveVersion()
    {
        var version = await Rules.GetRulesVersionAsync(new GetRulesVersionRequest());

        var reload = await Rules.ReloadRulesAsync(new ReloadRulesRequest());

        Assert.True(reload.Applied);
        Assert.Equal(version.Version, reload.ActiveVersion);
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_rules, recursive: true);
    }

    private async Task<RulesVersion> WaitForReloadAsync(Func<RulesVersion, bool> done)
    {
        // The watcher debounces for 300 ms; give it a generous bound, not a tight timing.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var current = await Rules.GetRulesVersionAsync(new GetRulesVersionRequest());
            if (done(current))
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < deadline, "the host did not reload within 15 s of the file change");
            await Task.Delay(100);
        }
    }
}
