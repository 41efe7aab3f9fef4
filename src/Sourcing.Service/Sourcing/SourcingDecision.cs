using Sourcing.Optimizer.Model;
using Sourcing.Rules.Evaluation;

namespace Sourcing.Service.Sourcing;

/// <summary>Why a location was or was not used for a line, and what it would have cost.</summary>
public sealed record CandidateVerdict(
    string LocationId,
    string LocationType,
    double DistanceKm,
    long Available,
    string Status,
    string? Rule,
    string Reason,
    long? UnitCost,
    long? ShipmentCost,
    int QuantityChosen);

public static class CandidateStatus
{
    public const string Chosen = "chosen";
    public const string NotChosen = "not chosen";
    public const string Excluded = "excluded";
    public const string NotEligible = "not eligible";
}

public sealed record PlannedAllocation(string LocationId, int Quantity, long UnitCost);

public sealed record LineDecision(SourcingLine Line, IReadOnlyList<PlannedAllocation> Allocations, int Backordered, IReadOnlyList<CandidateVerdict> Candidates)
{
    /// <summary>Candidates considered but left out of <see cref="Candidates"/> to keep the explanation bounded.</summary>
    public OmittedCandidates Omitted { get; init; }
}

public readonly record struct OmittedCandidates(int Eligible, int NotEligible)
{
    public bool Any => Eligible > 0 || NotEligible > 0;
}

public sealed record PlannedShipment(string LocationId, IReadOnlyList<(SourcingLine Line, int Quantity)> Lines, long Cost, DateOnly EarliestDelivery);

/// <summary>Everything decided for one order and delivery choice: the plan, its shipments and dates, and why.</summary>
public sealed record SourcingDecision(
    SourcingOrder Order,
    DeliveryChoice Delivery,
    RuleDirectives Directives,
    SourcingPlan Plan,
    IReadOnlyList<LineDecision> Lines,
    IReadOnlyList<PlannedShipment> Shipments)
{
    public int BackorderedUnits => Lines.Sum(l => l.Backordered);

    public bool HasAllocations => Lines.Any(l => l.Allocations.Count > 0);
}
