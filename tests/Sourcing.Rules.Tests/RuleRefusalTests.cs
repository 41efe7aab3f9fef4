using Sourcing.Rules.Loading;
using Sourcing.Rules.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>
/// Every bad edit is refused with file, rule and reason, and the previous set stays active. The forbidden
/// expressions are the ones measured to work in plain RulesEngine 6.0.1.
/// </summary>
public sealed class RuleRefusalTests : IDisposable
{
    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Fact]
    public void Load_MalformedJson_NamesTheFile()
    {
        File.WriteAllText(Path.Combine(_rules, "broken.json"), "{ \"WorkflowName\": \"eligibility\", \"Rules\": [ ");

        var problem = Assert.Single(Refused());

        Assert.Equal("broken.json", problem.File);
        Assert.Contains("malformed", problem.Problem);
    }

    [Theory]
    [InlineData("{ \"WorkflowName\": \"eligibility\", \"Rules\": null }", "Rules is required")]
    [InlineData("{ \"WorkflowName\": \"eligibility\", \"Rules\": [ null ] }", "Rules[0]")]
    [InlineData("{ \"WorkflowName\": null, \"Rules\": [] }", "WorkflowName is required")]
    [InlineData("{ \"WorkflowName\": \"eligibility\", \"Rules\": [ { \"RuleName\": null, \"Expression\": \"true\" } ] }", "Rules[0]")]
    public void Load_NullWhereAPartIsRequired_NamesThePart(string json, string named)
    {
        File.WriteAllText(Path.Combine(_rules, "nulls.json"), json);

        var problem = Assert.Single(Refused());

        Assert.Equal("nulls.json", problem.File);
        Assert.Contains(named, problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownField_NamesFileRuleAndField()
    {
        WriteRule("TypoRule", "line.Hazardous", extra: ", \"Expresion\": \"true\"");

        var problem = Assert.Single(Refused());

        Assert.Equal(("candidate.json", "TypoRule"), (problem.File, problem.Rule));
        Assert.Contains("Expresion", problem.Problem);
    }

    [Fact]
    public void Load_ExpressionSyntaxError_NamesTheRule()
    {
        WriteRule("BrokenSyntax", "line.Hazardous and and location.Type == \\\"store\\\"");

        var problem = Assert.Single(Refused());

        Assert.Equal("BrokenSyntax", problem.Rule);
        Assert.Contains("does not compile", problem.Problem);
    }

    [Fact]
    public void Load_UnknownFactProperty_NamesTheProperty()
    {
        WriteRule("UnknownProperty", "line.Colour == \\\"red\\\"");

        var problem = Assert.Single(Refused());

        Assert.Equal("UnknownProperty", problem.Rule);
        Assert.Contains("Colour", problem.Problem);
    }

    [Fact]
    public void Load_PropertyOfAnotherFact_IsRefusedByTheCompiler()
    {
        WriteRule("WrongFact", "line.DistanceKm > 100");

        var problem = Assert.Single(Refused());

        Assert.Equal("WrongFact", problem.Rule);
        Assert.Contains("does not compile", problem.Problem);
        Assert.Contains("DistanceKm", problem.Problem);
    }

    [Theory]
    [InlineData("line.GetType().Assembly.Location != \\\"\\\"", "GetType")]
    [InlineData("line.GetType().Assembly.DefinedTypes.Count() > 0", "GetType")]
    [InlineData("line.Sku.GetType().Name == \\\"String\\\"", "GetType")]
    [InlineData("System.IO.File.Exists(\\\"/etc/passwd\\\")", "System")]
    [InlineData("Environment.GetEnvironmentVariable(\\\"HOME\\\") != null", "Environment")]
    [InlineData("Activator.CreateInstance(\\\"x\\\", \\\"y\\\") != null", "Activator")]
    [InlineData("\\\"a\\\".PadLeft(10000000).Length > 0", "PadLeft")]
    [InlineData("line.ToString().Length > 0", "ToString")]
    [InlineData("line.Equals(location)", "Equals")]
    [InlineData("new System.IO.FileInfo(\\\"x\\\").Exists", "new")]
    public void Load_ForbiddenExpression_IsRefusedNamingTheWord(string expression, string word)
    {
        WriteRule("Sneaky", expression);

        var problem = Assert.Single(Refused());

        Assert.Equal("Sneaky", problem.Rule);
        Assert.Contains($"'{word}'", problem.Problem);
    }

    [Theory]
    [InlineData("1L.ToString(\\\"D100000000\\\").Length > 0", "ToString")]
    [InlineData("1.0.GetType() != null", "GetType")]
    [InlineData("1m.ToString() != \\\"\\\"", "ToString")]
    [InlineData("0x10.ToString() != \\\"\\\"", "ToString")]
    [InlineData("1U.GetTypeCode() != null", "GetTypeCode")]
    [InlineData("line.Sku.PadLeft(5) != \\\"\\\"", "PadLeft")]
    public void Load_MemberCallOnALiteral_IsRefusedFromTheParsedTree(string expression, string member)
    {
        WriteRule("LiteralTrick", expression);

        var problem = Assert.Single(Refused());

        Assert.Equal("LiteralTrick", problem.Rule);
        Assert.Contains($"'{member}'", problem.Problem);
    }

    [Fact]
    public void Load_ExpressionWithTooManyParts_IsRefused()
    {
        // Under the length limit, over the node limit: each "+1" is two nodes of work per evaluation.
        WriteRule("Sprawling", "line.Quantity > 1" + string.Concat(Enumerable.Repeat("+1", 300)));

        Assert.Contains("parts", Assert.Single(Refused()).Problem);
    }

    [Fact]
    public void Load_AllowedTextAndMathMembers_CompileAndDecide()
    {
        WriteRule("TextAndMath", "line.Sku.StartsWith(\\\"GAS\\\") and line.Sku.ToUpperInvariant().Contains(\\\"-4\\\") and Math.Abs(location.DistanceKm - 10) < 5 and line.Sku.Length > 3 and location.Type + \\\"x\\\" == \\\"warehousex\\\" and 1.5m < 2");
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());

        var directives = Sourcing.Rules.Evaluation.RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(), null, (Make.Line(sku: "GAS-450"), [Make.Warehouse() with { DistanceKm = 12 }, Make.Warehouse("WH-FAR")])));

        Assert.Equal(["WH-1"], directives.Exclusions.Where(e => e.Rule == "TextAndMath").Select(e => e.LocationId));
    }

    [Fact]
    public void Load_PolicyRuleNamingALine_IsRefused()
    {
        File.WriteAllText(Path.Combine(_rules, "candidate.json"), """
            { "WorkflowName": "policy", "Rules": [ { "RuleName": "LineInPolicy", "Expression": "line.Quantity > 3", "Properties": { "maxShipments": 1 } } ] }
            """);

        var problem = Assert.Single(Refused());

        Assert.Contains("'line'", problem.Problem);
    }

    [Fact]
    public void Load_CostRuleWithoutEffectOrWithUnknownEffect_IsRefused()
    {
        File.WriteAllText(Path.Combine(_rules, "candidate.json"), """
            { "WorkflowName": "cost", "Rules": [
              { "RuleName": "NoEffect", "Expression": "location.DistanceKm > 500" },
              { "RuleName": "WrongEffect", "Expression": "location.DistanceKm > 500", "Properties": { "perUnitEuro": 2 } } ] }
            """);

        var problems = Refused();

        Assert.Contains(problems, p => p.Rule == "NoEffect" && p.Problem.Contains("Properties", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Rule == "WrongEffect" && p.Problem.Contains("perUnitEuro", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DuplicateRuleName_IsRefused()
    {
        WriteRule("HazardousNeverFromStores", "line.Hazardous");

        Assert.Contains(Refused(), p => p.Rule == "HazardousNeverFromStores" && p.Problem.Contains("more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void Reload_BadEdit_KeepsPreviousSetAndReportsWhy()
    {
        using var host = new RuleSetHost(_rules, new RulesOptions { WatchFiles = false });
        var before = host.Current;
        WriteRule("Sneaky", "line.GetType().Assembly.Location != \\\"\\\"");

        var result = host.Reload();

        Assert.False(result.Applied);
        Assert.Same(before, host.Current);
        Assert.Equal(before.Version, result.ActiveVersion);
        Assert.Equal(("candidate.json", "Sneaky"), (result.Problems[0].File, result.Problems[0].Rule));
    }

    [Fact]
    public void Load_RuleUsingHelpers_CompilesAndDecides()
    {
        WriteRule("NearbyWebOrders", "RuleHelpers.IsOneOf(order.Channel, \\\"web, app\\\") and RuleHelpers.Between(location.DistanceKm, 0, 50) and Math.Max(line.Quantity, 1) > 2");
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());
        var near = Make.Warehouse() with { DistanceKm = 20 };

        var directives = Sourcing.Rules.Evaluation.RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(channel: "app"), null, (Make.Line(quantity: 3), [near, Make.Warehouse("WH-FAR")])));

        Assert.Equal(["WH-1"], directives.Exclusions.Where(e => e.Rule == "NearbyWebOrders").Select(e => e.LocationId));
    }

    [Fact]
    public void Reload_GoodEdit_AppliesWithANewVersion()
    {
        using var host = new RuleSetHost(_rules, new RulesOptions { WatchFiles = false });
        var before = host.Current.Version;
        WriteRule("FarWarehousesExcluded", "location.DistanceKm > 800");

        var result = host.Reload();

        Assert.True(result.Applied);
        Assert.NotEqual(before, host.Current.Version);
        Assert.Contains(host.Current.Rules, r => r.Name == "FarWarehousesExcluded");
    }

    [Fact]
    public void Validate_CandidateFile_ReportsProblemsWithoutApplying()
    {
        var problems = RuleSetLoader.Validate(_rules, new RulesOptions(), "new.json", """
            { "WorkflowName": "eligibility", "Rules": [ { "RuleName": "X", "SuccessEvent": "x", "Expression": "line.Nope" } ] }
            """);

        Assert.Equal(("new.json", "X"), (Assert.Single(problems).File, problems[0].Rule));
        Assert.False(File.Exists(Path.Combine(_rules, "new.json")));
    }

    [Fact]
    public void Version_SameFiles_SameVersion()
    {
        var first = RuleSetLoader.Load(_rules, new RulesOptions());
        var second = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions());

        Assert.Equal(first.Version, second.Version);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private void WriteRule(string name, string expression, string extra = "") =>
        File.WriteAllText(Path.Combine(_rules, "candidate.json"), $$"""
            { "WorkflowName": "eligibility", "Rules": [ { "RuleName": "{{name}}", "SuccessEvent": "test", "Expression": "{{expression}}"{{extra}} } ] }
            """);

    private IReadOnlyList<RuleProblem> Refused() =>
        Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions())).Problems;
}
