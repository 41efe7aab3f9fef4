using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Loading;
using Sourcing.Rules.Scenarios;
using Sourcing.Rules.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>The real files in rules/, each example rule's effect checked on its own.</summary>
public sealed class RuleFilesTests
{
    private static readonly CompiledRuleSet Rules = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions { WatchFiles = false });

    [Fact]
    public void HazardousNeverFromStores_HazardousLine_ExcludesStoreNotWarehouse()
    {
        var directives = Evaluate(Make.Order(), (Make.Line() with { Hazardous = true }, [Make.Store(), Make.Warehouse()]));

        Assert.Contains(directives.Exclusions, e => e is { LocationId: "ST-1", Rule: "HazardousNeverFromStores" });
        Assert.DoesNotContain(directives.Exclusions, e => e.LocationId == "WH-1");
    }

    [Fact]
    public void HazardousOrderAvoidsStores_OneHazardousLine_ExcludesStoresForEveryLine()
    {
        var directives = Evaluate(Make.Order(), (Make.Line(0) with { Hazardous = true }, [Make.Warehouse()]), (Make.Line(1), [Make.Store(), Make.Warehouse()]));

        var exclusion = Assert.Single(directives.Exclusions, e => e.LineIndex == 1);
        Assert.Equal(("ST-1", "HazardousOrderAvoidsStores"), (exclusion.LocationId, exclusion.Rule));
    }

    [Fact]
    public void MarketplaceOnlyFromCentralWarehouse_MarketplaceOrder_ExcludesOtherWarehouses()
    {
        var directives = Evaluate(Make.Order(channel: "marketplace"), (Make.Line(), [Make.Warehouse("WH-BAD-HERSFELD"), Make.Warehouse("WH-MUNICH")]));

        Assert.Equal(["WH-MUNICH"], directives.Exclusions.Where(e => e.Rule == "MarketplaceOnlyFromCentralWarehouse").Select(e => e.LocationId));
        Assert.Equal(2, directives.Constraints.MaxShipments);
    }

    [Theory]
    [InlineData(3, 1, false)]
    [InlineData(2, 1, true)]
    [InlineData(5, 4, true)]
    public void StoresKeepLastTwoUnits_StoreStock_ExcludesWhenFewerThanTwoWouldRemain(long stock, int quantity, bool excluded)
    {
        var directives = Evaluate(Make.Order(), (Make.Line(quantity: quantity), [Make.Store(stock: stock)]));

        Assert.Equal(excluded, directives.Exclusions.Any(e => e.Rule == "StoresKeepLastTwoUnits"));
    }

    [Fact]
    public void StoresShipOnlyDomestic_ExportOrder_ExcludesStore()
    {
        var directives = Evaluate(Make.Order() with { Country = "AT" }, (Make.Line(), [Make.Store(), Make.Warehouse()]));

        Assert.Equal(["ST-1"], directives.Exclusions.Where(e => e.Rule == "StoresShipOnlyDomestic").Select(e => e.LocationId));
    }

    [Fact]
    public void CostRules_DropShipAndHeavyStoreItem_AddTheirCosts()
    {
        var dropShip = new LocationFact { Id = "DS-1", Type = "dropship", Country = "DE", StockOfSku = 50 };
        var directives = Evaluate(Make.Order(), (Make.Line() with { WeightGrams = 12_000 }, [dropShip, Make.Store()]));

        Assert.Contains(directives.CostAdjustments, c => c is { Rule: "DropShipHandlingSurcharge", LocationId: "DS-1", PerShipmentMinor: 300 });
        Assert.Contains(directives.CostAdjustments, c => c is { Rule: "HeavyItemsFromStoresCostMore", LocationId: "ST-1", PerUnitMinor: 500 });
    }

    [Fact]
    public void PolicyRules_B2BExpressOrder_ShipsCompleteWithoutBackorders()
    {
        var directives = Evaluate(Make.Order(delivery: "express") with { CustomerSegment = "b2b" }, (Make.Line(), [Make.Warehouse()]));

        Assert.Equal((true, false), (directives.Constraints.ShipComplete, directives.Constraints.BackorderAllowed));
    }

    [Fact]
    public void FurnitureShipsTogether_TwoFurnitureLines_ShareAGroup()
    {
        var directives = Evaluate(Make.Order(), (Make.Line(0) with { Category = "furniture" }, [Make.Warehouse()]), (Make.Line(1) with { Category = "furniture" }, [Make.Warehouse()]), (Make.Line(2), [Make.Warehouse()]));

        Assert.Equal("furniture", directives.Constraints.ShipTogetherGroups[0]);
        Assert.Equal("furniture", directives.Constraints.ShipTogetherGroups[1]);
        Assert.False(directives.Constraints.ShipTogetherGroups.ContainsKey(2));
    }

    [Theory]
    [InlineData(85, "card", "DE", 0, "FRAUD_REVIEW")]
    [InlineData(10, "invoice", "DE", 990_000, "CREDIT_CHECK")]
    [InlineData(10, "cod", "AT", 0, "PAYMENT_METHOD_NOT_ALLOWED")]
    [InlineData(10, "cod", "DE", 0, null)]
    public void HoldRules_RiskyOrders_AreHeldWithTheirCode(int fraudScore, string payment, string country, long openBalance, string? expected)
    {
        var order = Make.Order(payment: payment) with { FraudScore = fraudScore, Country = country, TotalMinor = 20_000 };
        var customer = new CustomerFact { Id = "C-1", OpenBalanceMinor = openBalance, CreditLimitMinor = 1_000_000 };

        var directives = RuleEvaluator.Evaluate(Rules, Make.Input(order, customer, (Make.Line(), [Make.Warehouse()])));

        Assert.Equal(expected is null ? [] : [expected], directives.Holds.Select(h => h.Code));
    }

    [Theory]
    [InlineData("invoice", 0, 0, 0, 1, 20_000, "")]
    [InlineData("invoice", 1, 0, 0, 1, 20_000, "NoInvoiceWhileInDunningOrOverdue")]
    [InlineData("invoice", 0, 2, 0, 1, 20_000, "NoInvoiceWhileInDunningOrOverdue")]
    [InlineData("invoice", 0, 0, 0, 0, 60_000, "FirstInvoiceOnlyForSmallOrders")]
    [InlineData("invoice", 0, 0, 85, 1, 20_000, "NoInvoiceWithHighFraudScore")]
    [InlineData("card", 500, 3, 85, 0, 60_000, "")]
    public void PaymentRules_CustomerAndOrder_HoldTheOrderWhenItsMethodIsNotOffered(
        string method, long overdue, int dunningLevel, int fraudScore, int invoicesPaid, long total, string rule)
    {
        var order = Make.Order(payment: method) with { FraudScore = fraudScore, TotalMinor = total };
        var customer = new CustomerFact { Id = "C-1", OpenBalanceMinor = overdue, OverdueMinor = overdue, DunningLevel = dunningLevel, CreditLimitMinor = 1_000_000, InvoicesPaid = invoicesPaid };

        var decision = RuleEvaluator.EvaluatePayment(Rules, order, customer);

        Assert.Equal(rule == "" ? [] : [(Hold.PaymentMethodNotAllowed, rule)], decision.Holds.Select(h => (h.Code, h.Rule)));
    }

    [Fact]
    public void PaymentRules_InvoiceOverTheCreditLimit_IsNotOfferedAndAnInvoiceOrderIsHeldForACreditCheckOnly()
    {
        var order = Make.Order() with { TotalMinor = 20_000 };
        var customer = new CustomerFact { Id = "C-1", OpenBalanceMinor = 990_000, CreditLimitMinor = 1_000_000, InvoicesPaid = 4 };

        var options = RuleEvaluator.PaymentOptions(Rules, order, customer, ["card", "invoice", "cod"]);

        Assert.Equal([("card", true), ("invoice", false), ("cod", true)], options.Select(o => (o.Method, o.Allowed)));
        Assert.Equal(["CREDIT_CHECK"], options[1].Decision.Holds.Select(h => h.Code));
    }

    [Fact]
    public void Evaluate_AnyOrder_ReportsTheRulesVersionAndTracesEachDecision()
    {
        var directives = Evaluate(Make.Order(), (Make.Line() with { Hazardous = true }, [Make.Store()]));

        Assert.Equal(Rules.Version, directives.RulesVersion);
        Assert.Matches("^[0-9a-f]{16}$", directives.RulesVersion);
        Assert.Contains(directives.Trace, t => t is { Rule: "HazardousNeverFromStores", Source: RuleSource.Json, LineIndex: 0, LocationId: "ST-1" });
        Assert.Contains(directives.Trace, t => t is { Rule: "HazardousOrderAvoidsStores", Source: RuleSource.NRules });
    }

    [Fact]
    public void ChannelRuleSets_ChannelWithoutSafetySet_DoesNotRunThatNRulesRule()
    {
        var options = new RulesOptions { WatchFiles = false, ChannelRuleSets = new() { ["store"] = ["kits"] } };
        var rules = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, options);

        var directives = RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(channel: "store"), null, (Make.Line(0) with { Hazardous = true }, [Make.Warehouse()]), (Make.Line(1), [Make.Store()])));

        Assert.DoesNotContain(directives.Exclusions, e => e.Rule == "HazardousOrderAvoidsStores");
        Assert.NotEqual(Rules.Version, rules.Version);
    }

    [Fact]
    public void Scenarios_EveryScenarioInRulesFolder_Passes()
    {
        var results = ScenarioRunner.RunAll(RepositoryPaths.RulesDirectory, Rules);

        Assert.True(results.Count >= 5, $"only {results.Count} scenarios found");
        Assert.All(results, r => Assert.True(r.Passed, $"{r.File}: {string.Join("; ", r.Failures)}"));
    }

    private static RuleDirectives Evaluate(OrderFact order, params (LineFact Line, LocationFact[] Locations)[] lines) =>
        RuleEvaluator.Evaluate(Rules, Make.Input(order, null, lines));
}
