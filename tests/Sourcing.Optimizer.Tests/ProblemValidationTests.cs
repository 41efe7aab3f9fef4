using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Optimizer.Tests;

/// <summary>Problems the optimizer refuses, each with the field at fault, instead of a wrong plan or a crash.</summary>
public sealed class ProblemValidationTests
{
    private static readonly SolveOptions Options = new() { Deadline = TimeSpan.FromSeconds(2) };

    [Fact]
    public void Solve_QuantityTimesUnitCostPast2To53_RefusedNamingTheUnitCost()
    {
        var problem = OneLine(quantity: 10_000_000, unitCost: 1_000_000_000_000);

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.Equal("Orders[0].Lines[0].Candidates[0].UnitCost", refused.Field);
        Assert.Equal("1000000000000", refused.Value);
        Assert.Contains("2^53", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_BackorderPenaltyOfLongMaxValue_RefusedNamingThePenalty()
    {
        var problem = OneLine(quantity: 3, unitCost: 10, policy: new OrderPolicy(BackorderPenaltyPerUnit: long.MaxValue));

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.Equal("Orders[0].Policy.BackorderPenaltyPerUnit", refused.Field);
        Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Value);
    }

    [Fact]
    public void Solve_PenaltyOfLongMaxValueWithBackordersNotAllowed_AcceptedAsNeverCharged()
    {
        var problem = OneLine(quantity: 3, unitCost: 10, policy: new OrderPolicy(AllowBackorder: false, BackorderPenaltyPerUnit: long.MaxValue));

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(130, plan.Cost.Total);
    }

    [Fact]
    public void Solve_PenaltyTimesQuantityPastTheLimitThoughEachFits_RefusedNamingThePenalty()
    {
        // Each value is under 2^53; 1,000 units of backorder at 2^50 each are not.
        var problem = OneLine(quantity: 1_000, unitCost: 5, policy: new OrderPolicy(BackorderPenaltyPerUnit: 1L << 50));

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.Equal("Orders[0].Policy.BackorderPenaltyPerUnit", refused.Field);
    }

    [Fact]
    public void Solve_ManyLargeShipmentCosts_RefusedNamingAShipmentCost()
    {
        var locations = Enumerable.Range(0, 4).Select(i => new ProblemLocation($"L{i}")).ToList();
        var problem = new SourcingProblem(locations, new Dictionary<StockKey, int> { [new("A", 0)] = 1 },
            [new ProblemOrder("o", [new ProblemLine("A", 1, [new Candidate(0, 1)])], [1L << 52, 1L << 52, 1L << 52, 1], new OrderPolicy(BackorderPenaltyPerUnit: 1))]);

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.StartsWith("Orders[0].ShipmentCost[", refused.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_QuantitiesSummingPastInt32_RefusedNotOverflowException()
    {
        var line = new ProblemLine("A", int.MaxValue, [new Candidate(0, 0)]);
        var problem = new SourcingProblem([new ProblemLocation("L0")], new Dictionary<StockKey, int> { [new("A", 0)] = int.MaxValue },
            [new ProblemOrder("o", [line, line with { Sku = "B" }], [0], new OrderPolicy(BackorderPenaltyPerUnit: 0))]);

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.Equal("Orders[0].Lines[1].Quantity", refused.Field);
    }

    [Theory]
    [InlineData("unit")]
    [InlineData("shipment")]
    [InlineData("penalty")]
    public void Solve_NegativeCost_RefusedNamingIt(string which)
    {
        var problem = OneLine(
            quantity: 1,
            unitCost: which == "unit" ? -1 : 1,
            shipmentCost: which == "shipment" ? -1 : 1,
            policy: new OrderPolicy(BackorderPenaltyPerUnit: which == "penalty" ? -1 : 1));

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.Equal(
            which switch { "unit" => "Orders[0].Lines[0].Candidates[0].UnitCost", "shipment" => "Orders[0].ShipmentCost[0]", _ => "Orders[0].Policy.BackorderPenaltyPerUnit" },
            refused.Field);
        Assert.Equal("-1", refused.Value);
    }

    [Fact]
    public void Solve_WorstCaseJustUnderTheLimit_SolvedAtTheExactCost()
    {
        // 3 units at 2^51 + 1 each cost 3 * 2^51 + 3; with the shipment (5) the worst case is just under 2^53.
        const long UnitCost = (1L << 51) + 1;
        var problem = OneLine(quantity: 3, unitCost: UnitCost, shipmentCost: 5, policy: new OrderPolicy(AllowBackorder: false));

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal((3 * UnitCost) + 5, plan.Cost.Total);
    }

    [Fact]
    public void Solve_NoLocationsAndBackordersAllowed_EveryLineBackorderedAsTheOptimalPlan()
    {
        var problem = new SourcingProblem([], new Dictionary<StockKey, int>(),
            [new ProblemOrder("o", [new ProblemLine("A", 2, []), new ProblemLine("B", 1, [], GroupId: "g")], [], new OrderPolicy(BackorderPenaltyPerUnit: 70))]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal([2, 1], plan.Orders[0].Lines.Select(l => l.Backordered));
        Assert.Equal(210, plan.Cost.Total);
        Assert.Equal(0, plan.Shipments);
    }

    [Fact]
    public void Solve_NoLocationsAndBackordersNotAllowed_Infeasible()
    {
        var problem = new SourcingProblem([], new Dictionary<StockKey, int>(),
            [new ProblemOrder("o", [new ProblemLine("A", 2, [])], [], new OrderPolicy(AllowBackorder: false))]);

        var plan = SourcingOptimizer.Solve(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, plan.Status);
        Assert.False(plan.HasPlan);
    }

    [Theory]
    [InlineData(-1, null, "Locations[0].CapacityUnits")]
    [InlineData(null, -1, "Locations[0].CapacityShipments")]
    public void Solve_NegativeCapacity_RefusedNamingIt(int? units, int? shipments, string field)
    {
        var problem = OneLine(quantity: 1, unitCost: 1) with { Locations = [new ProblemLocation("L0", units, shipments)] };

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.Equal(field, refused.Field);
        Assert.Equal("-1", refused.Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Solve_PickupLocationOutOfRange_RefusedNamingIt(int pickup)
    {
        var problem = OneLine(quantity: 1, unitCost: 1);
        var order = problem.Orders[0];
        problem = problem with { Orders = [order with { Lines = [order.Lines[0] with { RequiredLocation = pickup }] }] };

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options));

        Assert.Equal("Orders[0].Lines[0].RequiredLocation", refused.Field);
    }

    [Theory]
    [InlineData("num_wokers:2", "'num_wokers' is not a CP-SAT parameter")]
    [InlineData("num_workers:two", "not a valid int32")]
    [InlineData("linearization_level:2,search_branching:NO_SUCH_BRANCHING", "not a valid value")]
    [InlineData("log_search_progress:maybe", "not a valid bool")]
    [InlineData("num_workers 2 3", "cannot read '3'")]
    [InlineData("subsolver_params { name: 'x' }", "nested message")]
    [InlineData("linearization_level:1 linearization_level:2", "given twice")]
    [InlineData("max_time_in_seconds:10", "set from the deadline")]
    public void Solve_MalformedExtraSolverParameters_RefusedBeforeNativeCode(string parameters, string reason)
    {
        // A problem greedy cannot prove optimal, so without the check the text would reach CP-SAT (which aborts the process).
        var problem = OptimizerInstances.SmallWithGroups(182);

        var refused = Assert.Throws<InvalidProblemException>(() => SourcingOptimizer.Solve(problem, Options with { ExtraSolverParameters = parameters }));

        Assert.Equal("SolveOptions.ExtraSolverParameters", refused.Field);
        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linearization_level:2")]
    [InlineData("linearization_level:2, search_branching:LP_SEARCH; max_presolve_iterations:3")]
    [InlineData("cp_model_probing_level: 0 relative_gap_limit: 0.0 subsolvers: \"core\"")]
    [InlineData("restart_algorithms: [LUBY_RESTART, DL_MOVING_AVERAGE_RESTART]")]
    [InlineData("cp_model_presolve:true,num_workers:1")]
    public void Solve_WellFormedExtraSolverParameters_Accepted(string parameters)
    {
        var problem = OptimizerInstances.SmallWithGroups(182);

        var plan = SourcingOptimizer.Solve(problem, Options with { ExtraSolverParameters = parameters });

        Assert.True(plan.HasPlan);
    }

    internal static SourcingProblem OneLine(int quantity, long unitCost, long shipmentCost = 100, OrderPolicy? policy = null) =>
        new([new ProblemLocation("L0")], new Dictionary<StockKey, int> { [new("A", 0)] = quantity },
            [new ProblemOrder("o", [new ProblemLine("A", quantity, [new Candidate(0, unitCost)])], [shipmentCost], policy ?? new OrderPolicy())]);
}
