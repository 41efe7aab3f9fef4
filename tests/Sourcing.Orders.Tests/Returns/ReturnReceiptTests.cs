using Sourcing.Orders.Returns;
using static Sourcing.Orders.Tests.Returns.ReturnWorld;

namespace Sourcing.Orders.Tests.Returns;

public sealed class ReturnReceiptTests
{
    private static async Task<(ReturnWorld World, ReturnAuthorisation Rma)> AuthorisedAsync(int shipped = 2, int returned = 2, bool delivered = true, Action<ReturnWorld>? setUp = null, ReturnKind kind = ReturnKind.Refund)
    {
        var world = new ReturnWorld();
        setUp?.Invoke(world);
        await world.ShippedOrderAsync("O-1", [shipped], delivered);
        var result = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", returned)) with { Kind = kind }, WebShop, None);
        return (world, result.Return);
    }

    [Fact]
    public async Task RecordDropOffAsync_Authorised_IsDroppedOffAndARepeatChangesNothing()
    {
        var (world, rma) = await AuthorisedAsync();

        var first = await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, "STORE-1", TestOrders.T0), Clerk("STORE-1"), None);
        var repeat = await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, "STORE-1", TestOrders.T0), Clerk("STORE-1"), None);

        Assert.Equal(ReturnStatus.DroppedOff, first.Return.Status);
        Assert.Equal(first.Order.Version, repeat.Order.Version);
        Assert.Single(await world.HistoryAsync("O-1"), ReturnEventTypes.DroppedOff);
        Assert.Empty(repeat.Return.Refunds);
    }

    [Fact]
    public async Task RecordDropOffAsync_InstantRefund_RefundsEveryUnitAndSetsTheDueDate()
    {
        var (world, rma) = await AuthorisedAsync(setUp: w => { w.Policy.InstantRefund = true; w.Policy.ReturnWithinDays = 7; });

        var result = await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, ReturnService.CarrierDropOff, TestOrders.T0), WebShop, None);

        var refund = Assert.Single(result.Return.Refunds);
        Assert.Equal((RefundTrigger.DropOff, RefundStatus.Issued), (refund.Trigger, refund.Status));
        Assert.Equal(2, result.Return.Lines[0].Refunded);
        Assert.Equal(TestOrders.T0.AddDays(7), result.Return.ReturnDueBy);
        Assert.False(await world.UnfinishedAsync("O-1"));
    }

    [Fact]
    public async Task ReceiveAsync_ResellableUnits_MoveToReturnedAreRestockedOnceRefundedAndTheReturnCloses()
    {
        var (world, rma) = await AuthorisedAsync();

        var result = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Clerk("WH-1"), None);

        var line = result.Order.Line("L1");
        Assert.Equal((2, 0), (line.In(LineState.Returned), line.In(LineState.Delivered)));
        Assert.Equal(2, world.Stock.Restocked("SKU-1", "WH-1"));
        var units = Assert.Single(Assert.Single(result.Return.Receipts).Units);
        Assert.Equal($"{rma.Id}:restock:r1:L1", units.StockRequestId);
        Assert.True(units.Restocked);
        Assert.Equal(RefundStatus.Issued, Assert.Single(result.Return.Refunds).Status);
        Assert.Equal(ReturnStatus.Closed, result.Return.Status);
        var history = await world.HistoryAsync("O-1");
        Assert.Equal([ReturnEventTypes.Received, ReturnEventTypes.RefundDecided, ReturnEventTypes.Restocked, ReturnEventTypes.Closed],
            history.SkipWhile(t => t != ReturnEventTypes.Received).ToList());
        Assert.False(await world.UnfinishedAsync("O-1"));
    }

    [Fact]
    public async Task ReceiveAsync_SameRequestIdTwice_ChangesNothingTheSecondTime()
    {
        var (world, rma) = await AuthorisedAsync();
        var first = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);

        var repeat = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);

        Assert.Equal(first.Order.Version, repeat.Order.Version);
        Assert.Equal(1, repeat.Return.Lines[0].Received);
        Assert.Equal(1, world.Stock.Calls);
        await Assert.ThrowsAsync<OrderRequestConflictException>(() =>
            world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Damaged, 1)), Clerk("WH-1"), None));
    }

    [Fact]
    public async Task ReceiveAsync_MoreThanOutstanding_FailsWithReceiptExceedsAuthorisedAndSavesNothing()
    {
        var (world, rma) = await AuthorisedAsync(shipped: 3, returned: 2);
        await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() =>
            world.Service.ReceiveAsync(Receive(rma.Number, "rcv-2", ("L1", UnitGrade.Resellable, 1), ("L1", UnitGrade.Damaged, 1)), Clerk("WH-1"), None));

        Assert.Equal("RECEIPT_EXCEEDS_AUTHORISED", refused.Code);
        Assert.Equal("order/O-1/line/L1", refused.Subject);
        var order = await world.OrderAsync("O-1");
        Assert.Equal((1, 2), (order.Line("L1").In(LineState.Returned), order.Line("L1").In(LineState.Delivered)));
    }

    [Fact]
    public async Task ReceiveAsync_InTwoParcels_IsPartlyReceivedThenReceivedAndClosed()
    {
        var (world, rma) = await AuthorisedAsync();

        var first = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);
        var second = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-2", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);

        Assert.Equal(ReturnStatus.PartlyReceived, first.Return.Status);
        Assert.Equal(ReturnStatus.Closed, second.Return.Status);
        Assert.Equal(2, second.Return.Refunds.Count);
        Assert.Equal(2, world.Stock.Restocked("SKU-1", "WH-1"));
        Assert.Equal(2, world.Stock.Applied.Count);
    }

    [Fact]
    public async Task ReceiveAsync_OtherGrades_AreQuarantinedWrittenOffOrSentToTheSupplierAndNothingIsRestocked()
    {
        var (world, rma) = await AuthorisedAsync(shipped: 3, returned: 3);

        var result = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1",
            ("L1", UnitGrade.NeedsRefurbishing, 1), ("L1", UnitGrade.Damaged, 1), ("L1", UnitGrade.ToSupplier, 1)), Clerk("WH-1"), None);

        Assert.Equal(0, world.Stock.Calls);
        Assert.Equal(3, result.Order.Line("L1").In(LineState.Returned));
        var history = await world.HistoryAsync("O-1");
        Assert.Contains(ReturnEventTypes.Quarantined, history);
        Assert.Contains(ReturnEventTypes.WrittenOff, history);
        Assert.Contains(ReturnEventTypes.ToSupplier, history);
        Assert.Equal(ReturnStatus.Closed, result.Return.Status);
    }

    [Fact]
    public async Task ReceiveAsync_ShippedButNotDelivered_MovesShippedUnitsToReturned()
    {
        var (world, rma) = await AuthorisedAsync(delivered: false);

        var result = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Clerk("WH-1"), None);

        Assert.Equal((2, 0), (result.Order.Line("L1").In(LineState.Returned), result.Order.Line("L1").In(LineState.Shipped)));
    }

    [Fact]
    public async Task ReceiveAsync_WhereUnitsCannotBeReceived_IsInvalidLocationAndElsewhereThanTheClerksIsDenied()
    {
        var (world, rma) = await AuthorisedAsync();

        var invalid = await Assert.ThrowsAsync<ArgumentException>(() =>
            world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)) with { LocationId = "SUPPLIER-1" }, Agent, None));
        await Assert.ThrowsAsync<OrderPermissionDeniedException>(() =>
            world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("STORE-9"), None));
        var unknownLine = await Assert.ThrowsAsync<ArgumentException>(() =>
            world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L7", UnitGrade.Resellable, 1)), Clerk("WH-1"), None));

        Assert.Equal("location_id", invalid.ParamName);
        Assert.Equal("units[0].line_id", unknownLine.ParamName);
        Assert.Empty((await world.ReturnAsync("O-1", rma.Id)).Receipts);
    }

    [Fact]
    public async Task ReceiveAsync_CancelledOrFullyReceivedReturn_IsRefusedWithItsState()
    {
        var (world, rma) = await AuthorisedAsync(shipped: 4, returned: 2);
        await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Damaged, 2)), Clerk("WH-1"), None);
        var other = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 2)), WebShop, None);
        await world.Service.CancelAsync(other.Return.Number, "changed my mind", WebShop, None);

        var closed = await Assert.ThrowsAsync<OrderStateException>(() =>
            world.Service.ReceiveAsync(Receive(rma.Number, "rcv-2", ("L1", UnitGrade.Damaged, 1)), Clerk("WH-1"), None));
        var cancelled = await Assert.ThrowsAsync<OrderStateException>(() =>
            world.Service.ReceiveAsync(Receive(other.Return.Number, "rcv-3", ("L1", UnitGrade.Damaged, 1)), Clerk("WH-1"), None));

        Assert.Equal("RETURN_NOT_OPEN", closed.Code);
        Assert.Equal("RETURN_NOT_OPEN", cancelled.Code);
        Assert.Equal($"return/{other.Return.Number}", cancelled.Subject);
    }

    [Fact]
    public async Task ReceiveAsync_RefundsWaitingForAnAgent_RefundsOnlyOnRefundNow()
    {
        var (world, rma) = await AuthorisedAsync(setUp: w => w.Options.RefundOnReceipt = false);

        var received = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Clerk("WH-1"), None);
        await Assert.ThrowsAsync<OrderPermissionDeniedException>(() => world.Service.RefundNowAsync(rma.Number, Clerk("WH-1"), None));
        var refunded = await world.Service.RefundNowAsync(rma.Number, Agent, None);

        Assert.Equal(ReturnStatus.Received, received.Return.Status);
        Assert.Empty(received.Return.Refunds);
        Assert.Equal(RefundTrigger.Agent, Assert.Single(refunded.Return.Refunds).Trigger);
        Assert.Equal(ReturnStatus.Closed, refunded.Return.Status);
    }

    [Fact]
    public async Task RefundNowAsync_EverythingRefundedAlready_IsNothingToRefund()
    {
        var (world, rma) = await AuthorisedAsync(setUp: w => w.Policy.InstantRefund = true);
        await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, ReturnService.CarrierDropOff, TestOrders.T0), WebShop, None);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.RefundNowAsync(rma.Number, Agent, None));

        Assert.Equal("NOTHING_TO_REFUND", refused.Code);
    }

    [Theory]
    [InlineData(ReturnKind.Exchange)]
    [InlineData(ReturnKind.Replacement)]
    [InlineData(ReturnKind.Repair)]
    public async Task RefundNowAsync_ReturnSettledByGoodsOrRepair_IsReturnStateAndRefundsNothing(ReturnKind kind)
    {
        var (world, rma) = await AuthorisedAsync(kind: kind);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.RefundNowAsync(rma.Number, Agent, None));

        Assert.Equal("RETURN_STATE", refused.Code);
        Assert.Empty((await world.Service.GetAsync(rma.Number, Agent, None)).Return.Refunds);
    }

    [Fact]
    public async Task ReceiveAsync_Exchange_CreatesTheLinkedOrderAndCloses()
    {
        var (world, rma) = await AuthorisedAsync(kind: ReturnKind.Exchange);

        var result = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Clerk("WH-1"), None);

        Assert.False(result.Return.LinkedOrder!.ShippedBeforeReturn);
        Assert.Equal("LINKED-" + rma.Number, result.Return.LinkedOrder.OrderId);
        Assert.Empty(result.Return.Refunds);
        Assert.Equal(ReturnStatus.Closed, result.Return.Status);
    }

    [Fact]
    public async Task CancelAsync_AfterAReceiptOrARefund_IsRefused()
    {
        var (world, rma) = await AuthorisedAsync(shipped: 4, returned: 2, setUp: w => w.Policy.InstantRefund = true);
        await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);
        var other = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 2)), WebShop, None);
        await world.Service.RecordDropOffAsync(new DropOffCommand(other.Return.Number, ReturnService.CarrierDropOff, TestOrders.T0), WebShop, None);

        var received = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.CancelAsync(rma.Number, "no", Agent, None));
        var refunded = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.CancelAsync(other.Return.Number, "no", Agent, None));

        Assert.Equal("RETURN_ALREADY_RECEIVED", received.Code);
        Assert.Equal("RETURN_STATE", refunded.Code);
    }

    [Fact]
    public async Task ReceiveAsync_CrashAfterTheRestockWasApplied_LeavesTheOrderUnfinishedAndTheReconcilerRestocksOnce()
    {
        var (world, rma) = await AuthorisedAsync();
        world.Stock.CrashAfterNextApply = true;

        await Assert.ThrowsAsync<ReturnCrash>(() => world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Clerk("WH-1"), None));
        Assert.True(await world.UnfinishedAsync("O-1"));
        Assert.False(Assert.Single((await world.ReturnAsync("O-1", rma.Id)).Receipts[0].Units).Restocked);

        var lifecycle = new OrderLifecycle(world.Store, new Lifecycle.TestInventory(world.Clock), world.Clock, NoOrderFaults.Instance,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OrderLifecycle>.Instance, world.Service);
        await new OrderReconciler(world.Store, lifecycle, world.Clock).RunOnceAsync(TimeSpan.Zero, 10, None);
        await new OrderReconciler(world.Store, lifecycle, world.Clock).RunOnceAsync(TimeSpan.Zero, 10, None);

        var after = await world.ReturnAsync("O-1", rma.Id);
        Assert.Equal(2, world.Stock.Restocked("SKU-1", "WH-1"));
        Assert.Equal(2, world.Stock.Applied[$"{rma.Id}:restock:r1:L1"].Quantity);
        Assert.True(after.Receipts[0].Units[0].Restocked);
        Assert.Equal(ReturnStatus.Closed, after.Status);
        Assert.Single(await world.HistoryAsync("O-1"), ReturnEventTypes.Restocked);
        Assert.False(await world.UnfinishedAsync("O-1"));
    }

    [Fact]
    public async Task ReceiveAsync_CrashAfterBillingIssuedTheCreditNote_ReconcilerRecordsThatNoteAndIssuesNoOther()
    {
        var (world, rma) = await AuthorisedAsync();
        world.Settlement.CrashAfterNextIssue = true;

        await Assert.ThrowsAsync<ReturnCrash>(() => world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Damaged, 2)), Clerk("WH-1"), None));
        Assert.Equal(RefundStatus.Pending, Assert.Single((await world.ReturnAsync("O-1", rma.Id)).Refunds).Status);
        Assert.True(await world.UnfinishedAsync("O-1"));

        await world.NewService().ReconcileAsync("O-1", None);
        await world.NewService().ReconcileAsync("O-1", None);

        var refund = Assert.Single((await world.ReturnAsync("O-1", rma.Id)).Refunds);
        Assert.Equal((RefundStatus.Issued, "CN-1"), (refund.Status, refund.CreditNoteId));
        Assert.Equal(1, world.Settlement.CreditNotes);
        Assert.All(world.Settlement.IssueCalls.Values, calls => Assert.Equal(1, calls));
        Assert.False(await world.UnfinishedAsync("O-1"));
    }

    [Fact]
    public async Task ReceiveAsync_InventoryUnreachable_TheReceiptStandsAndTheReconcilerRestocksLater()
    {
        var (world, rma) = await AuthorisedAsync();
        world.Stock.Unavailable = true;

        var result = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Clerk("WH-1"), None);
        Assert.Equal(ReturnStatus.Received, result.Return.Status);
        Assert.True(await world.UnfinishedAsync("O-1"));
        world.Stock.Unavailable = false;
        await world.Service.ReconcileAsync("O-1", None);

        Assert.Equal(2, world.Stock.Restocked("SKU-1", "WH-1"));
        Assert.Equal(ReturnStatus.Closed, (await world.ReturnAsync("O-1", rma.Id)).Status);
        Assert.False(await world.UnfinishedAsync("O-1"));
    }

    [Fact]
    public async Task ReceiveAsync_BillingDoesNotAnswer_TheReceiptStandsAndTheReconcilerRefundsLater()
    {
        var (world, rma) = await AuthorisedAsync();
        world.Settlement.BillingUnavailable = true;

        var received = await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Damaged, 2)), Clerk("WH-1"), None);
        var unfinished = await world.UnfinishedAsync("O-1");
        world.Settlement.BillingUnavailable = false;
        var lifecycle = new OrderLifecycle(world.Store, new Lifecycle.TestInventory(world.Clock), world.Clock, NoOrderFaults.Instance,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OrderLifecycle>.Instance, world.Service);
        await new OrderReconciler(world.Store, lifecycle, world.Clock).RunOnceAsync(TimeSpan.Zero, 10, None);

        Assert.Equal((ReturnStatus.Received, 0), (received.Return.Status, received.Return.Refunds.Count));
        Assert.True(unfinished);
        var after = await world.ReturnAsync("O-1", rma.Id);
        Assert.Equal(RefundStatus.Issued, Assert.Single(after.Refunds).Status);
        Assert.Equal(ReturnStatus.Closed, after.Status);
        Assert.False(await world.UnfinishedAsync("O-1"));
    }
}
