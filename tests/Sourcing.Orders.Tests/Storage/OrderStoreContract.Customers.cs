using System.Text.Json.Nodes;
using Sourcing.Orders.Storage;

namespace Sourcing.Orders.Tests.Storage;

// What the customer view reads from (and erasure rewrites in) the order store. Customer ids carry the test's channel,
// so a store shared by a test class never mixes in another test's orders.
public abstract partial class OrderStoreContract
{
    [Fact]
    public async Task SummariseCustomersAsync_TwoCustomersInTwoCurrencies_CountsEveryOrderAndSumsOnlyTheAskedCurrency()
    {
        var anna = Channel + "-anna";
        var ben = Channel + "-ben";
        // 4 units at 10.00: one on its way, two delivered, one back.
        await InsertedOrderWithUnitsAsync(anna, "EUR", 1000, (LineState.Shipped, 1), (LineState.Delivered, 2), (LineState.Returned, 1));
        await InsertedOrderWithUnitsAsync(anna, "EUR", 500, (LineState.Delivered, 3));
        await InsertedOrderWithUnitsAsync(anna, "USD", 700, (LineState.Delivered, 2));
        var cancelled = NewOrder(customerId: anna);
        cancelled.Cancel(null, null, "customer changed their mind", "tester", T0);
        await Store.InsertAsync(cancelled, "req-" + cancelled.Id, "fp", default);
        await InsertedOrderWithUnitsAsync(ben, "EUR", 2500, (LineState.Returned, 2));
        await InsertedOrderWithUnitsAsync(Channel + "-carol", "EUR", 9900, (LineState.Delivered, 1));

        Assert.Equal(new CustomerOrderTotals(4, 7, 1, 5500, 1000), await Store.SummariseCustomersAsync([anna], "EUR", default));
        Assert.Equal(new CustomerOrderTotals(4, 2, 0, 1400, 0), await Store.SummariseCustomersAsync([anna], "USD", default));
        Assert.Equal(new CustomerOrderTotals(5, 9, 3, 10500, 6000), await Store.SummariseCustomersAsync([anna, ben], "EUR", default));
        Assert.Equal(CustomerOrderTotals.None, await Store.SummariseCustomersAsync([Channel + "-nobody"], "EUR", default));
        Assert.Equal(CustomerOrderTotals.None, await Store.SummariseCustomersAsync([], "EUR", default));
    }

    [Fact]
    public async Task SaveAsync_UnitsShipped_CustomerTotalsFollowTheSave()
    {
        var customer = Channel + "-anna";
        var order = await InsertedOrderAsync(customerId: customer, holdExpiresAt: T0.AddHours(1));
        var before = await Store.SummariseCustomersAsync([customer], "EUR", default);

        order.ConfirmShipment(order.Id + "-F1", "DHL", "TRK-1", [new LineQuantity("L1", 2)], "tester", T0.AddMinutes(5));
        await Store.SaveAsync(order, default);
        var after = await Store.SummariseCustomersAsync([customer], "EUR", default);

        Assert.Equal(new CustomerOrderTotals(1, 0, 0, 0, 0), before);
        Assert.Equal(new CustomerOrderTotals(1, 2, 0, 2 * 1999, 0), after);
    }

