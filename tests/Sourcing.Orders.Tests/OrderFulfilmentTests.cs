using static Sourcing.Orders.Tests.TestOrders;

namespace Sourcing.Orders.Tests;

public sealed class OrderFulfilmentTests
{
    [Fact]
    public void RejectLines_PartOfALine_ReleasesTheOldHoldAndPlansAReholdOfTheKeptUnits()
    {
        var order = Allocated(quantity: 5);

        order.RejectLines("O-1-F1", [new LineQuantity("L1", 2)], "two damaged", "store-1", T0);

        var line = order.Document.Lines[0];
        Assert.Equal(2, line.In(LineState.Open));
        Assert.Equal(3, line.In(LineState.Allocated));
        Assert.Equal(["LOC-A"], line.ExcludedLocations);
        var fulfilmentLine = order.Document.FulfilmentOrders[0].Lines[0];
        Assert.Equal("", fulfilmentLine.ReservationId);
        Assert.Equal(3, fulfilmentLine.Remaining);
        var release = Assert.Single(order.Document.PendingStockActions, a => a.Kind == StockActionKind.Release);
        Assert.Equal("res:order:O-1:a1:0", release.ReservationId);
        var rehold = Assert.Single(order.Document.PendingStockActions, a => a.Kind == StockActionKind.Rehold);
        Assert.Equal(("SKU-1", "LOC-A", 3, "order:O-1:O-1-F1:L1:r1"), (rehold.Sku, rehold.LocationId, rehold.Quantity, rehold.HoldRequestId));
        Assert.True(order.Project().Unfinished);
    }

    [Fact]
    public void CompleteRehold_Taken_LineCarriesTheNewReservation()
    {
        var order = Allocated(quantity: 5);
        order.RejectLines("O-1-F1", [new LineQuantity("L1", 2)], "two damaged", "store-1", T0);
        var rehold = order.Document.PendingStockActions.Single(a => a.Kind == StockActionKind.Rehold);
        var release = order.Document.PendingStockActions.Single(a => a.Kind == StockActionKind.Release);

        order.CompleteStockAction(release.Id);
        order.CompleteRehold(rehold.Id, new HeldStock("res-2", T0.AddHours(2)), T0);

        Assert.Empty(order.Document.PendingStockActions);
        Assert.Equal("res-2", order.Document.FulfilmentOrders[0].Lines[0].ReservationId);
        Assert.Equal(3, order.Document.Lines[0].In(LineState.Allocated));
    }

    [Fact]
    public void CompleteRehold_StockGone_KeptUnitsOpenAgainAndFulfilmentOrderClosed()
    {
        var order = Released(quantity: 5);
        order.RejectLines("O-1-F1", [new LineQuantity("L1", 2)], "two damaged", "store-1", T0);
        var rehold = order.Document.PendingStockActions.Single(a => a.Kind == StockActionKind.Rehold);

        order.CompleteRehold(rehold.Id, null, T0);

        Assert.Equal(5, order.Document.Lines[0].In(LineState.Open));
        Assert.Equal(FulfilmentStatus.Closed, order.Document.FulfilmentOrders[0].Status);
        Assert.Contains(order.NewEvents, e => e.Type == OrderEventTypes.ReservationLapsed);
    }

    [Fact]
    public void RejectLines_WhileTheHoldIsBeingReplaced_Refused()
    {
        var order = Allocated(quantity: 5);
        order.RejectLines("O-1-F1", [new LineQuantity("L1", 2)], "two damaged", "store-1", T0);

        var refusal = Assert.Throws<OrderStateException>(() => order.RejectLines("O-1-F1", [new LineQuantity("L1", 1)], "one more", "store-1", T0));

        Assert.Equal("HOLD_BEING_REPLACED", refusal.Code);
    }

