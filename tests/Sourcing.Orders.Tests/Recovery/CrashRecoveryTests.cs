using Sourcing.Orders.Tests.Lifecycle;

namespace Sourcing.Orders.Tests.Recovery;

public sealed class CrashRecoveryTests
{
    public static TheoryData<string, OrderStep, int> CrashPoints()
    {
        var data = new TheoryData<string, OrderStep, int>();
        foreach (var (scenario, step, occurrence) in CrashScenarios.CrashPoints())
        {
            data.Add(scenario, step, occurrence);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task RunOnceAsync_AfterACrashAtAnyStep_OrdersAndHoldsAgree(string scenario, OrderStep step, int occurrence)
    {
        var world = new OrderWorld();
        var operation = await CrashScenarios.ArrangeAsync(scenario, world);
        var faults = new CrashAt(step, occurrence);

        await Assert.ThrowsAsync<SimulatedCrash>(() => operation(world.NewLifecycle(faults)));
        Assert.True(faults.Crashed);

        await world.NewReconciler().RunOnceAsync(TimeSpan.Zero, 100, CancellationToken.None);

        var orders = await AllOrdersAsync(world);
        Assert.NotEmpty(orders);
        foreach (var order in orders)
        {
            Assert.Null(order.Document.PendingAllocation);
            Assert.Empty(order.Document.PendingStockActions);
            Assert.Empty(order.UnitsToSource());
            Assert.False(order.Project().Unfinished);
        }

        StockInvariant.Holds(world, orders);
    }

    [Fact]
    public void CrashPoints_TheScenarios_PassThroughEveryStep()
    {
        var reached = CrashScenarios.CrashPoints().Select(p => p.Step).ToHashSet();

        Assert.Equal(Enum.GetValues<OrderStep>().ToHashSet(), reached);
    }

    [Theory]
    [InlineData(CrashScenarios.Create)]
    [InlineData(CrashScenarios.RejectPart)]
    [InlineData(CrashScenarios.ConfirmShipment)]
    [InlineData(CrashScenarios.CancelPart)]
    public async Task RunOnceAsync_NothingCrashed_ChangesNothing(string scenario)
    {
        var world = new OrderWorld();
        await (await CrashScenarios.ArrangeAsync(scenario, world))(world.Lifecycle);
        var before = (await AllOrdersAsync(world)).Select(o => o.Version).ToList();

        var looked = await world.NewReconciler().RunOnceAsync(TimeSpan.Zero, 100, CancellationToken.None);

        Assert.Equal(0, looked);
        Assert.Equal(before, (await AllOrdersAsync(world)).Select(o => o.Version));
        StockInvariant.Holds(world, await AllOrdersAsync(world));
    }

    internal static async Task<List<Order>> AllOrdersAsync(OrderWorld world)
    {
        var page = await world.Store.ListAsync(new OrderQuery(null, null, null, null, null, 100, null), CancellationToken.None);
        var orders = new List<Order>();
        foreach (var summary in page.Orders)
        {
            orders.Add(await world.GetAsync(summary.OrderId));
        }

        return orders;
    }
}
