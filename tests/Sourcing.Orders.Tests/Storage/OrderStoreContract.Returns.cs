using Sourcing.Orders.Returns;

namespace Sourcing.Orders.Tests.Storage;

// The returns index each store keeps beside its orders (OrderProjection.Returns), written with the order.
public abstract partial class OrderStoreContract
{
    private static readonly DateTimeOffset LongAgo = new(2001, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FindReturnAsync_OrderWithTwoReturns_FindsEachByIdAndByNumberInAnyCase()
    {
        var order = NewOrder(customerId: "anna");
        var refund = AddReturn(order, createdAt: T0.AddMinutes(5), destination: "store-berlin");
        var exchange = AddReturn(order, createdAt: T0.AddMinutes(6), destination: "dc-hamburg", kind: ReturnKind.Exchange);
        await Store.InsertAsync(order, "req-" + order.Id, "fp", default);

        var byId = await Store.FindReturnAsync(refund.Id, default);
        var byLowerNumber = await Store.FindReturnAsync(refund.Number.ToLowerInvariant(), default);
        var byMixedNumber = await Store.FindReturnAsync("rMa-" + exchange.Number[4..], default);

        Assert.NotNull(byId);
        Assert.Equal(
            (refund.Id, refund.Number, order.Id, Channel, "anna", ReturnKind.Refund, ReturnStatus.Authorised, "store-berlin", T0.AddMinutes(5), (DateTimeOffset?)refund.ExpiresAt),
            (byId.ReturnId, byId.Number, byId.OrderId, byId.Channel, byId.CustomerId, byId.Kind, byId.Status, byId.DestinationLocationId, byId.CreatedAt, byId.DueAt));
        Assert.Equal(refund.Id, byLowerNumber?.ReturnId);
        Assert.Equal((exchange.Id, ReturnKind.Exchange, "dc-hamburg"), (byMixedNumber?.ReturnId, byMixedNumber?.Kind, byMixedNumber?.DestinationLocationId));
        Assert.Null(await Store.FindReturnAsync("RMA-" + Channel.ToUpperInvariant(), default));
        Assert.Null(await Store.FindReturnAsync("rma_" + Channel, default));
    }

    [Fact]
    public async Task FindReturnAsync_AfterASaveChangesTheReturn_ReturnsTheNewState()
    {
        var order = NewOrder();
        var rma = AddReturn(order);
        await Store.InsertAsync(order, "req-" + order.Id, "fp", default);

        rma.Status = ReturnStatus.Received;
        rma.Receipts.Add(new ReturnReceipt
        {
            ReceiptId = "rc-1", LocationId = "store-berlin", ReceivedAt = T0,
            Units = [new InspectedUnits { LineId = "L1", Grade = UnitGrade.Resellable, Quantity = 1, Restocked = false }],
        });
        order.RecordReturnEvent(rma, ReturnEventTypes.Received, "tester", "", "received", T0.AddDays(1));
        await Store.SaveAsync(order, default);
        var found = await Store.FindReturnAsync(rma.Number, default);

        Assert.Equal((ReturnStatus.Received, (DateTimeOffset?)null, true), (found?.Status, found?.DueAt, found?.Unfinished));
    }

    [Fact]
    public async Task ListReturnsAsync_Filters_ReturnOnlyMatchingReturnsNewestFirstInWholeAndInPages()
    {
        var anna = NewOrder(customerId: "anna");
        var annaOld = AddReturn(anna, createdAt: T0.AddMinutes(1), destination: "store-berlin");
        var annaNew = AddReturn(anna, createdAt: T0.AddMinutes(3), destination: "dc-hamburg", status: ReturnStatus.DroppedOff);
        await Store.InsertAsync(anna, "req-" + anna.Id, "fp", default);
        var ben = NewOrder(customerId: "ben");
        var benReturn = AddReturn(ben, createdAt: T0.AddMinutes(2), destination: "store-berlin", status: ReturnStatus.DroppedOff);
        await Store.InsertAsync(ben, "req-" + ben.Id, "fp", default);
        var pos = NewOrder(customerId: "anna", channel: Channel + "-pos");
        var posReturn = AddReturn(pos, createdAt: T0.AddMinutes(4), destination: "store-berlin");
        await Store.InsertAsync(pos, "req-" + pos.Id, "fp", default);

        // Each filter, read whole and read one return per page: the same returns in the same order.
        async Task<string[]> Ids(ReturnQuery query)
        {
            var whole = (await Store.ListReturnsAsync(query, default)).Returns.Select(r => r.ReturnId).ToArray();
            var paged = new List<string>();
            ReturnPageToken? after = null;
            do
            {
                var page = await Store.ListReturnsAsync(query with { PageSize = 1, After = after }, default);
                paged.AddRange(page.Returns.Select(r => r.ReturnId));
                after = page.Next;
            }
            while (after is not null && paged.Count <= whole.Length);

            Assert.Equal(whole, paged);
            return whole;
        }

        Assert.Equal([annaNew.Id, benReturn.Id, annaOld.Id], await Ids(ReturnsQuery()));
        Assert.Equal([posReturn.Id, annaNew.Id, benReturn.Id, annaOld.Id], await Ids(ReturnsQuery(Channel, Channel + "-pos")));
        Assert.Equal([annaNew.Id, annaOld.Id], await Ids(ReturnsQuery() with { CustomerId = "anna" }));
        Assert.Equal([posReturn.Id, annaNew.Id, annaOld.Id], await Ids(ReturnsQuery(Channel, Channel + "-pos") with { CustomerId = "anna" }));
        Assert.Equal([benReturn.Id], await Ids(ReturnsQuery() with { OrderId = ben.Id }));
        Assert.Equal([benReturn.Id, annaOld.Id], await Ids(ReturnsQuery() with { LocationId = "store-berlin" }));
        Assert.Equal([benReturn.Id], await Ids(ReturnsQuery() with { LocationId = "store-berlin", Status = ReturnStatus.DroppedOff }));
        Assert.Equal([annaNew.Id, benReturn.Id], await Ids(ReturnsQuery() with { Status = ReturnStatus.DroppedOff }));
        Assert.Empty(await Ids(ReturnsQuery() with { CustomerId = "nobody" }));
        Assert.Empty(await Ids(ReturnsQuery(Channel + "-elsewhere")));
    }

    [Fact]
    public async Task ListReturnsAsync_PagesOfThree_ReturnEveryReturnOnceNewestFirst()
    {
        // Pairs created at the same instant (each order's two returns): the id breaks the tie, so the token carries both.
        var returns = new List<ReturnAuthorisation>();
        for (var i = 0; i < 5; i++)
        {
            var order = NewOrder();
            returns.Add(AddReturn(order, createdAt: T0.AddMinutes(i)));
            returns.Add(AddReturn(order, createdAt: T0.AddMinutes(i)));
            await Store.InsertAsync(order, "req-" + order.Id, "fp", default);
        }

        var listed = new List<ReturnProjection>();
        ReturnPageToken? after = null;
        var pages = 0;
        do
        {
            var page = await Store.ListReturnsAsync(ReturnsQuery() with { PageSize = 3, After = after }, default);
            listed.AddRange(page.Returns);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 20);

        var expected = returns.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).Select(r => r.Id);
        Assert.Equal(expected, listed.Select(r => r.ReturnId));
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task FindReturnsDueAsync_BeforeACutoff_ReturnsOpenReturnsSoonestFirstAndNeverClosedOnes()
    {
        var order = NewOrder();
        var later = AddReturn(order, expiresAt: LongAgo.AddMinutes(20));
        var sooner = AddReturn(order, expiresAt: LongAgo.AddMinutes(10));
        var afterCutoff = AddReturn(order, expiresAt: LongAgo.AddMinutes(40));
        var closed = AddReturn(order, expiresAt: LongAgo.AddMinutes(5), status: ReturnStatus.Closed);
        var cancelled = AddReturn(order, expiresAt: LongAgo.AddMinutes(5), status: ReturnStatus.Cancelled);
        await Store.InsertAsync(order, "req-" + order.Id, "fp", default);
        var other = NewOrder();
        var refundedAhead = AddReturn(other, expiresAt: LongAgo.AddDays(30), status: ReturnStatus.DroppedOff);
        refundedAhead.ReturnDueBy = LongAgo.AddMinutes(15);
        await Store.InsertAsync(other, "req-" + other.Id, "fp", default);

        var found = await Store.FindReturnsDueAsync(LongAgo.AddMinutes(30), 10_000, default);
        var mine = found.Where(r => Mine(r.OrderId)).Select(r => r.ReturnId).ToList();

        Assert.Equal([sooner.Id, refundedAhead.Id, later.Id], mine);
        Assert.DoesNotContain(afterCutoff.Id, mine);
        Assert.DoesNotContain(closed.Id, mine);
        Assert.DoesNotContain(cancelled.Id, mine);

        // Once closed, a return is never due again.
        sooner.Status = ReturnStatus.Closed;
        order.RecordReturnEvent(sooner, ReturnEventTypes.Received, "tester", "", "closed", T0);
        await Store.SaveAsync(order, default);
        var afterClosing = (await Store.FindReturnsDueAsync(LongAgo.AddMinutes(30), 10_000, default)).Where(r => Mine(r.OrderId)).Select(r => r.ReturnId);
        Assert.Equal([refundedAhead.Id, later.Id], afterClosing);
    }

    [Fact]
    public async Task FindReturnsDueAsync_Max_ReturnsOnlyTheSoonest()
    {
        // Due before every other test's returns, so the soonest one is ours whatever else the store holds.
        var order = NewOrder();
        var soonest = AddReturn(order, expiresAt: LongAgo.AddYears(-50));
        AddReturn(order, expiresAt: LongAgo.AddYears(-50).AddMinutes(1));
        await Store.InsertAsync(order, "req-" + order.Id, "fp", default);

        var found = await Store.FindReturnsDueAsync(LongAgo.AddYears(-49), 1, default);

        Assert.Equal(soonest.Id, Assert.Single(found).ReturnId);
    }

    [Fact]
    public async Task SaveAsync_ReturnNumberOfAnotherOrdersReturn_ThrowsReturnNumberTakenAndChangesNothing()
    {
        var first = NewOrder();
        var taken = AddReturn(first);
        await Store.InsertAsync(first, "req-" + first.Id, "fp", default);
        var second = await InsertedOrderAsync();
        var kept = AddReturn(second);
        await Store.SaveAsync(second, default);
        var historyBefore = await Store.GetHistoryAsync(second.Id, default);

        var loaded = (await Store.GetAsync(second.Id, default))!;
        var clash = AddReturn(loaded, number: taken.Number.ToLowerInvariant());
        loaded.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0);
        var refused = await Assert.ThrowsAsync<OrderStateException>(() => Store.SaveAsync(loaded, default));

        Assert.Equal("RETURN_NUMBER_TAKEN", refused.Code);
        Assert.Equal($"return/{taken.Number.ToLowerInvariant()}", refused.Subject, ignoreCase: true);
        var read = (await Store.GetAsync(second.Id, default))!;
        Assert.Equal(2, read.Version);
        Assert.Equal(2, loaded.Version);
        Assert.Empty(read.Document.Holds);
        Assert.Equal([kept.Id], read.Document.Returns.Select(r => r.Id));
        Assert.Equal(historyBefore.Select(e => (e.Sequence, e.Event.Type)), (await Store.GetHistoryAsync(second.Id, default)).Select(e => (e.Sequence, e.Event.Type)));
        Assert.Null(await Store.FindReturnAsync(clash.Id, default));
        Assert.Equal(first.Id, (await Store.FindReturnAsync(taken.Number, default))?.OrderId);
        Assert.Equal([kept.Id], (await Store.ListReturnsAsync(ReturnsQuery() with { OrderId = second.Id }, default)).Returns.Select(r => r.ReturnId));

        // The service retries with a fresh number: the same copy saves.
        clash.Number = NewReturnNumber();
        await Store.SaveAsync(loaded, default);
        Assert.Equal(second.Id, (await Store.FindReturnAsync(clash.Number, default))?.OrderId);
    }

