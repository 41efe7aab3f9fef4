using Sourcing.Rules.Facts;
using Sourcing.Rules.Loading;
using Sourcing.Rules.Scenarios;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>
/// The return kind: rules over a returned line, the return and the customer's credit facts that refuse lines, charge
/// restocking fees and grant instant refunds or goods sent ahead; refused at load when their effect is out of bounds,
/// and never deciding in the customer's favour when they throw.
/// </summary>
public sealed class ReturnRuleTests : IDisposable
{
    private static readonly ReturnFact WebRefund = new() { Kind = "refund", RequestedVia = "web", OrderChannel = "web", PaymentMethod = "card", OrderTotalMinor = 10_000, Country = "DE" };

    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Theory]
    [InlineData("""{ "restockingFeeBasisPoints": 10001 }""", "restockingFeeBasisPoints must be 0 to 10000")]
    [InlineData("""{ "restockingFeeBasisPoints": -1 }""", "restockingFeeBasisPoints must be 0 to 10000")]
    [InlineData("""{ "restockingFeeBasisPoints": "10 %" }""", "property 'restockingFeeBasisPoints' must be a whole number")]
    [InlineData("""{ "returnWithinDays": 0 }""", "returnWithinDays must be 1 to 365")]
    [InlineData("""{ "returnWithinDays": 366 }""", "returnWithinDays must be 1 to 365")]
    [InlineData("""{ "refuse": false }""", "refuse must be true")]
    [InlineData("""{ "instantRefund": "yes" }""", "must be true or false")]
    [InlineData("""{ "hold": "X" }""", "known: refuse, restockingFeeBasisPoints")]
    [InlineData("""{ "refuse": true, "onFailure": "skip" }""", "onFailure is not taken by a return rule")]
    public void Load_ReturnRuleWithBadEffect_IsRefusedNamingTheFileAndRule(string properties, string reason)
    {
        WriteReturns($$"""{ "RuleName": "BadEffect", "SuccessEvent": "why", "Expression": "line.DaysSinceDelivery > 30", "Properties": {{properties}} }""");

        var problem = Assert.Single(Refused());

        Assert.Equal(("returns.json", "BadEffect"), (problem.File, problem.Rule));
        Assert.Contains(reason, problem.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("order.TotalMinor > 3", "'order'")]
    [InlineData("location.DistanceKm > 3", "'location'")]
    [InlineData("line.WeightGrams > 3", "WeightGrams")]
    public void Load_ReturnRuleNamingAFactItCannotSee_IsRefused(string expression, string named)
    {
        WriteReturns($$"""{ "RuleName": "SeesTooMuch", "SuccessEvent": "why", "Expression": "{{expression}}", "Properties": { "refuse": true } }""");

        var problem = Assert.Single(Refused());

        Assert.Equal("SeesTooMuch", problem.Rule);
        Assert.Contains(named, problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReturnRuleWithoutAReason_IsRefused()
    {
        WriteReturns("""{ "RuleName": "Silent", "Expression": "line.DaysSinceDelivery > 30", "Properties": { "refuse": true } }""");

        Assert.Contains("SuccessEvent", Assert.Single(Refused()).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReturnRuleThatThrowsForAFreeItem_IsRefusedByTheProbe()
    {
        WriteReturns("""{ "RuleName": "FeeShare", "SuccessEvent": "why", "Expression": "100 / line.UnitPriceMinor > 1", "Properties": { "restockingFeeBasisPoints": 500 } }""");

        var problem = Assert.Single(Refused());

        Assert.Equal("FeeShare", problem.Rule);
        Assert.Contains("free item", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RealRulesFolder_ListsTheReturnRulesAsKindReturn()
    {
        var rules = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions { WatchFiles = false });

        Assert.Contains(rules.Rules, r => r is { Name: "OnlineOrdersReturnWithin30Days", Kind: "return", Origin: "returns.json" });
    }

    [Fact]
    public void EvaluateReturn_TwoRefusingRulesAndTwoFees_ListsBothRefusalsAndTakesTheHighestFee()
    {
        var rules = LoadWith("""
            { "RuleName": "Late", "SuccessEvent": "Too late.", "Expression": "line.DaysSinceDelivery > 30", "Properties": { "refuse": true } },
            { "RuleName": "Hygiene", "SuccessEvent": "Final sale.", "Expression": "line.Category == \"hygiene\"", "Properties": { "refuse": true } },
            { "RuleName": "SmallFee", "SuccessEvent": "Opened.", "Expression": "line.Reason == \"no_longer_wanted\"", "Properties": { "restockingFeeBasisPoints": 500 } },
            { "RuleName": "BigFee", "SuccessEvent": "Electronics opened.", "Expression": "line.Category == \"electronics\"", "Properties": { "restockingFeeBasisPoints": 1500 } }
            """);

        var outcome = rules.EvaluateReturn(WebRefund, new CustomerFact(),
        [
            Line("L1", category: "hygiene", days: 40),
            Line("L2", category: "electronics", days: 3),
        ]);

        Assert.Equal([("Late", "Too late."), ("Hygiene", "Final sale.")], outcome.Lines[0].RefusedBy.Select(r => (r.Rule, r.Reason)));
        Assert.Equal((false, 1500), (outcome.Lines[1].Refused, outcome.Lines[1].RestockingFeeBasisPoints));
        Assert.Equal(rules.Version, outcome.RulesVersion);
        Assert.Contains("line L2: restocking fee 15 % by BigFee: Electronics opened.", outcome.Explanation);
    }

    [Fact]
    public void EvaluateReturn_GrantForSomeLinesOnly_GrantsNothingAndSaysWhichLineWasNotCovered()
    {
        var rules = LoadWith("""
            { "RuleName": "CheapGoesAhead", "SuccessEvent": "Cheap items ship ahead.", "Expression": "line.UnitPriceMinor < 5000", "Properties": { "shipBeforeReturn": true, "instantRefund": true } },
            { "RuleName": "Back14", "SuccessEvent": "Two weeks.", "Expression": "true", "Properties": { "returnWithinDays": 14 } },
            { "RuleName": "Back10", "SuccessEvent": "Ten days for expensive items.", "Expression": "line.UnitPriceMinor >= 5000", "Properties": { "returnWithinDays": 10 } }
            """);

        var both = rules.EvaluateReturn(WebRefund, new CustomerFact(), [Line("L1", price: 1000), Line("L2", price: 9000)]);
        var cheapOnly = rules.EvaluateReturn(WebRefund, new CustomerFact(), [Line("L1", price: 1000)]);

        Assert.Equal((false, false, 10), (both.InstantRefund, both.ShipBeforeReturn, both.ReturnWithinDays));
        Assert.Contains("no instant refund: no rule grants it for line L2", both.Explanation);
        Assert.Equal((true, true, 14), (cheapOnly.InstantRefund, cheapOnly.ShipBeforeReturn, cheapOnly.ReturnWithinDays));
    }

    [Fact]
    public void EvaluateReturn_RulesThatThrow_RefuseTheLineGrantNothingAndIgnoreTheFee()
    {
        // 7 is not among the edge inputs: the rules pass the probe and throw on this line only.
        var rules = LoadWith("""
            { "RuleName": "FragileWindow", "SuccessEvent": "Too late.", "Expression": "100 / (line.Quantity - 7) > 1000", "Properties": { "refuse": true } },
            { "RuleName": "FragileTrust", "SuccessEvent": "Trusted.", "Expression": "100 / (line.Quantity - 7) > -1000", "Properties": { "instantRefund": true } },
            { "RuleName": "FragileFee", "SuccessEvent": "Fee.", "Expression": "100 / (line.Quantity - 7) > -1000", "Properties": { "restockingFeeBasisPoints": 2000 } }
            """);

        var outcome = rules.EvaluateReturn(WebRefund, new CustomerFact(), [Line("L1", quantity: 7)]);

        var line = Assert.Single(outcome.Lines);
        Assert.Equal((true, "FragileWindow", 0), (line.Refused, Assert.Single(line.RefusedBy).Rule, line.RestockingFeeBasisPoints));
        Assert.Contains("could not be checked", line.RefusedBy[0].Reason, StringComparison.Ordinal);
        Assert.False(outcome.InstantRefund);
        Assert.Equal(["FragileWindow", "FragileTrust", "FragileFee"], outcome.FailedRules);
        Assert.Contains(outcome.Explanation, e => e.StartsWith("line L1: the rule FragileWindow failed (DivideByZeroException", StringComparison.Ordinal) && e.EndsWith("refuses the line", StringComparison.Ordinal));
        Assert.Contains(outcome.Explanation, e => e.StartsWith("line L1: the rule FragileTrust failed", StringComparison.Ordinal) && e.EndsWith("grants nothing", StringComparison.Ordinal));
    }

    [Fact]
    public void EvaluateReturn_RealPolicy_RefusesLateWebLineAndKeepsWarrantyLine()
    {
        var rules = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions { WatchFiles = false });

        var outcome = rules.EvaluateReturn(WebRefund, new CustomerFact { InvoicesPaid = 3 },
            [Line("L1", days: 31), Line("L2", days: 400, reason: "defect_under_warranty")]);

        Assert.Equal(["OnlineOrdersReturnWithin30Days"], outcome.Lines[0].RefusedBy.Select(r => r.Rule));
        Assert.False(outcome.Lines[1].Refused);
        Assert.True(outcome.InstantRefund);
    }

    [Theory]
    [InlineData(4, 5_000, false)]
    [InlineData(4, 4_999, true)]
    [InlineData(3, 10_000, true)]
    public void EvaluateReturn_RealPolicy_FrequentReturnerWithFourOrdersNotRefundedAtDropOff(int ordersCount, int returnRateBasisPoints, bool instantRefund)
    {
        var rules = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions { WatchFiles = false });
        var customer = new CustomerFact { InvoicesPaid = 5, OrdersCount = ordersCount, ReturnRateBasisPoints = returnRateBasisPoints, LifetimeValueMinor = 20_000 };

        var outcome = rules.EvaluateReturn(WebRefund, customer, [Line("L1")]);

        Assert.Equal(instantRefund, outcome.InstantRefund);
    }

    [Fact]
    public void Evaluate_OrderSourcing_NeverRunsReturnRules()
    {
        var rules = LoadWith("""{ "RuleName": "AlwaysRefuse", "SuccessEvent": "No.", "Expression": "true", "Properties": { "refuse": true } }""");
        var input = new RuleInput(new OrderFact { Id = "O-1", Channel = "web" }, new CustomerFact(),
            [new LineCandidates(new LineFact { Sku = "S", Quantity = 1 }, [new LocationFact { Id = "WH-1", Type = "warehouse", StockOfSku = 5 }])]);

        var directives = Evaluation.RuleEvaluator.Evaluate(rules, input);

        Assert.DoesNotContain(directives.Trace, t => t.Rule == "AlwaysRefuse");
        Assert.Empty(directives.Failures);
    }

    [Fact]
    public void Scenario_WrongReturnExpectation_FailsNamingWhatDiffers()
    {
        var rules = LoadWith("""{ "RuleName": "Late", "SuccessEvent": "Too late.", "Expression": "line.DaysSinceDelivery > 30", "Properties": { "refuse": true } }""");
        var path = Path.Combine(_rules, "scenarios", "return-wrong.json");
        File.WriteAllText(path, """
            { "name": "wrong", "return": { "rma": { "kind": "refund" }, "lines": [ { "lineId": "L1", "daysSinceDelivery": 40 }, { "lineId": "L2", "daysSinceDelivery": 2 } ] },
              "expect": { "return": { "refused": [ { "line": "L2" } ], "notRefused": [ "L1" ], "instantRefund": true } } }
            """);

        var result = ScenarioRunner.Run(path, rules);

        Assert.Equal(
            ["line L2 should be refused, but is not", "line L1 should not be refused, but Late refused it", "instant refund should be True, is False"],
            result.Failures);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private static ReturnLineFact Line(string id, string category = "apparel", int days = 5, long price = 4_900, int quantity = 1, string reason = "no_longer_wanted") =>
        new() { LineId = id, Sku = "SKU-" + id, Category = category, Quantity = quantity, UnitPriceMinor = price, Reason = reason, DaysSinceDelivery = days };

    private CompiledRuleSet LoadWith(string rules)
    {
        // Only the return file under test: the folder's own return policy would decide too.
        File.Delete(Path.Combine(_rules, "returns.json"));
        WriteReturns(rules);
        return RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false });
    }

    private void WriteReturns(string rules) =>
        File.WriteAllText(Path.Combine(_rules, "returns.json"), $$"""{ "WorkflowName": "return", "Rules": [ {{rules}} ] }""");

    private IReadOnlyList<RuleProblem> Refused() =>
        Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false })).Problems;
}