    [Fact]
    public void RejectLines_MoreThanTheLocationHas_RefusedNamingWhatItHas()
    {
        var order = Allocated(quantity: 2);

        var refusal = Assert.Throws<OrderStateException>(() => order.RejectLines("O-1-F1", [new LineQuantity("L1", 3)], "damaged", "store-1", T0));

        Assert.Equal("QUANTITY_NOT_AT_LOCATION", refusal.Code);
        Assert.Contains("has 2 unit(s)", refusal.Message);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Allocated));
    }

    [Fact]
    public void RejectLines_WholeLine_ReleasesTheHoldPlansNoReholdAndClosesTheFulfilmentOrder()
    {
        var order = Picked(quantity: 2);

        order.RejectLines("O-1-F1", [new LineQuantity("L1", 2)], "damaged", "store-1", T0);

        Assert.Equal(StockActionKind.Release, Assert.Single(order.Document.PendingStockActions).Kind);
        Assert.Equal(FulfilmentStatus.Closed, order.Document.FulfilmentOrders[0].Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ConfirmShipment_NotTheRemainingUnits_RefusedAsAMismatch(int shipped)
    {
        var order = Released(quantity: 2);

        var refusal = Assert.Throws<OrderStateException>(() =>
            order.ConfirmShipment("O-1-F1", "DHL", "T-1", [new LineQuantity("L1", shipped)], Actor, T0));

        Assert.Equal("SHIPMENT_QUANTITY_MISMATCH", refusal.Code);
        Assert.Contains("has 2 unit(s) to ship", refusal.Message);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Released));
        Assert.Empty(order.Document.Shipments);
    }

    [Fact]
    public void ConfirmShipment_RemainingUnits_ShipsThemAndPlansTheCommitOfTheirReservation()
    {
        var order = Picked(quantity: 2);

        var shipment = order.ConfirmShipment("O-1-F1", "DHL", "T-1", [new LineQuantity("L1", 2)], Actor, T0);

        Assert.Equal("O-1-F1-S1", shipment.Id);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Shipped));
        var commit = Assert.Single(order.Document.PendingStockActions);
        Assert.Equal((StockActionKind.Commit, "res:order:O-1:a1:0", 2), (commit.Kind, commit.ReservationId, commit.Quantity));
        Assert.Equal(FulfilmentStatus.Closed, order.Document.FulfilmentOrders[0].Status);
        Assert.Equal(OrderStatus.Shipped, order.Status);
    }

    [Fact]
    public void ConfirmShipment_AfterAPartialRejection_CarriesTheKeptUnits()
    {
        var order = Allocated(quantity: 5);
        order.RejectLines("O-1-F1", [new LineQuantity("L1", 2)], "two damaged", "store-1", T0);
        order.CompleteRehold(order.Document.PendingStockActions.Single(a => a.Kind == StockActionKind.Rehold).Id, new HeldStock("res-2", T0.AddHours(1)), T0);

        order.ConfirmShipment("O-1-F1", "DHL", "T-1", [new LineQuantity("L1", 3)], Actor, T0);

        Assert.Equal(3, order.Document.Lines[0].In(LineState.Shipped));
        Assert.Contains(order.Document.PendingStockActions, a => a.Kind == StockActionKind.Commit && a.ReservationId == "res-2" && a.Quantity == 3);
    }

    [Fact]
    public void MarkPacked_NotAccepted_Refused()
    {
        var order = Allocated();

        var refusal = Assert.Throws<OrderStateException>(() => order.MarkPacked("O-1-F1", Actor, T0));

        Assert.Equal("FULFILMENT_NOT_ACCEPTED", refusal.Code);
    }

    [Fact]
    public void AcceptFulfilment_Twice_SecondChangesNothing()
    {
        var order = Released();
        var events = order.NewEvents.Count;

        order.AcceptFulfilment("O-1-F1", Actor, T0);

        Assert.Equal(events, order.NewEvents.Count);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Released));
    }

    [Fact]
    public void RecordDelivery_DeliveredTwice_SecondChangesNothing()
    {
        var order = Delivered();
        var events = order.NewEvents.Count;
        var deliveryEvents = order.Document.Shipments[0].DeliveryEvents.Count;

        order.RecordDelivery("O-1-F1-S1", true, T0.AddHours(1), "again", Actor, T0.AddHours(1));

        Assert.Equal(events, order.NewEvents.Count);
        Assert.Equal(deliveryEvents, order.Document.Shipments[0].DeliveryEvents.Count);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Delivered));
        Assert.Equal(OrderStatus.Delivered, order.Status);
    }

    [Fact]
    public void RecordDelivery_FailedAttempt_RecordedWithoutMovingUnits()
    {
        var order = Shipped();

        order.RecordDelivery("O-1-F1-S1", false, T0, "nobody home", "carrier", T0);

        Assert.Equal(2, order.Document.Lines[0].In(LineState.Shipped));
        Assert.Equal("failed", Assert.Single(order.Document.Shipments[0].DeliveryEvents).Kind);
        Assert.Contains(order.NewEvents, e => e.Type == OrderEventTypes.DeliveryFailed);
    }

    [Fact]
    public void ReservationLapsed_BeforeShipment_UnitsOpenAgainAndTheHoldForgotten()
    {
        var order = Released(quantity: 2);

        order.ReservationLapsed("O-1-F1", "L1", T0.AddHours(2));

        Assert.Equal(2, order.Document.Lines[0].In(LineState.Open));
        Assert.Equal("", order.Document.FulfilmentOrders[0].Lines[0].ReservationId);
        Assert.Null(order.Project().EarliestHoldExpiry);
        Assert.Empty(order.Document.Lines[0].ExcludedLocations);
    }
}