    [Fact]
    public async Task InsertAsync_ReturnNumberOfAnotherOrdersReturn_ThrowsReturnNumberTakenAndStoresNothing()
    {
        var first = NewOrder();
        var taken = AddReturn(first);
        await Store.InsertAsync(first, "req-" + first.Id, "fp", default);
        var second = NewOrder();
        var clash = AddReturn(second, number: taken.Number);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => Store.InsertAsync(second, "req-" + second.Id, "fp", default));

        Assert.Equal("RETURN_NUMBER_TAKEN", refused.Code);
        Assert.Null(await Store.GetAsync(second.Id, default));
        Assert.Empty(await Store.GetHistoryAsync(second.Id, default));
        Assert.Null(await Store.FindByRequestAsync(Channel, "req-" + second.Id, default));
        Assert.Null(await Store.FindReturnAsync(clash.Id, default));
        Assert.Equal(first.Id, (await Store.FindReturnAsync(taken.Number, default))?.OrderId);
    }

    [Fact]
    public async Task SaveAsync_TwoReturnsOfOneOrderWithOneNumber_ThrowsReturnNumberTakenAndChangesNothing()
    {
        var order = await InsertedOrderAsync();
        var first = AddReturn(order);
        AddReturn(order, number: first.Number.ToLowerInvariant());

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => Store.SaveAsync(order, default));

        Assert.Equal("RETURN_NUMBER_TAKEN", refused.Code);
        var read = (await Store.GetAsync(order.Id, default))!;
        Assert.Equal(1, read.Version);
        Assert.Empty(read.Document.Returns);
        Assert.Single(await Store.GetHistoryAsync(order.Id, default));
        Assert.Null(await Store.FindReturnAsync(first.Id, default));
    }

    [Fact]
    public async Task SaveAsync_TwoConcurrentSavesAddingReturnsToOneVersion_ExactlyOneWinsAndOnlyItsReturnIsIndexed()
    {
        for (var round = 0; round < 10; round++)
        {
            var order = NewOrder();
            AddReturn(order);
            await Store.InsertAsync(order, "req-" + order.Id, "fp", default);
            var copies = new[] { (await Store.GetAsync(order.Id, default))!, (await Store.GetAsync(order.Id, default))! };
            var added = copies.Select(copy => AddReturn(copy)).ToArray();

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
            var winner = Array.IndexOf(outcomes, true);
            var read = (await Store.GetAsync(order.Id, default))!;
            Assert.Equal(2, read.Version);
            Assert.Equal(2, read.Document.Returns.Count);
            Assert.Contains(read.Document.Returns, r => r.Id == added[winner].Id);
            Assert.NotNull(await Store.FindReturnAsync(added[winner].Number, default));
            Assert.Null(await Store.FindReturnAsync(added[1 - winner].Number, default));
            Assert.Equal(2, (await Store.ListReturnsAsync(ReturnsQuery() with { OrderId = order.Id }, default)).Returns.Count);
        }
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------------

    protected ReturnQuery ReturnsQuery(params string[] channels) =>
        new(null, null, channels.Length == 0 ? new HashSet<string> { Channel } : channels.ToHashSet(), null, null, 100, null);

    protected static string NewReturnNumber() => "RMA-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    /// <summary>Adds an authorised return of one unit of L1 to the order, with its event, as the return service would.</summary>
    protected static ReturnAuthorisation AddReturn(
        Order order, string? number = null, ReturnStatus status = ReturnStatus.Authorised, DateTimeOffset? createdAt = null,
        DateTimeOffset? expiresAt = null, string destination = "store-berlin", ReturnKind kind = ReturnKind.Refund)
    {
        var created = createdAt ?? T0;
        var rma = new ReturnAuthorisation
        {
            Id = "rma_" + Guid.NewGuid().ToString("N"),
            Number = number ?? NewReturnNumber(),
            RequestId = "rr-" + Guid.NewGuid().ToString("N")[..8],
            Kind = kind,
            Status = status,
            RequestedVia = "web",
            CreatedBy = "tester",
            CreatedAt = created,
            ExpiresAt = expiresAt ?? created.AddDays(14),
            DestinationLocationId = destination,
            Lines = [new ReturnLine { LineId = "L1", Sku = "SKU-1", Quantity = 1, Reason = ReturnReason.DoesNotFit }],
        };
        order.Document.Returns.Add(rma);
        order.RecordReturnEvent(rma, ReturnEventTypes.Authorised, "tester", "", "authorised", created);
        return rma;
    }
}
