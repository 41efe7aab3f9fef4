namespace Sourcing.Optimizer.Model;

/// <summary>
/// Who could ship what: one or more orders drawing on shared stock and location capacity. A single order is a batch of
/// one. Everything is integers: quantities in units, costs in minor currency units (or any integer scale the caller picks).
/// </summary>
/// <param name="Locations">Every location any candidate refers to, by index.</param>
/// <param name="Available">Units available per (SKU, location index); missing means zero. Shared by all lines and orders.</param>
/// <param name="Orders">The orders to source together.</param>
public sealed record SourcingProblem(
    IReadOnlyList<ProblemLocation> Locations,
    IReadOnlyDictionary<StockKey, int> Available,
    IReadOnlyList<ProblemOrder> Orders)
{
    public int AvailableAt(string sku, int location) => Available.GetValueOrDefault(new StockKey(sku, location));
}

/// <summary>A SKU at a location, by location index.</summary>
public readonly record struct StockKey(string Sku, int Location);

/// <param name="Id">The caller's id, carried through for explanations.</param>
/// <param name="CapacityUnits">Units this location can still pick today over all orders; null means no limit.</param>
/// <param name="CapacityShipments">Shipments it can still send today over all orders; null means no limit.</param>
/// <param name="Priority">Lower first; used only by the "priority" baseline (Magento MSI's source priority).</param>
public sealed record ProblemLocation(string Id, int? CapacityUnits = null, int? CapacityShipments = null, int Priority = 0);

/// <param name="Id">The caller's order id.</param>
/// <param name="Lines">The order's lines.</param>
/// <param name="ShipmentCost">Cost of one shipment from each location (indexed like <see cref="SourcingProblem.Locations"/>) to this order's destination.</param>
/// <param name="Policy">Order-level constraints.</param>
public sealed record ProblemOrder(string Id, IReadOnlyList<ProblemLine> Lines, IReadOnlyList<long> ShipmentCost, OrderPolicy Policy);

/// <param name="Sku">Lines with the same SKU share its stock at each location.</param>
/// <param name="Quantity">Units ordered, at least 1.</param>
/// <param name="Candidates">The eligible locations with the cost of one unit from each; rules have already removed the ineligible.</param>
/// <param name="NoSplit">The whole quantity ships from one location, or the line is backordered whole.</param>
/// <param name="GroupId">Lines sharing a group id ship together: all from one location, whole, or all backordered.</param>
/// <param name="RequiredLocation">A pickup line: only this location (an index) may source it.</param>
public sealed record ProblemLine(
    string Sku,
    int Quantity,
    IReadOnlyList<Candidate> Candidates,
    bool NoSplit = false,
    string? GroupId = null,
    int? RequiredLocation = null);

/// <summary>One location that may source a line, and what a unit from there costs.</summary>
public readonly record struct Candidate(int Location, long UnitCost);

/// <param name="MaxShipments">At most this many locations ship the order; null means no limit.</param>
/// <param name="ShipComplete">All lines ship in full, or nothing ships (every unit backordered).</param>
/// <param name="AllowBackorder">Units may be left unsourced at <paramref name="BackorderPenaltyPerUnit"/> each; if false they may not.</param>
/// <param name="BackorderPenaltyPerUnit">The cost of leaving one unit unsourced; make it high to fill whenever possible.</param>
public sealed record OrderPolicy(int? MaxShipments = null, bool ShipComplete = false, bool AllowBackorder = true, long BackorderPenaltyPerUnit = 1_000_000);
