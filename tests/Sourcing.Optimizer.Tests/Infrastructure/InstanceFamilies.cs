using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Optimizer.Tests.Infrastructure;

/// <summary>Families of small instances at the edges: costs near the 2^53 limit, and no locations at all.</summary>
internal static class InstanceFamilies
{
    public const long Limit = 1L << 53;

    /// <summary>
    /// A small constrained instance with every cost multiplied by the largest factor that keeps its dearest possible
    /// plan within 2^53 (times <paramref name="beyond"/>: above 1 it lands past the limit). Worked out here, not
    /// with the optimizer's own validation.
    /// </summary>
    public static SourcingProblem NearTheCostLimit(int seed, double beyond = 1)
    {
        var problem = OptimizerInstances.SmallWithConstraints(seed, maxLines: 3, maxLocations: 4);
        Int128 worst = 0;
        foreach (var order in problem.Orders)
        {
            foreach (var line in order.Lines)
            {
                var perUnit = line.Candidates.Select(c => c.UnitCost).Append(order.Policy.AllowBackorder ? order.Policy.BackorderPenaltyPerUnit : 0).Max();
                worst += (Int128)line.Quantity * perUnit;
            }

            worst += order.ShipmentCost.Sum();
        }

        var factor = (long)(Limit / Int128.Max(worst, 1) * (Int128)Math.Round(beyond * 1000) / 1000);
        return problem with
        {
            Orders = problem.Orders.Select(order => order with
            {
                Lines = order.Lines.Select(line => line with { Candidates = line.Candidates.Select(c => c with { UnitCost = c.UnitCost * factor }).ToList() }).ToList(),
                ShipmentCost = order.ShipmentCost.Select(c => c * factor).ToList(),
                Policy = order.Policy with { BackorderPenaltyPerUnit = order.Policy.BackorderPenaltyPerUnit * factor },
            }).ToList(),
        };
    }

    /// <summary>Orders of 1-3 lines over no locations at all (no candidates, no stock), backorders allowed or not.</summary>
    public static SourcingProblem WithoutLocations(int seed)
    {
        var random = new Random(seed);
        var orders = Enumerable.Range(0, random.Next(1, 3)).Select(o => new ProblemOrder(
            $"o{o}",
            Enumerable.Range(0, random.Next(1, 4)).Select(l => new ProblemLine($"S{l}", random.Next(1, 4), [], NoSplit: random.Next(3) == 0, GroupId: random.Next(3) == 0 ? "g" : null)).ToList(),
            [],
            new OrderPolicy(ShipComplete: random.Next(3) == 0, AllowBackorder: random.Next(4) > 0, BackorderPenaltyPerUnit: random.Next(0, 100)))).ToList();
        return new SourcingProblem([], new Dictionary<StockKey, int>(), orders);
    }
}
