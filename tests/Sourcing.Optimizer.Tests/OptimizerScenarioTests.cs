using Sourcing.Optimizer.Model;
using Sourcing.Optimizer.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Optimizer.Tests;

/// <summary>Small, readable cases of each rule the optimizer obeys. Locations: 0 warehouse, 1 store A, 2 store B.</summary>
public sealed class OptimizerScenarioTests
{
    private static readonly SolveOptions Options = new() { Deadline = TimeSpan.FromSeconds(2) };
    private static readonly ProblemLocation[] Network = [new("WH"), new("STORE-A"), new("STORE-B")];

    [Fact]
    public void Solve_WarehouseCanShipWholeOrder_NotSplitEvenWhenStoresAreCheaperPerUnit()
    {
        var problem = Problem(
            [Line("A", 2, (0, 50), (1, 40)), Line("B", 1, (0, 50), (2, 40))],
            stock: [("A", 0, 10), ("A", 1, 10), ("B", 0, 10), ("B", 2, 10)],
            shipmentCost: [500, 500, 500]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(1, plan.Shipments);
        Assert.All(plan.Orders[0].Lines, line => Assert.Equal(0, Assert.Single(line.Allocations).Location));
        Assert.Equal(new PlanCost(150, 500, 0), plan.Cost);
    }

    [Fact]
    public void Solve_StockShort_SplitsAcrossLocationsRatherThanBackorder()
    {
        var problem = Problem([Line("A", 5, (0, 10), (1, 20))], stock: [("A", 0, 3), ("A", 1, 9)], shipmentCost: [10, 10, 10]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal([new Allocation(0, 3), new Allocation(1, 2)], plan.Orders[0].Lines[0].Allocations.OrderBy(a => a.Location));
        Assert.Equal(2, plan.Shipments);
    }

    [Fact]
    public void Solve_MaxOneShipment_ShipsFromTheOneLocationHoldingEverythingAndBackordersNothing()
    {
        var problem = Problem(
            [Line("A", 1, (0, 10), (1, 50)), Line("B", 1, (1, 50), (2, 10))],
            stock: [("A", 0, 5), ("A", 1, 5), ("B", 1, 5), ("B", 2, 5)],
            shipmentCost: [100, 100, 100],
            policy: new OrderPolicy(MaxShipments: 1));

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(1, plan.Shipments);
        Assert.All(plan.Orders[0].Lines, line => Assert.Equal(1, Assert.Single(line.Allocations).Location));
    }

    [Fact]
    public void Solve_PickupLine_IsSourcedAtItsPickupStoreOnly()
    {
        var problem = Problem(
            [Line("A", 1, (0, 1), (1, 80)) with { RequiredLocation = 1 }],
            stock: [("A", 0, 50), ("A", 1, 1)],
            shipmentCost: [100, 0, 100]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(new Allocation(1, 1), Assert.Single(plan.Orders[0].Lines[0].Allocations));
    }

    [Fact]
    public void Solve_NoSplitLineShortEverywhere_IsBackorderedWhole()
    {
        var problem = Problem([Line("A", 4, (0, 10), (1, 10)) with { NoSplit = true }], stock: [("A", 0, 3), ("A", 1, 3)], shipmentCost: [10, 10, 10]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Empty(plan.Orders[0].Lines[0].Allocations);
        Assert.Equal(4, plan.BackorderedUnits);
    }

    [Fact]
    public void Solve_KitGroup_ShipsTogetherFromTheOnlyLocationHoldingBothParts()
    {
        var problem = Problem(
            [Line("FRAME", 1, (0, 10), (1, 30)) with { GroupId = "kit" }, Line("WHEEL", 2, (0, 10), (1, 30)) with { GroupId = "kit" }],
            stock: [("FRAME", 0, 5), ("WHEEL", 0, 1), ("FRAME", 1, 1), ("WHEEL", 1, 2)],
            shipmentCost: [100, 100, 100]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.All(plan.Orders[0].Lines, line => Assert.Equal(1, Assert.Single(line.Allocations).Location));
    }

    [Fact]
    public void Solve_GroupMemberDearerThanItsPenalty_BackordersTheWholeGroupNotOneMember()
    {
        // Shipping the group from X costs 30,000 + 100; backordering it 20,000. A member's location pruned by the bound
        // must take the whole group's location with it, or the model ships a and backorders b alone (10,200).
        var problem = new SourcingProblem(
            [new ProblemLocation("X"), new ProblemLocation("Y")],
            Stock(("a", 0, 1), ("b", 0, 1), ("c", 1, 1), ("d", 1, 1)),
            [new ProblemOrder("order", [
                Line("a", 1, (0, 0)) with { GroupId = "g" },
                Line("b", 1, (0, 30_000)) with { GroupId = "g" },
                Line("c", 1, (1, 0)),
                Line("d", 1, (1, 0))], [100, 100], new OrderPolicy(BackorderPenaltyPerUnit: 10_000))]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(20_100, plan.Cost.Total);
        Assert.Equal([1, 1, 0, 0], plan.Orders[0].Lines.Select(l => l.Backordered));
        Assert.Empty(Referee.Judge(problem, plan).Broken);
    }

    [Fact]
    public void Solve_ShipCompleteWithOneLineShort_BackordersTheWholeOrder()
    {
        var problem = Problem(
            [Line("A", 1, (0, 10)), Line("B", 3, (0, 10))],
            stock: [("A", 0, 5), ("B", 0, 2)],
            shipmentCost: [100, 100, 100],
            policy: new OrderPolicy(ShipComplete: true, BackorderPenaltyPerUnit: 1_000));

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(4, plan.BackorderedUnits);
        Assert.Equal(0, plan.Shipments);
    }

    [Fact]
    public void Solve_BackordersNotAllowedAndStockShort_IsInfeasible()
    {
        var problem = Problem([Line("A", 3, (0, 10))], stock: [("A", 0, 2)], shipmentCost: [100, 100, 100], policy: new OrderPolicy(AllowBackorder: false));

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, plan.Status);
        Assert.False(plan.HasPlan);
    }

    [Fact]
    public void Solve_BatchOfTwoOrdersForTheLastUnit_GivesItToTheOrderThatSavesMost()
    {
        // Order x pays 10 from the warehouse or 90 from store A; order y pays 10 or 20: the last warehouse unit goes to x.
        var x = new ProblemOrder("x", [Line("A", 1, (0, 10), (1, 90))], [50, 50, 50], new OrderPolicy());
        var y = new ProblemOrder("y", [Line("A", 1, (0, 10), (1, 20))], [50, 50, 50], new OrderPolicy());
        var problem = new SourcingProblem(Network, Stock(("A", 0, 1), ("A", 1, 5)), [y, x]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(0, plan.Orders[1].Lines[0].Allocations[0].Location);
        Assert.Equal(1, plan.Orders[0].Lines[0].Allocations[0].Location);
        Assert.Empty(Referee.Judge(problem, plan).Broken);
    }

    [Fact]
    public void Solve_TightDeadlineOnLargeOrder_StillReturnsAValidPlan()
    {
        var problem = OptimizerInstances.Realistic(seed: 3, lines: 20, locations: 200, withConstraints: true);

        var plan = SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = TimeSpan.FromMilliseconds(20) });

        Assert.True(plan.HasPlan, plan.Status.ToString());
        Assert.Empty(Referee.Judge(problem, plan).Broken);
    }

    [Fact]
    public void Violations_OversoldStockAndBrokenGroup_AreBothReported()
    {
        var problem = Problem(
            [Line("A", 2, (0, 10)) with { GroupId = "g" }, Line("A", 2, (0, 10), (1, 10)) with { GroupId = "g" }],
            stock: [("A", 0, 3), ("A", 1, 5)],
            shipmentCost: [10, 10, 10]);
        LinePlan[][] decisions = [[new LinePlan([new Allocation(0, 2)], 0), new LinePlan([new Allocation(1, 2)], 0)]];
        var plan = PlanEvaluator.Assemble(problem, decisions, SolveStatus.Feasible, null, TimeSpan.Zero, "hand-made");
        var oversold = PlanEvaluator.Assemble(problem, [[new LinePlan([new Allocation(0, 2)], 0), new LinePlan([new Allocation(0, 2)], 0)]], SolveStatus.Feasible, null, TimeSpan.Zero, "hand-made");

        Assert.Contains(PlanEvaluator.Violations(problem, plan), v => v.Contains("group g", StringComparison.Ordinal));
        Assert.Contains(PlanEvaluator.Violations(problem, oversold), v => v.Contains("4 taken, 3 available", StringComparison.Ordinal));
    }

    private static ProblemLine Line(string sku, int quantity, params (int Location, long UnitCost)[] candidates) =>
        new(sku, quantity, candidates.Select(c => new Candidate(c.Location, c.UnitCost)).ToList());

    private static Dictionary<StockKey, int> Stock(params (string Sku, int Location, int Units)[] stock) =>
        stock.ToDictionary(s => new StockKey(s.Sku, s.Location), s => s.Units);

    private static SourcingProblem Problem(ProblemLine[] lines, (string, int, int)[] stock, long[] shipmentCost, OrderPolicy? policy = null) =>
        new(Network, Stock(stock), [new ProblemOrder("order", lines, shipmentCost, policy ?? new OrderPolicy())]);
}
