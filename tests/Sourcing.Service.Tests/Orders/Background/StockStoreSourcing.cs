using Sourcing.Orders;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Tests.Orders.Background;

/// <summary>
/// A plain stand-in for the host's sourcing gateway, enough for the background workers' tests: proposes the first
/// location (by id) with enough available units of a line, not excluded for it, else backorders the line; holds,
/// releases and commits through the real stock store, so every hold shows in its event log. No rules, no optimizer.
/// </summary>
internal sealed class StockStoreSourcing(IStockStore stock, TimeProvider clock) : IOrderSourcing
{
    public async Task<SourcingProposal> ProposeAsync(OrderDocument order, IReadOnlyList<(OrderLine Line, int Quantity)> units, CancellationToken cancellationToken)
    {
        var plan = new SourcingRecord { RulesVersion = "test", SolverStatus = "OPTIMAL", SolverMethod = "first-fit" };
        var levels = await stock.GetStockAsync(units.Select(u => u.Line.Sku).Distinct().ToList(), cancellationToken);
        foreach (var (line, quantity) in units)
        {
            var location = levels.Where(s => s.Sku == line.Sku).SelectMany(s => s.Locations)
                .Where(l => l.Available >= quantity && !line.ExcludedLocations.Contains(l.LocationId))
                .OrderBy(l => l.LocationId, StringComparer.Ordinal).FirstOrDefault();
            if (location is null)
            {
                plan.Backordered.Add(new PlannedUnits { LineId = line.LineId, Quantity = quantity });
            }
            else
            {
                plan.Allocations.Add(new PlannedUnits { LineId = line.LineId, LocationId = location.LocationId, Quantity = quantity });
            }
        }

        return new SourcingProposal([], plan);
    }

    public async Task<HeldStock?> HoldAsync(string channel, string holdRequestId, string sku, string locationId, int quantity, CancellationToken cancellationToken)
    {
        var expires = clock.GetUtcNow().AddHours(1);
        var outcome = await stock.ReserveAsync(new ReserveCommand(holdRequestId, [new ReservationLine(sku, locationId, quantity)], expires, holdRequestId), clock.GetUtcNow(), cancellationToken);
        return outcome.Reservation is { } reservation ? new HeldStock(reservation.Id, reservation.ExpiresAt) : null;
    }

    public Task ReleaseAsync(string reservationId, CancellationToken cancellationToken) =>
        stock.ReleaseAsync(reservationId, clock.GetUtcNow(), cancellationToken);

    public Task CommitAsync(string reservationId, CancellationToken cancellationToken) =>
        stock.CommitAsync(reservationId, clock.GetUtcNow(), _ => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);

    public async Task<bool> IsHeldAsync(string reservationId, CancellationToken cancellationToken) =>
        (await stock.GetReservationAsync(reservationId, cancellationToken))?.Status == ReservationStatus.Held;
}
