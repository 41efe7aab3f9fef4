using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class ShipmentInvoicingFollowerTests
{
    [Fact]
    public async Task RunOnceAsync_ShipmentsOfTwoOrders_InvoicesEachAndSavesTheCheckpoint()
    {
        var world = new BillingWorld();
        var a = await world.OrderAsync(PaymentMethods.Card, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 1));
        var b = await world.OrderAsync(PaymentMethods.Invoice, 0, ("L1", "SKU-3", 1));
        await world.ShipAsync(a.Id, "LOC-L1");
        await world.ShipAsync(b.Id, "LOC-L1");
        await world.ShipAsync(a.Id, "LOC-L2");

        var read = await world.Follower().RunOnceAsync(None);

        Assert.Equal(3, read);
        Assert.Equal(3, (await world.DocumentsAsync()).Count);
        Assert.Equal(await world.Orders.Store.LatestPositionAsync(None), await world.Billing.GetCheckpointAsync(ShipmentInvoicingFollower.CheckpointName, None));
        Assert.Equal(0, await world.Follower().RunOnceAsync(None));
    }

    [Fact]
    public async Task RunOnceAsync_CrashAfterTheInvoiceWasSaved_NextPassConvergesOnOneInvoice()
    {
        var world = new BillingWorld();
        var crashing = new CrashingBillingStore(world.Billing) { CrashAfterChanges = 1 };
        world.Billing = crashing;
        var order = await world.OrderAsync(PaymentMethods.Card, 0, ("L1", "SKU-1", 1));
        await world.ShipAsync(order.Id, "LOC-L1");

        await Assert.ThrowsAsync<SimulatedCrashException>(() => world.Follower().RunOnceAsync(None));
        Assert.Equal(0, await world.Billing.GetCheckpointAsync(ShipmentInvoicingFollower.CheckpointName, None));
        await world.Follower().RunOnceAsync(None);

        Assert.Single(await world.DocumentsAsync());
        Assert.Single(await world.EventsAsync(BillingEventTypes.CaptureRequested));
        Assert.True(await world.Billing.GetCheckpointAsync(ShipmentInvoicingFollower.CheckpointName, None) > 0);
    }

    [Fact]
    public async Task RunOnceAsync_CrashBeforeTheCheckpoint_NextPassReadsAgainAndIssuesNothingTwice()
    {
        var world = new BillingWorld();
        var crashing = new CrashingBillingStore(world.Billing) { CrashBeforeCheckpoints = 1 };
        world.Billing = crashing;
        var order = await world.OrderAsync(PaymentMethods.Card, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 1));
        await world.ShipAsync(order.Id, "LOC-L1");
        await world.ShipAsync(order.Id, "LOC-L2");

        await Assert.ThrowsAsync<SimulatedCrashException>(() => world.Follower().RunOnceAsync(None));
        Assert.Equal(2, await world.Follower().RunOnceAsync(None));

        Assert.Equal(2, (await world.DocumentsAsync()).Count);
        Assert.Equal(2, (await world.EventsAsync(BillingEventTypes.CaptureRequested)).Count);
    }
}
