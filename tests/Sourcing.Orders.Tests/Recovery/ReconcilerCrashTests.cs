using Sourcing.Orders.Tests.Lifecycle;

namespace Sourcing.Orders.Tests.Recovery;

/// <summary>The reconciler itself stops part-way through repairing a crashed operation; the next pass still converges.</summary>
public sealed class ReconcilerCrashTests
{
    public static TheoryData<string, OrderStep, int, OrderStep, int> SecondCrashPoints()
    {
        var data = new TheoryData<string, OrderStep, int, OrderStep, int>();
        foreach (var (scenario, step, occurrence) in CrashScenarios.CrashPoints())
        {
            var world = new OrderWorld();
            var operation = CrashScenarios.ArrangeAsync(scenario, world).GetAwaiter().GetResult();
            try
            {
                operation(world.NewLifecycle(new CrashAt(step, occurrence))).GetAwaiter().GetResult();
            }
            catch (SimulatedCrash)
            {
            }

            var recorder = new StepRecorder();
            new OrderReconciler(world.Store, world.NewLifecycle(recorder), world.Clock).RunOnceAsync(TimeSpan.Zero, 100, CancellationToken.None).GetAwaiter().GetResult();
            foreach (var point in recorder.Reached.GroupBy(s => s).SelectMany(g => g.Select((s, i) => (s, i + 1))))
            {
                data.Add(scenario, step, occurrence, point.s, point.Item2);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SecondCrashPoints))]
    public async Task RunOnceAsync_ReconcilerCrashesToo_NextPassLeavesOrdersAndHoldsAgreeing(
        string scenario, OrderStep step, int occurrence, OrderStep reconcilerStep, int reconcilerOccurrence)
    {
        var world = new OrderWorld();
        var operation = await CrashScenarios.ArrangeAsync(scenario, world);
        await Assert.ThrowsAsync<SimulatedCrash>(() => operation(world.NewLifecycle(new CrashAt(step, occurrence))));
        var reconcilerFaults = new CrashAt(reconcilerStep, reconcilerOccurrence);

        await Assert.ThrowsAsync<SimulatedCrash>(() =>
            new OrderReconciler(world.Store, world.NewLifecycle(reconcilerFaults), world.Clock).RunOnceAsync(TimeSpan.Zero, 100, CancellationToken.None));
        await world.NewReconciler().RunOnceAsync(TimeSpan.Zero, 100, CancellationToken.None);

        var orders = await CrashRecoveryTests.AllOrdersAsync(world);
        foreach (var order in orders)
        {
            Assert.Null(order.Document.PendingAllocation);
            Assert.Empty(order.Document.PendingStockActions);
            Assert.Empty(order.UnitsToSource());
        }

        StockInvariant.Holds(world, orders);
    }
}