    [Fact]
    public async Task FindByExternalNumberAsync_NumberInTwoChannelsInAnyCase_ReturnsBothOrdersUpToMax()
    {
        var number = Channel + "-Shop-77";
        var web = NewOrder(external: number);
        var pos = NewOrder(external: number.ToUpperInvariant(), channel: Channel + "-pos");
        await Store.InsertAsync(web, "req-web", "fp", default);
        await Store.InsertAsync(pos, "req-pos", "fp", default);
        await Store.InsertAsync(NewOrder(external: number + "0"), "req-other", "fp", default);

        var found = await Store.FindByExternalNumberAsync(number.ToLowerInvariant(), 10, default);

        Assert.Equal(new[] { web.Id, pos.Id }.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Single(await Store.FindByExternalNumberAsync(number, 1, default));
        Assert.Empty(await Store.FindByExternalNumberAsync(Channel + "-Shop-7", 10, default));
    }

    [Fact]
    public async Task ListByCustomersAsync_TwoCustomers_ReturnsTheirWholeOrdersNewestFirstUpToMax()
    {
        var anna = Channel + "-anna";
        var ben = Channel + "-ben";
        var annaOld = await InsertedOrderAsync(customerId: anna, createdAt: T0);
        var benMiddle = await InsertedOrderAsync(customerId: ben, createdAt: T0.AddHours(1));
        // Two at the same instant: the id breaks the tie, larger first.
        var annaNewA = await InsertedOrderAsync(customerId: anna, createdAt: T0.AddHours(2));
        var annaNewB = await InsertedOrderAsync(customerId: anna, createdAt: T0.AddHours(2));
        await InsertedOrderAsync(customerId: Channel + "-carol", createdAt: T0.AddHours(3));
        annaOld.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0.AddMinutes(1));
        await Store.SaveAsync(annaOld, default);

        var all = await Store.ListByCustomersAsync([anna, ben], 10, default);
        var firstTwo = await Store.ListByCustomersAsync([anna, ben], 2, default);

        Assert.Equal([annaNewB.Id, annaNewA.Id, benMiddle.Id, annaOld.Id], all.Select(o => o.Id));
        Assert.Equal([annaNewB.Id, annaNewA.Id], firstTwo.Select(o => o.Id));
        foreach (var listed in all)
        {
            var read = (await Store.GetAsync(listed.Id, default))!;
            Assert.Equal(read.Version, listed.Version);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OrderJson.Serialize(read.Document)), JsonNode.Parse(OrderJson.Serialize(listed.Document))), listed.Id);
        }

        Assert.Equal((2L, OrderStatus.OnHold), (all[^1].Version, all[^1].Status));
        Assert.Empty(await Store.ListByCustomersAsync([Channel + "-nobody"], 10, default));
    }

    [Fact]
    public async Task ListCustomerEventsAsync_PagesOfTwoAcrossThreeOrders_ReturnEveryEventOnceNewestFirst()
    {
        var anna = Channel + "-anna";
        // Orders created at one instant (ties broken by order id) and two holds placed at one instant (by sequence).
        var first = await InsertedOrderAsync(customerId: anna, createdAt: T0);
        var second = await InsertedOrderAsync(customerId: anna, createdAt: T0);
        var third = await InsertedOrderAsync(customerId: anna, createdAt: T0.AddMinutes(1));
        var bens = await InsertedOrderAsync(customerId: Channel + "-ben", createdAt: T0.AddMinutes(2));
        first.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "a"), new HoldDirective("CREDIT", "credit-limit", "b")], "tester", T0.AddMinutes(3));
        await Store.SaveAsync(first, default);
        third.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "c")], "tester", T0.AddMinutes(3));
        await Store.SaveAsync(third, default);
        second.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "d")], "tester", T0.AddMinutes(4));
        await Store.SaveAsync(second, default);
        bens.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "e")], "tester", T0.AddMinutes(5));
        await Store.SaveAsync(bens, default);

        var paged = new List<StoredOrderEvent>();
        OrderEventCursor? before = null;
        for (var page = 0; page < 10; page++)
        {
            var events = await Store.ListCustomerEventsAsync([anna], before, 2, default);
            paged.AddRange(events);
            if (events.Count < 2)
            {
                break;
            }

            before = new OrderEventCursor(events[^1].Event.OccurredAt, events[^1].OrderId, events[^1].Sequence);
        }

        (string, int)[] expected =
        [
            (second.Id, 2), // 09:34
            (third.Id, 2), (first.Id, 3), (first.Id, 2), // 09:33: larger order id first, then larger sequence
            (third.Id, 1), // 09:31
            (second.Id, 1), (first.Id, 1), // 09:30
        ];
        Assert.True(string.CompareOrdinal(third.Id, first.Id) > 0 && string.CompareOrdinal(second.Id, first.Id) > 0);
        Assert.Equal(expected, paged.Select(e => (e.OrderId, e.Sequence)));
        var history = await Store.GetHistoryAsync(first.Id, default);
        Assert.Equal(history.Reverse().Select(e => e.Event), paged.Where(e => e.OrderId == first.Id).Select(e => e.Event));
        Assert.All(paged, e => Assert.Equal(Channel, e.Channel));
        Assert.Equal(expected.Take(3), (await Store.ListCustomerEventsAsync([anna], null, 3, default)).Select(e => (e.OrderId, e.Sequence)));
    }

    [Fact]
    public async Task RedactHistoryAsync_ReasonsAndDetailsRewritten_HistoryAndFeedShowTheRedactedTextsAndNothingElseChanges()
    {
        var start = await Store.LatestPositionAsync(default);
        var order = await InsertedOrderAsync(customerId: Channel + "-anna");
        order.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "called Anna Müller on +49 30 1234")], "agent-7", T0.AddMinutes(1));
        await Store.SaveAsync(order, default);
        order.ReleaseHold("FRAUD", "Anna Müller confirmed by phone", "agent-7", T0.AddMinutes(5));
        await Store.SaveAsync(order, default);
        var other = await InsertedOrderAsync(customerId: Channel + "-ben");
        other.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "Anna Müller is Ben's neighbour")], "agent-7", T0.AddMinutes(2));
        await Store.SaveAsync(other, default);
        var mine = new FeedFilter(new HashSet<string> { Channel }, null);
        var feedBefore = await Store.ReadFeedAsync(start, 1000, mine, default);
        var historyBefore = await Store.GetHistoryAsync(order.Id, default);
        var otherBefore = await Store.GetHistoryAsync(other.Id, default);

        // The function also tries to change the type and time: a store keeps those whatever it returns.
        await Store.RedactHistoryAsync(order.Id, e => e with
        {
            Reason = "",
            Detail = e.Detail.Replace("Anna Müller", "erased", StringComparison.Ordinal),
            Type = "tampered",
            OccurredAt = T0.AddYears(1),
        }, default);
        var feedAfter = await Store.ReadFeedAsync(start, 1000, mine, default);
        var historyAfter = await Store.GetHistoryAsync(order.Id, default);

        StoredOrderEvent Expected(StoredOrderEvent e) => e.OrderId != order.Id ? e : e with
        {
            Event = e.Event with { Reason = "", Detail = e.Event.Detail.Replace("Anna Müller", "erased", StringComparison.Ordinal) },
        };
        Assert.Contains(historyBefore, e => e.Event.Reason.Contains("Anna Müller", StringComparison.Ordinal));
        Assert.Equal(historyBefore.Select(Expected), historyAfter);
        Assert.Equal(feedBefore.Select(Expected), feedAfter);
        Assert.DoesNotContain(feedAfter.Where(e => e.OrderId == order.Id), e => (e.Event.Reason + e.Event.Detail).Contains("Anna", StringComparison.Ordinal));
        Assert.Equal(otherBefore, await Store.GetHistoryAsync(other.Id, default));
        Assert.Equal(5, feedAfter.Count);
    }

    /// <summary>An order of one line whose units are in the given states (its quantity their sum), in the currency.</summary>
    protected async Task<Order> InsertedOrderWithUnitsAsync(string customerId, string currency, long unitPriceMinor, params (LineState State, int Units)[] units)
    {
        var order = NewOrder(customerId: customerId);
        order.Document.Currency = currency;
        var line = order.Document.Lines[0];
        line.UnitPriceMinor = unitPriceMinor;
        line.Quantity = units.Sum(u => u.Units);
        line.States = units.ToDictionary(u => u.State, u => u.Units);
        await Store.InsertAsync(order, "req-" + order.Id, "fp", default);
        return order;
    }
}
