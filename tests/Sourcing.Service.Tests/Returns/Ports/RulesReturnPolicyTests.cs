using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Rules.Loading;
using Sourcing.Service.Returns;
using Sourcing.Service.Sourcing;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Service.Tests.Returns.Ports;

/// <summary>
/// The host's return policy over the real rules/returns.json: a return request becomes the return rules' facts, with
/// the customer's credit from the receivables, decided on the rule set active at that moment.
/// </summary>
public sealed class RulesReturnPolicyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private readonly string _rules = RepositoryPaths.CopyOfRules();
    private readonly FakeCustomerCreditFacts _facts = new();
    private readonly RuleSetHost _host;
    private readonly RulesReturnPolicy _policy;

    public RulesReturnPolicyTests()
    {
        _host = new RuleSetHost(_rules, new RulesOptions { WatchFiles = false });
        var customers = new CustomerFactsReader(new InMemoryCustomerStore(), new InMemoryOrderStore(), Options.Create(new CustomerOptions()));
        _policy = new RulesReturnPolicy(_host, new CustomerCreditReader(_facts, customers, Options.Create(new CustomerCreditOptions())));
    }

    [Fact]
    public async Task DecideAsync_LateWebLineOfATrustedCustomer_RefusesThatLineAndRefundsAtDropOff()
    {
        _facts.Set("C-1", new CustomerCreditFacts(0, 0, 0, null, InvoicesPaid: 3, InvoicesPaidLate: 0, 0));
        var order = Order(("L1", "JACKET-M", "apparel", 14_900), ("L2", "SHIRT-M", "apparel", 3_900));

        var decision = await _policy.DecideAsync(Request(order, ReturnKind.Refund, (0, ReturnReason.NoLongerWanted, 35), (1, ReturnReason.DoesNotFit, 5)), default);

        Assert.Equal(_host.Current.Version, decision.RulesVersion);
        Assert.Equal(
            [("L1", true, "OnlineOrdersReturnWithin30Days", "Items bought online can be returned within 30 days of delivery."), ("L2", false, "", "")],
            decision.Lines.Select(l => (l.LineId, l.Refused, l.RefusedByRule, l.RefusalReason)));
        Assert.Equal((true, false, (int?)14), (decision.InstantRefund, decision.ShipBeforeReturn, decision.ReturnWithinDays));
        Assert.Contains(decision.Explanation, e => e.StartsWith("line L1: refused by OnlineOrdersReturnWithin30Days", StringComparison.Ordinal));
        Assert.Equal([("C-1", "EUR")], _facts.Asked);
    }

    [Fact]
    public async Task DecideAsync_CustomerWithOverdueInvoices_IsNotRefundedAtDropOff()
    {
        _facts.Set("C-1", new CustomerCreditFacts(9_900, OverdueMinor: 9_900, DunningLevel: 1, null, InvoicesPaid: 12, 0, 0));

        var decision = await _policy.DecideAsync(Request(Order(("L1", "BAG-30", "outdoor", 9_900)), ReturnKind.Refund, (0, ReturnReason.NoLongerWanted, 3)), default);

        Assert.False(decision.InstantRefund);
        Assert.False(decision.Lines[0].Refused);
    }

    [Fact]
    public async Task DecideAsync_DamagedItemOfASmallOrderReplaced_ShipsAheadAndOpenedElectronicsCarryTheFee()
    {
        var order = Order(("L1", "LAMP-DESK", "home", 4_900), ("L2", "SPEAKER-S", "electronics", 9_900));

        var replacement = await _policy.DecideAsync(Request(order, ReturnKind.Replacement, (0, ReturnReason.Damaged, 2)), default);
        var refund = await _policy.DecideAsync(Request(order, ReturnKind.Refund, (1, ReturnReason.NoLongerWanted, 2)), default);

        Assert.True(replacement.ShipBeforeReturn);
        Assert.Equal(1000, refund.Lines[0].RestockingFeeBasisPoints);
        Assert.False(refund.ShipBeforeReturn);
    }

    [Fact]
    public async Task DecideAsync_UnderwearThatDoesNotFitFromAFreeItemLine_IsRefusedAsFinalSale()
    {
        var order = Order(("L1", "BOXER-3P", "underwear", 0));
        order.Lines[0].FreeWithLineId = "L0";

        var decision = await _policy.DecideAsync(Request(order, ReturnKind.Refund, (0, ReturnReason.DoesNotFit, 1)), default);

        Assert.Equal("HygieneItemsAreFinalSale", decision.Lines[0].RefusedByRule);
    }

    [Fact]
    public async Task DecideAsync_CreditFactsUnreadable_ThrowsStoreUnavailableAndDecidesNothing()
    {
        _facts.Down = true;

        var refused = await Assert.ThrowsAsync<OrderStoreUnavailableException>(
            () => _policy.DecideAsync(Request(Order(("L1", "BAG-30", "outdoor", 9_900)), ReturnKind.Refund, (0, ReturnReason.Damaged, 1)), default));

        Assert.False(refused.MayHaveApplied);
    }

    [Fact]
    public async Task DecideAsync_AfterAReloadThatWidensTheWindow_DecidesOnTheNewRules()
    {
        var request = Request(Order(("L1", "JACKET-M", "apparel", 14_900)), ReturnKind.Refund, (0, ReturnReason.NoLongerWanted, 45));
        var before = await _policy.DecideAsync(request, default);
        var file = Path.Combine(_rules, "returns.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("line.DaysSinceDelivery > 30", "line.DaysSinceDelivery > 60", StringComparison.Ordinal));

        var reload = _host.Reload();
        var after = await _policy.DecideAsync(request, default);

        Assert.True(reload.Applied, string.Join("; ", reload.Problems.Select(p => p.Problem)));
        Assert.True(before.Lines[0].Refused);
        Assert.False(after.Lines[0].Refused);
        Assert.Equal(reload.ActiveVersion, after.RulesVersion);
        Assert.NotEqual(before.RulesVersion, after.RulesVersion);
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_rules, recursive: true);
    }

    private static OrderDocument Order(params (string Id, string Sku, string Category, long Price)[] lines) => new()
    {
        OrderId = "O-1",
        Channel = "web",
        Currency = "EUR",
        PaymentMethod = "card",
        Customer = new OrderCustomer { Id = "C-1", Segment = "consumer" },
        ShippingAddress = new PostalAddress { Country = "DE", PostalCode = "10115", City = "Berlin" },
        Lines = lines.Select(l => new OrderLine { LineId = l.Id, Sku = l.Sku, Category = l.Category, Quantity = 1, UnitPriceMinor = l.Price, TaxRateBasisPoints = 1900 }).ToList(),
    };

    private static ReturnPolicyRequest Request(OrderDocument order, ReturnKind kind, params (int Line, ReturnReason Reason, int Days)[] lines) =>
        new(order, kind, "web", lines.Select(l => new ReturnPolicyLine(order.Lines[l.Line], 1, l.Reason, l.Days)).ToList(), Now);
}
