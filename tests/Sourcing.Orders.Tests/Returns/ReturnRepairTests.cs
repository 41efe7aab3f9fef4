using Sourcing.Orders.Returns;
using static Sourcing.Orders.Tests.Returns.ReturnWorld;

namespace Sourcing.Orders.Tests.Returns;

public sealed class ReturnRepairTests
{
    private static async Task<(ReturnWorld World, ReturnAuthorisation Rma)> ReceivedRepairAsync()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        var rma = (await world.Service.AuthoriseAsync(Authorise("O-1", "rep-1", ("L1", 1)) with { Kind = ReturnKind.Repair }, Agent, None)).Return;
        await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.NeedsRefurbishing, 1)), Clerk("WH-1"), None);
        return (world, rma);
    }

    [Fact]
    public async Task Repair_ReceivedSentRepairedShippedBack_ClosesWithoutRestockRefundOrReturnedUnits()
    {
        var (world, rma) = await ReceivedRepairAsync();
        var received = await world.ReturnAsync("O-1", rma.Id);

        var sent = await world.Service.SendToRepairPartnerAsync(rma.Number, "FixIt GmbH", "FX-77", Agent, None);
        var repaired = await world.Service.RecordRepairOutcomeAsync(new RepairOutcomeCommand(rma.Number, RepairOutcome.Repaired, null, "new hinge"), Agent, None);
        var back = await world.Service.ShipRepairBackAsync(rma.Number, "DHL", "T-BACK", Agent, None);

        Assert.Equal(ReturnStatus.Received, received.Status);
        Assert.Equal(ReturnStatus.AtRepairPartner, sent.Return.Status);
        Assert.Equal(ReturnStatus.Repaired, repaired.Return.Status);
        Assert.Equal(ReturnStatus.Closed, back.Return.Status);
        Assert.Equal(("FixIt GmbH", "FX-77", "T-BACK"), (back.Return.Repair!.PartnerName, back.Return.Repair.PartnerReference, back.Return.Repair.TrackingNumber));
        Assert.Equal((1, 0), (back.Order.Line("L1").In(LineState.Delivered), back.Order.Line("L1").In(LineState.Returned)));
        Assert.Equal(0, world.Stock.Calls);
        Assert.Empty(back.Return.Refunds);
        var history = await world.HistoryAsync("O-1");
        Assert.Equal([ReturnEventTypes.SentToRepair, ReturnEventTypes.RepairOutcome, ReturnEventTypes.ShippedBack, ReturnEventTypes.Closed],
            history.SkipWhile(t => t != ReturnEventTypes.SentToRepair).ToList());
    }

    [Fact]
    public async Task AuthoriseAsync_UnitsAtARepair_AreNotReturnableUntilTheRepairCloses()
    {
        var (world, rma) = await ReceivedRepairAsync();

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 1)), WebShop, None));
        await world.Service.SendToRepairPartnerAsync(rma.Number, "FixIt GmbH", "FX-77", Agent, None);
        await world.Service.RecordRepairOutcomeAsync(new RepairOutcomeCommand(rma.Number, RepairOutcome.Repaired, null, ""), Agent, None);
        await world.Service.ShipRepairBackAsync(rma.Number, "DHL", "T-BACK", Agent, None);
        var later = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 1)), WebShop, None);

        Assert.Equal("RETURN_EXCEEDS_SHIPPED", refused.Code);
        Assert.Equal(ReturnStatus.Authorised, later.Return.Status);
    }

    [Fact]
    public async Task ShipRepairBackAsync_BeforeAnOutcome_IsReturnStateNamingTheStatus()
    {
        var (world, rma) = await ReceivedRepairAsync();
        await world.Service.SendToRepairPartnerAsync(rma.Number, "FixIt GmbH", "FX-77", Agent, None);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.ShipRepairBackAsync(rma.Number, "DHL", "T-BACK", Agent, None));

        Assert.Equal("RETURN_STATE", refused.Code);
        Assert.Contains("AtRepairPartner", refused.Message);
        Assert.Equal(ReturnStatus.AtRepairPartner, (await world.ReturnAsync("O-1", rma.Id)).Status);
    }

    [Fact]
    public async Task SendToRepairPartnerAsync_BeforeReceiptOrOnARefundReturn_IsReturnState()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [2]);
        var repair = (await world.Service.AuthoriseAsync(Authorise("O-1", "rep-1", ("L1", 1)) with { Kind = ReturnKind.Repair }, Agent, None)).Return;
        var refund = (await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), Agent, None)).Return;

        var early = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.SendToRepairPartnerAsync(repair.Number, "FixIt GmbH", "FX-1", Agent, None));
        var notRepair = await Assert.ThrowsAsync<OrderStateException>(() => world.Service.SendToRepairPartnerAsync(refund.Number, "FixIt GmbH", "FX-1", Agent, None));

        Assert.Equal("RETURN_STATE", early.Code);
        Assert.Contains("Authorised", early.Message);
        Assert.Equal("RETURN_STATE", notRepair.Code);
    }

    [Fact]
    public async Task RecordRepairOutcomeAsync_NotRepairableRefund_RefundsKeepsTheUnitsAndCloses()
    {
        var (world, rma) = await ReceivedRepairAsync();
        await world.Service.SendToRepairPartnerAsync(rma.Number, "FixIt GmbH", "FX-77", Agent, None);

        var result = await world.Service.RecordRepairOutcomeAsync(new RepairOutcomeCommand(rma.Number, RepairOutcome.NotRepairable, RepairResolution.Refund, "board burnt"), Agent, None);

        Assert.Equal(RefundTrigger.Agent, Assert.Single(result.Return.Refunds).Trigger);
        Assert.Equal(1, result.Order.Line("L1").In(LineState.Returned));
        Assert.Equal(ReturnStatus.Closed, result.Return.Status);
        await Assert.ThrowsAsync<OrderStateException>(() => world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 1)), WebShop, None));
    }

    [Fact]
    public async Task RecordRepairOutcomeAsync_NotRepairableReplace_CreatesTheLinkedOrderAndCloses()
    {
        var (world, rma) = await ReceivedRepairAsync();
        await world.Service.SendToRepairPartnerAsync(rma.Number, "FixIt GmbH", "FX-77", Agent, None);

        var result = await world.Service.RecordRepairOutcomeAsync(new RepairOutcomeCommand(rma.Number, RepairOutcome.NotRepairable, RepairResolution.Replace, ""), Agent, None);

        Assert.Equal("LINKED-" + rma.Number, result.Return.LinkedOrder!.OrderId);
        Assert.Equal(ReturnStatus.Closed, result.Return.Status);
    }

    [Fact]
    public async Task RecordRepairOutcomeAsync_NotRepairableWithoutResolutionOrByAClerk_IsRefused()
    {
        var (world, rma) = await ReceivedRepairAsync();
        await world.Service.SendToRepairPartnerAsync(rma.Number, "FixIt GmbH", "FX-77", Agent, None);

        var missing = await Assert.ThrowsAsync<ArgumentException>(() =>
            world.Service.RecordRepairOutcomeAsync(new RepairOutcomeCommand(rma.Number, RepairOutcome.NotRepairable, null, ""), Agent, None));
        await Assert.ThrowsAsync<OrderPermissionDeniedException>(() =>
            world.Service.RecordRepairOutcomeAsync(new RepairOutcomeCommand(rma.Number, RepairOutcome.Repaired, null, ""), Clerk("WH-1"), None));

        Assert.Equal("resolution", missing.ParamName);
        Assert.Equal(ReturnStatus.AtRepairPartner, (await world.ReturnAsync("O-1", rma.Id)).Status);
    }
}
