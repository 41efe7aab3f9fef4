using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Sourcing.Orders.Storage;

namespace Sourcing.Orders.Tests.Storage;

/// <summary>
/// What every <see cref="IOrderStore"/> must do, run against each implementation. A store may be shared by the tests
/// of a class (a database per class), so each test works in a channel of its own and never counts others' orders.
/// </summary>
public abstract partial class OrderStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly string _channel = "web-" + Guid.NewGuid().ToString("N")[..10];
    private int _orders;

    protected abstract IOrderStore Store { get; }

    protected string Channel => _channel;

    // ---- Insert, get, save ----------------------------------------------------------------------------------------

    [Fact]
    public async Task InsertAsync_NewOrder_GetAsyncReturnsTheSameDocumentAtVersionOne()
    {
        var order = NewOrder(customerId: "C-42");
        order.Document.ChannelReferences["cart"] = "K-9";
        order.Document.Latitude = 52.52;
        var written = OrderJson.Serialize(order.Document);

        await Store.InsertAsync(order, "req-1", "fp-1", default);
        var read = await Store.GetAsync(order.Id, default);

        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(1, order.Version);
        Assert.Empty(order.NewEvents);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(OrderJson.Serialize(read.Document))),
            $"stored {written}\nread   {OrderJson.Serialize(read.Document)}");
    }

    [Fact]
    public async Task GetAsync_UnknownOrder_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Channel + "-nobody", default));
    }

    [Fact]
    public async Task SaveAsync_ChangedOrder_IncrementsTheVersionAndStoresTheChange()
    {
        var order = await InsertedOrderAsync();
        var loaded = (await Store.GetAsync(order.Id, default))!;
        loaded.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0.AddMinutes(1));

        await Store.SaveAsync(loaded, default);
        var read = (await Store.GetAsync(order.Id, default))!;

        Assert.Equal(2, loaded.Version);
        Assert.Equal(2, read.Version);
        Assert.Equal(OrderStatus.OnHold, read.Status);
        Assert.Equal("FRAUD", Assert.Single(read.Document.Holds).Code);
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ThrowsConcurrencyAndKeepsTheNewerSave()
    {
        var order = await InsertedOrderAsync();
        var first = (await Store.GetAsync(order.Id, default))!;
        var stale = (await Store.GetAsync(order.Id, default))!;
        first.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "first")], "tester", T0);
        await Store.SaveAsync(first, default);

        stale.PlaceHolds([new HoldDirective("CREDIT", "credit-limit", "stale")], "tester", T0);
        var refused = await Assert.ThrowsAsync<OrderConcurrencyException>(() => Store.SaveAsync(stale, default));

        var read = (await Store.GetAsync(order.Id, default))!;
        Assert.Equal(order.Id, refused.OrderId);
        Assert.Equal(2, read.Version);
        Assert.Equal("FRAUD", Assert.Single(read.Document.Holds).Code);
        Assert.Equal(2, (await Store.GetHistoryAsync(order.Id, default)).Count);
    }

    [Fact]
    public async Task SaveAsync_TwoConcurrentSavesOfOneVersion_ExactlyOneWins()
    {
        for (var round = 0; round < 10; round++)
        {
            var order = await InsertedOrderAsync();
            var copies = new[] { (await Store.GetAsync(order.Id, default))!, (await Store.GetAsync(order.Id, default))! };
            copies[0].PlaceHolds([new HoldDirective("A", "rule-a", "a")], "tester", T0);
            copies[1].PlaceHolds([new HoldDirective("B", "rule-b", "b")], "tester", T0);

            var outcomes = await Task.WhenAll(copies.Select(copy => Task.Run(async () =>
            {
                try
                {
                    await Store.SaveAsync(copy, default);
                    return true;
                }
                catch (OrderConcurrencyException)
                {
                    return false;
                }
            })));

            Assert.Single(outcomes, won => won);
            var read = (await Store.GetAsync(order.Id, default))!;
            var winner = copies[Array.IndexOf(outcomes, true)];
            Assert.Equal(2, read.Version);
            Assert.Equal(winner.Document.Holds.Single().Code, Assert.Single(read.Document.Holds).Code);
            Assert.Equal(2, (await Store.GetHistoryAsync(order.Id, default)).Count);
        }
    }

    // ---- Request ids and external numbers -------------------------------------------------------------------------

    [Fact]
    public async Task FindByRequestAsync_AfterInsert_ReturnsTheOrderAndFingerprint()
    {
        var order = NewOrder();
        await Store.InsertAsync(order, "req-7", "fingerprint-7", default);

        var found = await Store.FindByRequestAsync(Channel, "req-7", default);
        var otherChannel = await Store.FindByRequestAsync(Channel + "-other", "req-7", default);
        var unused = await Store.FindByRequestAsync(Channel, "req-8", default);

        Assert.Equal((order.Id, "fingerprint-7"), found);
        Assert.Null(otherChannel);
        Assert.Null(unused);
    }

    [Fact]
    public async Task InsertAsync_RequestIdTaken_ThrowsRequestConflictAndStoresNothing()
    {
        await Store.InsertAsync(NewOrder(), "req-1", "fp-1", default);
        var second = NewOrder();

        var refused = await Assert.ThrowsAsync<OrderRequestConflictException>(() => Store.InsertAsync(second, "req-1", "fp-2", default));

        Assert.Equal("req-1", refused.RequestId);
        Assert.Null(await Store.GetAsync(second.Id, default));
        Assert.Empty(await Store.GetHistoryAsync(second.Id, default));
        Assert.Equal("fp-1", (await Store.FindByRequestAsync(Channel, "req-1", default))!.Value.Fingerprint);
    }

    [Fact]
    public async Task InsertAsync_ExternalNumberTaken_ThrowsAlreadyExistsNamingTheExistingOrder()
    {
        var first = NewOrder(external: "EXT-1");
        await Store.InsertAsync(first, "req-1", "fp-1", default);
        var second = NewOrder(external: "EXT-1");

        var refused = await Assert.ThrowsAsync<OrderAlreadyExistsException>(() => Store.InsertAsync(second, "req-2", "fp-2", default));

        Assert.Equal(first.Id, refused.ExistingOrderId);
        Assert.Null(await Store.GetAsync(second.Id, default));
        Assert.Null(await Store.FindByRequestAsync(Channel, "req-2", default));
    }

    [Fact]
    public async Task InsertAsync_SameExternalNumberInAnotherChannel_IsStored()
    {
        await Store.InsertAsync(NewOrder(external: "EXT-1"), "req-1", "fp-1", default);
        var elsewhere = NewOrder(external: "EXT-1", channel: Channel + "-pos");

        await Store.InsertAsync(elsewhere, "req-1", "fp-1", default);

        Assert.NotNull(await Store.GetAsync(elsewhere.Id, default));
    }

    [Fact]
    public async Task InsertAsync_TwentyConcurrentInsertsOfOneExternalNumber_OneSucceedsTheOthersNameIt()
    {
        var orders = Enumerable.Range(0, 20).Select(_ => NewOrder(external: "EXT-RACE")).ToList();

        var outcomes = await Task.WhenAll(orders.Select((order, i) => Task.Run(async () =>
        {
            try
            {
                await Store.InsertAsync(order, $"req-{i}", "fp", default);
                return (Won: true, Existing: order.Id);
            }
            catch (OrderAlreadyExistsException exception)
            {
                return (Won: false, Existing: exception.ExistingOrderId);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Won).Existing;
        Assert.All(outcomes, o => Assert.Equal(winner, o.Existing));
        var listed = await Store.ListAsync(Query(pageSize: 100), default);
        Assert.Equal(winner, Assert.Single(listed.Orders).OrderId);
    }

    // ---- History and feed -----------------------------------------------------------------------------------------

    [Fact]
    public async Task GetHistoryAsync_AfterSaves_ReturnsEventsOldestFirstWithSequencesFromOne()
    {
        var order = await InsertedOrderAsync();
        order.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91"), new HoldDirective("CREDIT", "credit-limit", "over")], "tester", T0.AddMinutes(1));
        await Store.SaveAsync(order, default);
        order.ReleaseHold("FRAUD", "checked by phone", "agent-7", T0.AddMinutes(5));
        await Store.SaveAsync(order, default);

        var history = await Store.GetHistoryAsync(order.Id, default);

        Assert.Equal([1, 2, 3, 4], history.Select(e => e.Sequence));
        Assert.Equal([OrderEventTypes.Created, OrderEventTypes.Held, OrderEventTypes.Held, OrderEventTypes.HoldReleased], history.Select(e => e.Event.Type));
        var released = history[3];
        Assert.Equal(("agent-7", "checked by phone", T0.AddMinutes(5)), (released.Event.Actor, released.Event.Reason, released.Event.OccurredAt));
        Assert.All(history, e => Assert.Equal((order.Id, Channel), (e.OrderId, e.Channel)));
        // Positions come with the feed (a store may place events when the feed is read); once placed, history order is feed order.
        await Store.LatestPositionAsync(default);
        var placed = await Store.GetHistoryAsync(order.Id, default);
        Assert.All(placed, e => Assert.True(e.Position > 0));
        Assert.True(placed.Zip(placed.Skip(1)).All(pair => pair.First.Position < pair.Second.Position));
    }

    [Fact]
    public async Task ReadFeedAsync_FilteredByChannelAndType_ReturnsMatchingEventsInPositionOrder()
    {
        var start = await Store.LatestPositionAsync(default);
        var mine = await InsertedOrderAsync();
        var other = NewOrder(channel: Channel + "-pos");
        await Store.InsertAsync(other, "req-other", "fp", default);
        mine.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0);
        await Store.SaveAsync(mine, default);

        var all = await Store.ReadFeedAsync(start, 1000, FeedFilter.All, default);
        var channelOnly = await Store.ReadFeedAsync(start, 1000, new FeedFilter(new HashSet<string> { Channel }, null), default);
        var heldOnly = await Store.ReadFeedAsync(start, 1000, new FeedFilter(null, new HashSet<string> { OrderEventTypes.Held }), default);
        var latest = await Store.LatestPositionAsync(default);

        Assert.Equal(3, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Position < pair.Second.Position));
        Assert.Equal(latest, all[^1].Position);
        Assert.Equal([(mine.Id, OrderEventTypes.Created), (mine.Id, OrderEventTypes.Held)], channelOnly.Select(e => (e.OrderId, e.Event.Type)));
        Assert.Equal(mine.Id, Assert.Single(heldOnly).OrderId);
        Assert.Empty(await Store.ReadFeedAsync(latest, 1000, FeedFilter.All, default));
        Assert.Equal(all.Take(2).Select(e => e.Position), (await Store.ReadFeedAsync(start, 2, FeedFilter.All, default)).Select(e => e.Position));
    }

    [Fact]
    public async Task ReadFeedAsync_EightWritersFiftySavesEach_AReaderFollowingSeesEveryEventOnce()
    {
        const int writers = 8, savesEach = 50;
        var start = await Store.LatestPositionAsync(default);
        var filter = new FeedFilter(new HashSet<string> { Channel }, null);
        var seen = new List<StoredOrderEvent>();
        using var writing = new CancellationTokenSource();

        var reader = Task.Run(async () =>
        {
            var after = start;
            while (true)
            {
                var done = writing.IsCancellationRequested;
                var batch = await Store.ReadFeedAsync(after, 37, filter, default);
                seen.AddRange(batch);
                after = batch.Count > 0 ? batch[^1].Position : after;
                if (done && batch.Count == 0)
                {
                    return;
                }
            }
        });
        var writes = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var order = await InsertedOrderAsync();
            for (var save = 0; save < savesEach; save++)
            {
                order.PlaceHolds([new HoldDirective($"H{save}", "rule", "why")], "tester", T0);
                await Store.SaveAsync(order, default);
            }
        })).ToArray();
        await Task.WhenAll(writes);
        await writing.CancelAsync();
        await reader;

        Assert.Equal(writers * (1 + savesEach), seen.Count);
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First.Position < pair.Second.Position), "positions are not strictly increasing");
        Assert.Equal(seen.Count, seen.Select(e => (e.OrderId, e.Sequence)).Distinct().Count());
        Assert.All(seen.GroupBy(e => e.OrderId), history => Assert.Equal(Enumerable.Range(1, 1 + savesEach), history.Select(e => e.Sequence)));
    }

    [Fact]
    public async Task WaitForEventsAsync_AnotherWriterAppends_WakesWellBeforeTheTimeout()
    {
        var order = await InsertedOrderAsync();
        var latest = await Store.LatestPositionAsync(default);
        await WarmUpWaitingAsync(latest);

        var clock = Stopwatch.StartNew();
        var waiting = Store.WaitForEventsAsync(latest, TimeSpan.FromSeconds(20), default);
        await Task.Delay(300);
        var wokeEarly = waiting.IsCompleted;
        order.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0);
        await Store.SaveAsync(order, default);
        var saved = clock.Elapsed;
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(wokeEarly, "the wait ended before anything was appended");
        Assert.True(clock.Elapsed - saved < TimeSpan.FromSeconds(2), $"woke {clock.Elapsed - saved} after the save");
    }

    [Fact]
    public async Task WaitForEventsAsync_EventAfterThePositionExists_ReturnsAtOnce()
    {
        var start = await Store.LatestPositionAsync(default);
        await InsertedOrderAsync();

        var clock = Stopwatch.StartNew();
        await Store.WaitForEventsAsync(start, TimeSpan.FromSeconds(20), default);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task WaitForEventsAsync_NothingAppended_ReturnsAfterTheTimeout()
    {
        var latest = await Store.LatestPositionAsync(default);
        await WarmUpWaitingAsync(latest);

        var clock = Stopwatch.StartNew();
        await Store.WaitForEventsAsync(latest, TimeSpan.FromMilliseconds(500), default);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
    }

    /// <summary>A store may wake its first waiters once when it starts listening; the tests measure the steady state.</summary>
    private async Task WarmUpWaitingAsync(long latest)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var clock = Stopwatch.StartNew();
            await Store.WaitForEventsAsync(latest, TimeSpan.FromMilliseconds(200), default);
            if (clock.Elapsed >= TimeSpan.FromMilliseconds(190))
            {
                return;
            }
        }

        Assert.Fail("WaitForEventsAsync kept returning early with nothing appended.");
    }

    // ---- Listing ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ListAsync_PagesOfThree_ReturnEveryOrderOnceNewestFirst()
    {
        // Pairs created at the same instant: the id breaks the tie, so the page token must carry both.
        var orders = new List<Order>();
        for (var i = 0; i < 10; i++)
        {
            orders.Add(await InsertedOrderAsync(createdAt: T0.AddMinutes(i / 2)));
        }

        var listed = new List<OrderSummary>();
        OrderPageToken? after = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(Query(pageSize: 3, after: after), default);
            listed.AddRange(page.Orders);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 20);

        var expected = orders.OrderByDescending(o => o.Document.CreatedAt).ThenByDescending(o => o.Id, StringComparer.Ordinal).Select(o => o.Id);
        Assert.Equal(expected, listed.Select(o => o.OrderId));
        Assert.Equal(4, pages);
        var first = listed.Single(o => o.OrderId == orders[0].Id);
        Assert.Equal((Channel, orders[0].Document.ExternalOrderNumber, "C-1", OrderStatus.Open, T0, 2 * 1999L + 495, "EUR", 1L),
            (first.Channel, first.ExternalOrderNumber, first.CustomerId, first.Status, first.CreatedAt, first.TotalMinor, first.Currency, first.Version));
    }

    [Fact]
    public async Task ListAsync_Filters_ReturnOnlyMatchingOrders()
    {
        var anna = await InsertedOrderAsync(customerId: "anna", createdAt: T0);
        var annaLater = await InsertedOrderAsync(customerId: "anna", createdAt: T0.AddHours(2));
        var ben = await InsertedOrderAsync(customerId: "ben", createdAt: T0.AddHours(1));
        ben.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0);
        await Store.SaveAsync(ben, default);
        var elsewhere = NewOrder(customerId: "anna", channel: Channel + "-pos");
        await Store.InsertAsync(elsewhere, "req-pos", "fp", default);

        async Task<string[]> Ids(OrderQuery query) => [.. (await Store.ListAsync(query, default)).Orders.Select(o => o.OrderId)];

        Assert.Equal([annaLater.Id, anna.Id], await Ids(Query() with { CustomerId = "anna" }));
        Assert.Equal([ben.Id], await Ids(Query() with { Status = OrderStatus.OnHold }));
        Assert.Equal([ben.Id], await Ids(Query() with { CreatedFrom = T0.AddMinutes(30), CreatedTo = T0.AddHours(2) }));
        Assert.Equal([annaLater.Id, ben.Id], await Ids(Query() with { CreatedFrom = T0.AddHours(1) }));
        Assert.Equal([elsewhere.Id], await Ids(Query() with { Channel = Channel + "-pos", CustomerId = "anna" }));
        Assert.Empty(await Ids(Query() with { CustomerId = "nobody" }));
    }

    // ---- Finders for background work ------------------------------------------------------------------------------

    [Fact]
    public async Task FindUnfinishedAsync_OrdersWithWorkLeft_OldestUnchangedFirstAndOnlyBeforeTheCutoff()
    {
        var older = await InsertedOrderAsync(updatedAt: T0.AddYears(-30).AddMinutes(1));
        var oldest = await InsertedOrderAsync(updatedAt: T0.AddYears(-30));
        var recent = await InsertedOrderAsync(updatedAt: T0.AddYears(-30).AddMinutes(10));
        var cancelled = NewOrder(updatedAt: T0.AddYears(-30));
        cancelled.Cancel(null, null, "customer changed their mind", "tester", T0);
        await Store.InsertAsync(cancelled, "req-cancelled", "fp", default);

        var found = await Store.FindUnfinishedAsync(T0.AddYears(-30).AddMinutes(5), 10_000, default);

        Assert.Equal([oldest.Id, older.Id], found.Where(Mine));
        Assert.DoesNotContain(recent.Id, found);
        Assert.DoesNotContain(cancelled.Id, found);
        Assert.Single(await Store.FindUnfinishedAsync(T0.AddYears(-30).AddMinutes(5), 1, default));
    }

    [Fact]
    public async Task FindBackorderedAsync_AnyOfTheSkus_ReturnsOrdersWaitingForThemOldestFirst()
    {
        var skuA = Channel + "-A";
        var skuB = Channel + "-B";
        var waitsForA = await InsertedOrderAsync(createdAt: T0.AddMinutes(2), backordered: skuA);
        var waitsForB = await InsertedOrderAsync(createdAt: T0.AddMinutes(1), backordered: skuB);
        await InsertedOrderAsync(createdAt: T0, backordered: Channel + "-C");
        await InsertedOrderAsync(createdAt: T0);

        Assert.Equal([waitsForB.Id, waitsForA.Id], await Store.FindBackorderedAsync([skuA, skuB], 100, default));
        Assert.Equal([waitsForA.Id], await Store.FindBackorderedAsync([skuA], 100, default));
        Assert.Equal([waitsForB.Id], await Store.FindBackorderedAsync([skuA, skuB], 1, default));
    }

    [Fact]
    public async Task FindHoldsExpiringAsync_BeforeACutoff_ReturnsOrdersWithHoldsExpiringSoonestFirst()
    {
        var past = T0.AddYears(-20);
        var later = await InsertedOrderAsync(holdExpiresAt: past.AddMinutes(20));
        var sooner = await InsertedOrderAsync(holdExpiresAt: past.AddMinutes(10));
        var afterCutoff = await InsertedOrderAsync(holdExpiresAt: past.AddMinutes(40));
        var noHold = await InsertedOrderAsync();

        var found = await Store.FindHoldsExpiringAsync(past.AddMinutes(30), 10_000, default);

        Assert.Equal([sooner.Id, later.Id], found.Where(Mine));
        Assert.DoesNotContain(afterCutoff.Id, found);
        Assert.DoesNotContain(noHold.Id, found);
    }

    [Fact]
    public async Task PingAsync_StoreUp_ReturnsTrue()
    {
        Assert.True(await Store.PingAsync(default));
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------------

    protected bool Mine(string orderId) => orderId.StartsWith(Channel + "-", StringComparison.Ordinal);

    protected OrderQuery Query(int pageSize = 100, OrderPageToken? after = null) =>
        new(Channel, null, null, null, null, pageSize, after);

    protected Order NewOrder(string? external = null, string customerId = "C-1", string? channel = null, DateTimeOffset? createdAt = null, DateTimeOffset? updatedAt = null)
    {
        var number = Interlocked.Increment(ref _orders);
        var document = new OrderDocument
        {
            OrderId = $"{Channel}-O-{number:D3}",
            Channel = channel ?? Channel,
            ExternalOrderNumber = external ?? $"EXT-{number}",
            Customer = new OrderCustomer { Id = customerId, Segment = "retail", Email = "anna@example.com" },
            ShippingAddress = new PostalAddress { Name = "Anna Müller", Street = "Hauptstraße 1", PostalCode = "10115", City = "Berlin" },
            Currency = "EUR",
            ShippingChargeMinor = 495,
            PaymentMethod = "card",
            PlacedAt = T0.AddMinutes(-1),
            Lines = [new OrderLine { LineId = "L1", Sku = "SKU-1", Quantity = 2, UnitPriceMinor = 1999, TaxRateBasisPoints = 1900, WeightGrams = 500 }],
        };
        var order = Order.Create(document, "tester", createdAt ?? T0);
        document.UpdatedAt = updatedAt ?? document.CreatedAt;
        return order;
    }

    protected async Task<Order> InsertedOrderAsync(
        string customerId = "C-1", DateTimeOffset? createdAt = null, DateTimeOffset? updatedAt = null, string? backordered = null, DateTimeOffset? holdExpiresAt = null)
    {
        var order = NewOrder(customerId: customerId, createdAt: createdAt, updatedAt: updatedAt);
        var line = order.Document.Lines[0];
        if (backordered is not null)
        {
            line.Sku = backordered;
            line.States = new Dictionary<LineState, int> { [LineState.Backordered] = line.Quantity };
        }

        if (holdExpiresAt is not null)
        {
            line.States = new Dictionary<LineState, int> { [LineState.Allocated] = line.Quantity };
            order.Document.FulfilmentOrders.Add(new FulfilmentOrder
            {
                Id = order.Id + "-F1",
                LocationId = "store-berlin",
                Status = FulfilmentStatus.Created,
                CreatedAt = order.Document.CreatedAt,
                Lines = [new FulfilmentLine { LineId = line.LineId, Sku = line.Sku, Quantity = line.Quantity, ReservationId = order.Id + "-R1", ReservationExpiresAt = holdExpiresAt }],
            });
        }

        await Store.InsertAsync(order, "req-" + order.Id, "fp", default);
        return order;
    }
}
