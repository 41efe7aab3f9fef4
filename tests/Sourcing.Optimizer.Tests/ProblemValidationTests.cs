using Sourcing.Optimizer.Model;

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

    internal static SourcingProblem OneLine(int quantity, long unitCost, long shipmentCost = 100, OrderPolicy? policy = null) =>
        new([new ProblemLocation("L0")], new Dictionary<StockKey, int> { [new("A", 0)] = quantity },
            [new ProblemOrder("o", [new ProblemLine("A", quantity, [new Candidate(0, unitCost)])], [shipmentCost], policy ?? new OrderPolicy())]);
}
