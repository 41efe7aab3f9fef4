using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Storage.InMemory;

/// <summary>
/// The embedded store: the whole state behind one lock, so every operation is atomic exactly as a Lua script is
/// in Redis. Good for a single process with no Redis; nothing survives a restart.
/// </summary>
public sealed class InMemoryStockStore : IStockStore
{
    private const int MaxEventsKept = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, StockCell>> _stockBySku = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, ReserveOutcome Outcome)> _outcomesByRequestId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, StockLevel Level)> _adjustmentsByRequestId = new(StringComparer.Ordinal);
    private readonly Dictionary<LocationDay, CapacityUsed> _capacityUsed = [];
    private readonly List<StockEvent> _events = [];
    private long _lastEventNumber;

    public Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var applied = ApplyAbsolute(sku, locationId, onHand, sequence, safetyStock: null, StockChangeKind.Set, now);
            return Task.FromResult(new SetStockResult(applied, Cell(sku, locationId).ToLevel(sku, locationId)));
        }
    }

    public Task<StockLevel> AdjustStockAsync(StockAdjustment adjustment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (sku, locationId, delta) = (adjustment.Sku, adjustment.LocationId, adjustment.Delta);
        lock (_gate)
        {
            if (_adjustmentsByRequestId.TryGetValue(adjustment.RequestId, out var earlier))
            {
                return earlier.Fingerprint == adjustment.Fingerprint
                    ? Task.FromResult(earlier.Level)
                    : throw new IdempotencyConflictException(adjustment.RequestId);
            }

            var cell = Cell(sku, locationId);
            // Only a decrease is refused below zero: an increase of a negative on hand moves it towards the truth.
            if (delta < 0 && cell.OnHand + delta < 0)
            {
                throw new StockWouldGoNegativeException(sku, locationId, cell.OnHand, delta);
            }

            if (cell.OnHand + delta > StockLedger.MaxQuantity)
            {
                throw new StockLimitExceededException("delta", sku, locationId, cell.OnHand, delta);
            }

            cell.OnHand += delta;
            var level = Emit(StockChangeKind.Adjusted, sku, locationId, adjustment.Reason, now);
            EmitShortageIfAny(sku, locationId, adjustment.Reason, now);
            _adjustmentsByRequestId[adjustment.RequestId] = (adjustment.Fingerprint, level);
            return Task.FromResult(level);
        }
    }

    public Task<StockLevel> SetSafetyStockAsync(string sku, string locationId, long safetyStock, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Cell(sku, locationId).SafetyStock = safetyStock;
            return Task.FromResult(Emit(StockChangeKind.SafetyStock, sku, locationId, "", now));
        }
    }

    public Task<StockImportResult> ImportAsync(IReadOnlyList<StockImportRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            long applied = 0;
            foreach (var row in rows)
            {
                if (ApplyAbsolute(row.Sku, row.LocationId, row.OnHand, row.Sequence, row.SafetyStock, StockChangeKind.Imported, now))
                {
                    applied++;
                }
            }

            return Task.FromResult(new StockImportResult(rows.Count, applied, rows.Count - applied));
        }
    }

    public Task<IReadOnlyList<SkuStock>> GetStockAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var result = new List<SkuStock>(skus.Count);
            foreach (var sku in skus)
            {
                var levels = _stockBySku.TryGetValue(sku, out var cells)
                    ? cells.Select(pair => pair.Value.ToLevel(sku, pair.Key)).OrderBy(l => l.LocationId, StringComparer.Ordinal).ToList()
                    : [];
                result.Add(new SkuStock(sku, levels));
            }

            return Task.FromResult<IReadOnlyList<SkuStock>>(result);
        }
    }

    public Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_outcomesByRequestId.TryGetValue(command.RequestId, out var earlier))
            {
                if (earlier.Fingerprint != command.Fingerprint)
                {
                    throw new IdempotencyConflictException(command.RequestId);
                }

                // A repeat answers with the reservation as it is now (it may since have been committed).
                var repeat = earlier.Outcome.Reservation is { } first ? ReserveOutcome.Held(_reservations[first.Id]) : earlier.Outcome;
                return Task.FromResult(repeat);
            }

            var shortfalls = new List<StockShortfall>();
            for (var i = 0; i < command.Lines.Count; i++)
            {
                var line = command.Lines[i];
                var available = Cell(line.Sku, line.LocationId).ToLevel(line.Sku, line.LocationId).Available;
                if (available < line.Quantity)
                {
                    shortfalls.Add(new StockShortfall(i, line.Sku, line.LocationId, line.Quantity, available));
                }
            }

            ReserveOutcome outcome;
            if (shortfalls.Count > 0)
            {
                outcome = ReserveOutcome.Short(shortfalls);
            }
            else
            {
                foreach (var line in command.Lines)
                {
                    Cell(line.Sku, line.LocationId).Reserved += line.Quantity;
                    Emit(StockChangeKind.Reserved, line.Sku, line.LocationId, command.RequestId, now);
                }

                var reservation = new Reservation(NewReservationId(), command.RequestId, ReservationStatus.Held, command.Lines, command.ExpiresAt);
                _reservations[reservation.Id] = reservation;
                outcome = ReserveOutcome.Held(reservation);
            }

            _outcomesByRequestId[command.RequestId] = (command.Fingerprint, outcome);
            return Task.FromResult(outcome);
        }
    }

    public Task<Reservation> CommitAsync(string reservationId, DateTimeOffset now, Func<string, DateOnly> localDayOf, CancellationToken cancellationToken) =>
        Task.FromResult(Finish(reservationId, ReservationStatus.Committed, now, localDayOf));

    public Task<Reservation> ReleaseAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Finish(reservationId, ReservationStatus.Released, now, null));

    public async Task<StockAndCapacity> GetStockAndCapacityAsync(IReadOnlyList<string> skus, IReadOnlyList<LocationDay> locations, CancellationToken cancellationToken)
    {
        var stock = await GetStockAsync(skus, cancellationToken);
        lock (_gate)
        {
            var used = new Dictionary<string, CapacityUsed>(StringComparer.Ordinal);
            foreach (var location in locations)
            {
                if (_capacityUsed.TryGetValue(location, out var counted))
                {
                    used[location.LocationId] = counted;
                }
            }

            return new StockAndCapacity(stock, used);
        }
    }

    public Task<Reservation?> GetReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_reservations.GetValueOrDefault(reservationId));
        }
    }

    public Task<ExpirySweep> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var due = _reservations.Values
                .Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt)
                .Take(max)
                .ToList();
            foreach (var reservation in due)
            {
                GiveBack(reservation, ReservationStatus.Expired, now);
            }

            return Task.FromResult(new ExpirySweep(due.Count, due.Count, []));
        }
    }

    public Task<IReadOnlyList<StockEvent>> ReadEventsAsync(string afterPosition, int max, CancellationToken cancellationToken)
    {
        var after = long.TryParse(afterPosition, out var number) ? number : 0;
        lock (_gate)
        {
            // Event numbers are consecutive, so the first one after `after` is found by arithmetic.
            var firstKept = _lastEventNumber - _events.Count + 1;
            var start = (int)Math.Clamp(after - firstKept + 1, 0, _events.Count);
            IReadOnlyList<StockEvent> page = _events.GetRange(start, Math.Min(max, _events.Count - start));
            return Task.FromResult(page);
        }
    }

    public Task<string> LatestEventPositionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_lastEventNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private Reservation Finish(string reservationId, ReservationStatus target, DateTimeOffset now, Func<string, DateOnly>? localDayOf)
    {
        lock (_gate)
        {
            if (!_reservations.TryGetValue(reservationId, out var reservation))
            {
                throw new NotFoundException("Reservation", reservationId);
            }

            var action = target == ReservationStatus.Committed ? "committed" : "released";
            if (reservation.Status == ReservationStatus.Held && reservation.ExpiresAt <= now)
            {
                // The sweeper has not reached it yet; expiry is decided by time, not by the sweeper.
                reservation = GiveBack(reservation, ReservationStatus.Expired, now);
                return target == ReservationStatus.Committed
                    ? throw new ReservationStateException(reservationId, reservation.Status, action)
                    : reservation;
            }

            if (reservation.Status != ReservationStatus.Held)
            {
                var alreadyThere = reservation.Status == target
                    || (target == ReservationStatus.Released && reservation.Status == ReservationStatus.Expired);
                return alreadyThere ? reservation : throw new ReservationStateException(reservationId, reservation.Status, action);
            }

            if (target == ReservationStatus.Released)
            {
                return GiveBack(reservation, ReservationStatus.Released, now);
            }

            foreach (var line in reservation.Lines)
            {
                // A commit deducts what is there: on hand never goes below zero, and the units beyond it are a shortage.
                var cell = Cell(line.Sku, line.LocationId);
                var taken = Math.Min(line.Quantity, Math.Max(cell.OnHand, 0));
                cell.Reserved -= line.Quantity;
                cell.OnHand -= taken;
                Emit(StockChangeKind.Committed, line.Sku, line.LocationId, reservationId, now);
                if (line.Quantity > taken)
                {
                    Emit(StockChangeKind.Shortage, line.Sku, line.LocationId, reservationId, now, line.Quantity - taken);
                }
            }

            CountCapacity(reservation, localDayOf!);
            return _reservations[reservationId] = reservation with { Status = ReservationStatus.Committed };
        }
    }

    private void CountCapacity(Reservation reservation, Func<string, DateOnly> localDayOf)
    {
        foreach (var atLocation in reservation.Lines.GroupBy(l => l.LocationId, StringComparer.Ordinal))
        {
            var key = new LocationDay(atLocation.Key, localDayOf(atLocation.Key));
            var used = _capacityUsed.GetValueOrDefault(key);
            if (used == default)
            {
                // A new day for this location: forget its days long gone, so the counters do not grow for ever.
                foreach (var old in _capacityUsed.Keys.Where(k => k.LocationId == key.LocationId && k.Day < key.Day.AddDays(-2)).ToList())
                {
                    _capacityUsed.Remove(old);
                }
            }

            _capacityUsed[key] = new CapacityUsed(used.Units + atLocation.Sum(l => l.Quantity), used.Shipments + 1);
        }
    }

    private Reservation GiveBack(Reservation reservation, ReservationStatus finalStatus, DateTimeOffset now)
    {
        var kind = finalStatus == ReservationStatus.Expired ? StockChangeKind.Expired : StockChangeKind.Released;
        foreach (var line in reservation.Lines)
        {
            Cell(line.Sku, line.LocationId).Reserved -= line.Quantity;
            Emit(kind, line.Sku, line.LocationId, reservation.Id, now);
        }

        return _reservations[reservation.Id] = reservation with { Status = finalStatus };
    }

    private bool ApplyAbsolute(string sku, string locationId, long onHand, long sequence, long? safetyStock, StockChangeKind kind, DateTimeOffset now)
    {
        var cell = Cell(sku, locationId);
        if (sequence <= cell.Sequence)
        {
            return false;
        }

        cell.OnHand = onHand;
        cell.Sequence = sequence;
        if (safetyStock is { } safety)
        {
            cell.SafetyStock = safety;
        }

        Emit(kind, sku, locationId, "", now);
        EmitShortageIfAny(sku, locationId, kind == StockChangeKind.Set ? "set" : "imported", now);
        return true;
    }

    private void EmitShortageIfAny(string sku, string locationId, string reason, DateTimeOffset now)
    {
        var shortage = Cell(sku, locationId).ToLevel(sku, locationId).Shortage;
        if (shortage > 0)
        {
            Emit(StockChangeKind.Shortage, sku, locationId, reason, now, shortage);
        }
    }

    private StockLevel Emit(StockChangeKind kind, string sku, string locationId, string reason, DateTimeOffset now, long shortfall = 0)
    {
        var level = Cell(sku, locationId).ToLevel(sku, locationId);
        _lastEventNumber++;
        _events.Add(new StockEvent(_lastEventNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), kind, level, reason, now, shortfall));
        if (_events.Count > MaxEventsKept)
        {
            _events.RemoveRange(0, _events.Count - MaxEventsKept);
        }

        return level;
    }

    private StockCell Cell(string sku, string locationId)
    {
        if (!_stockBySku.TryGetValue(sku, out var cells))
        {
            _stockBySku[sku] = cells = new Dictionary<string, StockCell>(StringComparer.Ordinal);
        }

        if (!cells.TryGetValue(locationId, out var cell))
        {
            cells[locationId] = cell = new StockCell();
        }

        return cell;
    }

    private static string NewReservationId() => "rsv_" + Guid.NewGuid().ToString("N");

    private sealed class StockCell
    {
        public long OnHand { get; set; }
        public long Reserved { get; set; }
        public long SafetyStock { get; set; }
        public long Sequence { get; set; }

        public StockLevel ToLevel(string sku, string locationId) => new(sku, locationId, OnHand, Reserved, SafetyStock, Sequence);
    }
}
