using Sourcing.Orders.Returns;
using static Sourcing.Orders.Tests.Returns.ReturnWorld;

namespace Sourcing.Orders.Tests.Returns;

public sealed class ReturnDeadlineTests
{
    [Fact]
    public async Task ProcessDeadlinesAsync_UntouchedAuthorisationPastItsExpiry_ExpiresAndItsUnitsAreReturnableAgain()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        var rma = (await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None)).Return;

        world.Clock.Advance(TimeSpan.FromDays(29));
        var early = await world.Service.ProcessDeadlinesAsync(10, None);
        world.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var due = await world.Service.ProcessDeadlinesAsync(10, None);
        var again = await world.Service.ProcessDeadlinesAsync(10, None);

        Assert.Equal((0, 1, 0), (early, due, again));
        Assert.Equal(ReturnStatus.Expired, (await world.ReturnAsync("O-1", rma.Id)).Status);
        Assert.Single(await world.HistoryAsync("O-1"), ReturnEventTypes.Expired);
        var renewed = await world.Service.AuthoriseAsync(Authorise("O-1", "ret-2", ("L1", 1)), WebShop, None);
        Assert.Equal(ReturnStatus.Authorised, renewed.Return.Status);
    }

    [Fact]
    public async Task ProcessDeadlinesAsync_DroppedOffReturn_DoesNotExpire()
    {
        var world = new ReturnWorld();
        await world.ShippedOrderAsync("O-1", [1]);
        var rma = (await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None)).Return;
        await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, ReturnService.CarrierDropOff, TestOrders.T0), WebShop, None);

        world.Clock.Advance(TimeSpan.FromDays(60));
        var due = await world.Service.ProcessDeadlinesAsync(10, None);

        Assert.Equal(0, due);
        Assert.Equal(ReturnStatus.DroppedOff, (await world.ReturnAsync("O-1", rma.Id)).Status);
    }

    [Fact]
    public async Task ProcessDeadlinesAsync_InstantRefundNotBackByItsDueDate_IsChargedOnce()
    {
        var world = new ReturnWorld();
        world.Policy.InstantRefund = true;
        await world.ShippedOrderAsync("O-1", [2]);
        var rma = (await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 2)), WebShop, None)).Return;
        await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, ReturnService.CarrierDropOff, TestOrders.T0), WebShop, None);
        await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);

        world.Clock.Advance(TimeSpan.FromDays(13));
        var early = await world.Service.ProcessDeadlinesAsync(10, None);
        world.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var due = await world.Service.ProcessDeadlinesAsync(10, None);
        world.Clock.Advance(TimeSpan.FromDays(30));
        var later = await world.Service.ProcessDeadlinesAsync(10, None);

        Assert.Equal((0, 1, 0), (early, due, later));
        var charged = await world.ReturnAsync("O-1", rma.Id);
        Assert.Equal(1, Assert.Single(charged.Charge!.Lines).Quantity);
        Assert.NotNull(charged.Charge.IssuedAt);
        Assert.Equal(1, world.Settlement.ChargesIssued[rma.Id]);
        Assert.Single(await world.HistoryAsync("O-1"), ReturnEventTypes.Charged);
    }

    [Fact]
    public async Task ProcessDeadlinesAsync_InstantRefundBackInTime_IsNotCharged()
    {
        var world = new ReturnWorld();
        world.Policy.InstantRefund = true;
        await world.ShippedOrderAsync("O-1", [1]);
        var rma = (await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)), WebShop, None)).Return;
        await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, ReturnService.CarrierDropOff, TestOrders.T0), WebShop, None);
        world.Clock.Advance(TimeSpan.FromDays(3));
        await world.Service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Clerk("WH-1"), None);

        world.Clock.Advance(TimeSpan.FromDays(60));
        var due = await world.Service.ProcessDeadlinesAsync(10, None);

        Assert.Equal(0, due);
        var rmaAfter = await world.ReturnAsync("O-1", rma.Id);
        Assert.Null(rmaAfter.Charge);
        Assert.Equal(ReturnStatus.Closed, rmaAfter.Status);
    }

    [Fact]
    public async Task ProcessDeadlinesAsync_ReplacementSentAheadNeverReturned_IsChargedAtItsDueDateThenExpires()
    {
        var world = new ReturnWorld();
        world.Policy.ShipBeforeReturn = true;
        world.Policy.ReturnWithinDays = 10;
        await world.ShippedOrderAsync("O-1", [1]);
        var rma = (await world.Service.AuthoriseAsync(Authorise("O-1", "ret-1", ("L1", 1)) with { Kind = ReturnKind.Replacement }, WebShop, None)).Return;

        world.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        await world.Service.ProcessDeadlinesAsync(10, None);
        var atDueDate = await world.ReturnAsync("O-1", rma.Id);
        world.Clock.Advance(TimeSpan.FromDays(20));
        await world.Service.ProcessDeadlinesAsync(10, None);
        var atExpiry = await world.ReturnAsync("O-1", rma.Id);

        Assert.Equal(ReturnStatus.Authorised, atDueDate.Status);
        Assert.NotNull(atDueDate.Charge?.IssuedAt);
        Assert.Equal(ReturnStatus.Expired, atExpiry.Status);
        Assert.Equal(1, world.Settlement.ChargesIssued[rma.Id]);
    }
}
