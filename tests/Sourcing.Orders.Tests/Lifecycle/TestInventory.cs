namespace Sourcing.Orders.Tests.Lifecycle;

/// <summary>
/// Stands in for the host's sourcing gateway in the domain tests: stock in memory per (SKU, location), holds that are
/// idempotent by request id (a repeat returns the first hold taken), release, commit (refused once a hold lapsed) and expiry, and a simple proposal
/// (the first location in the order they were stocked that has the units and is not excluded for the line; what no
/// location has is backordered). The host's Redis-backed gateway, with the real rules and optimizer, is covered by the
/// service tests.
/// </summary>
public sealed class TestInventory(TimeProvider clock) : IOrderSourcing
{
    private readonly Lock _gate = new();
    private readonly List<(string Sku, string LocationId)> _stockOrder = [];
    private readonly Dictionary<(string Sku, string LocationId), int> _onHand = [];
    private readonly Dictionary<string, Hold> _holds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeldStock> _byRequest = new(StringComparer.Ordinal);
    private int _nextReservation;

    public enum HoldState
    {
        Held,
        Released,
        Committed,
    }

    public sealed record Hold(string ReservationId, string RequestId, string Sku, string LocationId, int Quantity, DateTimeOffset ExpiresAt)
    {
        public HoldState State { get; set; } = HoldState.Held;
    }

    /// <summary>How long a hold lasts.</summary>
    public TimeSpan HoldFor { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The holds the rules raise for an order (none by default).</summary>
    public Func<OrderDocument, IReadOnlyList<HoldDirective>> RaiseHolds { get; set; } = _ => [];

    /// <summary>Runs once, right before the next hold is taken: to move stock between the proposal and the hold.</summary>
    public Action? BeforeNextHold { get; set; }

    /// <summary>Runs once, right before the next proposal is made: to let a concurrent caller in.</summary>
    public Action? BeforeNextProposal { get; set; }

    public int ProposalCount { get; private set; }

    public void Stock(string sku, string locationId, int quantity)
    {
        lock (_gate)
        {
            if (!_onHand.ContainsKey((sku, locationId)))
            {
                _stockOrder.Add((sku, locationId));
            }

            _onHand[(sku, locationId)] = _onHand.GetValueOrDefault((sku, locationId)) + quantity;
        }
    }

    public int OnHand(string sku, string locationId)
    {
        lock (_gate)
        {
            return _onHand.GetValueOrDefault((sku, locationId));
        }
    }

    public int Available(string sku, string locationId)
    {
        lock (_gate)
        {
            return AvailableUnlocked(sku, locationId);
        }
    }

    /// <summary>Holds that still hold their units (not released, committed or lapsed).</summary>
    public IReadOnlyList<Hold> LiveHolds()
    {
        lock (_gate)
        {
            return _holds.Values.Where(IsLive).ToList();
        }
    }

    public IReadOnlyList<Hold> AllHolds()
    {
        lock (_gate)
        {
            return _holds.Values.ToList();
        }
    }

    public Task<SourcingProposal> ProposeAsync(OrderDocument order, IReadOnlyList<(OrderLine Line, int Quantity)> units, CancellationToken cancellationToken)
    {
        var before = BeforeNextProposal;
        BeforeNextProposal = null;
        before?.Invoke();
        lock (_gate)
        {
            ProposalCount++;
            var plan = new SourcingRecord { RulesVersion = "test-rules", SolverStatus = "OPTIMAL", SolverMethod = "first-fit" };
            var promised = new Dictionary<(string, string), int>();
            foreach (var (line, quantity) in units)
            {
                var left = quantity;
                foreach (var (sku, location) in _stockOrder.Where(s => s.Sku == line.Sku && !line.ExcludedLocations.Contains(s.LocationId)))
                {
                    var take = Math.Min(left, AvailableUnlocked(sku, location) - promised.GetValueOrDefault((sku, location)));
                    if (take <= 0)
                    {
                        continue;
                    }

                    plan.Allocations.Add(new PlannedUnits { LineId = line.LineId, LocationId = location, Quantity = take });
                    promised[(sku, location)] = promised.GetValueOrDefault((sku, location)) + take;
                    left -= take;
                    if (left == 0)
                    {
                        break;
                    }
                }

                if (left > 0)
                {
                    plan.Backordered.Add(new PlannedUnits { LineId = line.LineId, Quantity = left });
                }
            }

            return Task.FromResult(new SourcingProposal(RaiseHolds(order), plan));
        }
    }

    /// <summary>While set, holds, releases and commits fail as an unreachable stock store's do (after changing nothing).</summary>
    public bool Unreachable { get; set; }

    private void FailIfUnreachable()
    {
        if (Unreachable)
        {
            throw new TimeoutException("The test inventory is unreachable.");
        }
    }

    public Task<HeldStock?> HoldAsync(string channel, string holdRequestId, string sku, string locationId, int quantity, CancellationToken cancellationToken)
    {
        FailIfUnreachable();
        var before = BeforeNextHold;
        BeforeNextHold = null;
        before?.Invoke();
        lock (_gate)
        {
            if (_byRequest.TryGetValue(holdRequestId, out var first))
            {
                return Task.FromResult<HeldStock?>(first);
            }

            if (AvailableUnlocked(sku, locationId) < quantity)
            {
                return Task.FromResult<HeldStock?>(null);
            }

            var hold = new Hold($"res-{++_nextReservation}", holdRequestId, sku, locationId, quantity, clock.GetUtcNow() + HoldFor);
            _holds[hold.ReservationId] = hold;
            var held = new HeldStock(hold.ReservationId, hold.ExpiresAt);
            _byRequest[holdRequestId] = held;
            return Task.FromResult<HeldStock?>(held);
        }
    }

    public Task ReleaseAsync(string reservationId, CancellationToken cancellationToken)
    {
        FailIfUnreachable();
        lock (_gate)
        {
            if (_holds.TryGetValue(reservationId, out var hold) && hold.State == HoldState.Held)
            {
                hold.State = HoldState.Released;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Committing twice is harmless; committing a released or lapsed hold throws, as the stock store does.</summary>
    public Task CommitAsync(string reservationId, CancellationToken cancellationToken)
    {
        FailIfUnreachable();
        lock (_gate)
        {
            var hold = _holds.GetValueOrDefault(reservationId) ?? throw new InvalidOperationException($"Reservation '{reservationId}' does not exist.");
            if (hold.State == HoldState.Committed)
            {
                return Task.CompletedTask;
            }

            if (!IsLive(hold))
            {
                throw new InvalidOperationException($"Reservation '{reservationId}' was released or lapsed; it cannot be committed.");
            }

            hold.State = HoldState.Committed;
            _onHand[(hold.Sku, hold.LocationId)] -= hold.Quantity;
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsHeldAsync(string reservationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_holds.TryGetValue(reservationId, out var hold) && IsLive(hold));
        }
    }

    private bool IsLive(Hold hold) => hold.State == HoldState.Held && hold.ExpiresAt > clock.GetUtcNow();

    private int AvailableUnlocked(string sku, string locationId) =>
        _onHand.GetValueOrDefault((sku, locationId)) - _holds.Values.Where(h => h.Sku == sku && h.LocationId == locationId && IsLive(h)).Sum(h => h.Quantity);
}
