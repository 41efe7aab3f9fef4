using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>Stock, reservations and stock events in Redis; every multi-value change is one Lua script.</summary>
public sealed class RedisStockStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<RedisOptions> options) : IStockStore
{
    // Import rows are sent as pipelined scripts, at most this many in flight, to bound memory on a 100,000-row sync.
    private const int ImportBatchSize = 500;

    // A day's capacity counters outlive the day in every time zone, as a duration measured by Redis from the last commit.
    private static readonly TimeSpan CapacityKept = TimeSpan.FromDays(3);

    private readonly IDatabase _db = redis.GetDatabase();
    private readonly RedisValue _eventsKept = options.Value.StockEventsKept;
    private readonly TimeSpan _idempotencyWindow = options.Value.IdempotencyWindow;

    public async Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var values = new RedisValue[] { sku, EventKinds.Set, Ms(now), _eventsKept, locationId, onHand, sequence, "" };
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.ApplyAbsolute, [keys.Stock(sku), keys.StockEvents], values).WaitAsync(cancellationToken))!;
        return new SetStockResult((long)result[0] == 1, Level(sku, locationId, result, 1));
    }

    public async Task<StockLevel> AdjustStockAsync(StockAdjustment adjustment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (sku, locationId, delta) = (adjustment.Sku, adjustment.LocationId, adjustment.Delta);
        var values = new RedisValue[]
        {
            sku, locationId, delta, adjustment.Reason, Ms(now), _eventsKept, StockLedger.MaxQuantity,
            adjustment.Fingerprint, (long)_idempotencyWindow.TotalMilliseconds,
        };
        var scriptKeys = new RedisKey[] { keys.Stock(sku), keys.StockEvents, keys.AdjustRequest(adjustment.RequestId) };
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.Adjust, scriptKeys, values).WaitAsync(cancellationToken))!;
        return (string)result[0]! switch
        {
            "new" or "repeat" => ParseCell(sku, locationId, (string)result[1]!),
            "conflict" => throw new IdempotencyConflictException(adjustment.RequestId),
            "limit" => throw new StockLimitExceededException("delta", sku, locationId, (long)result[1], delta),
            _ => throw new StockWouldGoNegativeException(sku, locationId, (long)result[1], delta),
        };
    }

    public async Task<StockLevel> SetSafetyStockAsync(string sku, string locationId, long safetyStock, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var values = new RedisValue[] { sku, locationId, safetyStock, Ms(now), _eventsKept };
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.SetSafetyStock, [keys.Stock(sku), keys.StockEvents], values).WaitAsync(cancellationToken))!;
        return Level(sku, locationId, result, 0);
    }

    public async Task<StockImportResult> ImportAsync(IReadOnlyList<StockImportRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One script per SKU: all of a SKU's locations share a key, so its rows apply atomically together.
        long applied = 0;
        foreach (var batch in rows.GroupBy(r => r.Sku, StringComparer.Ordinal).Chunk(ImportBatchSize))
        {
            var calls = batch.Select(skuRows =>
            {
                var values = new List<RedisValue> { skuRows.Key, EventKinds.Imported, Ms(now), _eventsKept };
                foreach (var row in skuRows)
                {
                    values.Add(row.LocationId);
                    values.Add(row.OnHand);
                    values.Add(row.Sequence);
                    values.Add(row.SafetyStock is { } safety ? safety : "");
                }

                return _db.ScriptEvaluateAsync(StockScripts.ApplyAbsolute, [keys.Stock(skuRows.Key), keys.StockEvents], [.. values]);
            }).ToList();

            foreach (var result in await Task.WhenAll(calls).WaitAsync(cancellationToken))
            {
                var perRow = (RedisResult[])result!;
                for (var i = 0; i < perRow.Length; i += 5)
                {
                    applied += (long)perRow[i];
                }
            }
        }

        return new StockImportResult(rows.Count, applied, rows.Count - applied);
    }

    public async Task<IReadOnlyList<SkuStock>> GetStockAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken) =>
        (await GetStockAndCapacityAsync(skus, [], cancellationToken)).Stock;

    public async Task<StockAndCapacity> GetStockAndCapacityAsync(IReadOnlyList<string> skus, IReadOnlyList<LocationDay> locations, CancellationToken cancellationToken)
    {
        // All reads leave in one write and come back together: one round trip for the basket and the capacity.
        var batch = _db.CreateBatch();
        var reads = skus.Select(sku => batch.HashGetAllAsync(keys.Stock(sku))).ToArray();
        var byDay = locations.GroupBy(l => l.Day).Select(day =>
        {
            var ids = day.Select(l => l.LocationId).Distinct(StringComparer.Ordinal).ToList();
            var fields = ids.SelectMany(id => new RedisValue[] { id + ":u", id + ":s" }).ToArray();
            return (Ids: ids, Read: batch.HashGetAsync(keys.CapacityUsed(day.Key), fields));
        }).ToList();
        batch.Execute();
        var hashes = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        var used = new Dictionary<string, CapacityUsed>(StringComparer.Ordinal);
        foreach (var (ids, read) in byDay)
        {
            var values = await read.WaitAsync(cancellationToken);
            for (var i = 0; i < ids.Count; i++)
            {
                if (!values[2 * i].IsNull || !values[2 * i + 1].IsNull)
                {
                    used[ids[i]] = new CapacityUsed(values[2 * i].IsNull ? 0 : (long)values[2 * i], values[2 * i + 1].IsNull ? 0 : (long)values[2 * i + 1]);
                }
            }
        }

        return new StockAndCapacity(skus.Select((sku, i) => new SkuStock(sku, ParseSkuHash(sku, hashes[i]))).ToList(), used);
    }

    public async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reservationId = "rsv_" + Guid.NewGuid().ToString("N");
        // The reservation and its request record outlive the hold by the idempotency window. Measured as a duration on
        // the service's clock (expiry minus now), so Redis's own clock never meets the service's in one decision.
        var recordTtl = _idempotencyWindow + (command.ExpiresAt > now ? command.ExpiresAt - now : TimeSpan.Zero);

        var scriptKeys = new RedisKey[4 + command.Lines.Count];
        scriptKeys[0] = keys.ReserveRequest(command.RequestId);
        scriptKeys[1] = keys.Reservation(reservationId);
        scriptKeys[2] = keys.ReservationExpiry;
        scriptKeys[3] = keys.StockEvents;
        var values = new RedisValue[8 + command.Lines.Count * 3];
        values[0] = command.Fingerprint;
        values[1] = reservationId;
        values[2] = command.RequestId;
        values[3] = Ms(command.ExpiresAt);
        values[4] = Ms(now);
        values[5] = (long)recordTtl.TotalMilliseconds;
        values[6] = EncodeLines(command.Lines);
        values[7] = _eventsKept;
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var line = command.Lines[i];
            scriptKeys[4 + i] = keys.Stock(line.Sku);
            values[8 + i * 3] = line.Sku;
            values[9 + i * 3] = line.LocationId;
            values[10 + i * 3] = line.Quantity;
        }

        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.Reserve, scriptKeys, values).WaitAsync(cancellationToken))!;
        if ((string)result[0]! == "conflict")
        {
            throw new IdempotencyConflictException(command.RequestId);
        }

        var outcome = (string)result[1]!;
        if (outcome.StartsWith("short:", StringComparison.Ordinal))
        {
            return ReserveOutcome.Short(ParseShortfalls(outcome["short:".Length..], command.Lines));
        }

        var heldId = outcome["held:".Length..];
        if ((string)result[0]! == "new")
        {
            return ReserveOutcome.Held(new Reservation(heldId, command.RequestId, ReservationStatus.Held, command.Lines, command.ExpiresAt));
        }

        // A repeat answers with the reservation as it is now (it may since have been committed or released).
        var current = await GetReservationAsync(heldId, cancellationToken);
        return ReserveOutcome.Held(current ?? throw new NotFoundException("Reservation", heldId));
    }

    public Task<Reservation> CommitAsync(string reservationId, DateTimeOffset now, Func<string, DateOnly> localDayOf, CancellationToken cancellationToken) =>
        FinishAsync(reservationId, "commit", now, cancellationToken, localDayOf);

    public Task<Reservation> ReleaseAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        FinishAsync(reservationId, "release", now, cancellationToken);

    public async Task<Reservation?> GetReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        var fields = await _db.HashGetAsync(keys.Reservation(reservationId), ["req", "status", "exp", "lines"]).WaitAsync(cancellationToken);
        if (fields[1].IsNull)
        {
            return null;
        }

        if (!long.TryParse((string?)fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expiresMs))
        {
            throw new StoredRecordUnreadableException("Reservation", reservationId, $"expiry '{fields[2]}' is not a number");
        }

        return new Reservation(
            reservationId,
            fields[0]!,
            ParseStatus(reservationId, fields[1]!),
            DecodeLines(reservationId, (string?)fields[3] ?? ""),
            DateTimeOffset.FromUnixTimeMilliseconds(expiresMs));
    }

    public async Task<ExpirySweep> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var due = await _db.SortedSetRangeByScoreWithScoresAsync(keys.ReservationExpiry, stop: Ms(now), take: max).WaitAsync(cancellationToken);
        var expired = 0;
        var unreadable = new List<string>();
        foreach (var entry in due)
        {
            var id = (string)entry.Element!;
            try
            {
                var reservation = await FinishAsync(id, "expire", now, cancellationToken);
                expired += reservation.Status == ReservationStatus.Expired ? 1 : 0;
            }
            catch (NotFoundException)
            {
                // The reservation's record outlived its key (it was deleted by hand): drop the stale index entry.
                await _db.SortedSetRemoveAsync(keys.ReservationExpiry, id).WaitAsync(cancellationToken);
            }
            catch (StoredRecordUnreadableException)
            {
                // Set aside in one step, so it is reported once and the reservations due after it are still released.
                var move = _db.CreateTransaction();
                _ = move.SortedSetAddAsync(keys.ReservationsUnreadable, id, entry.Score);
                _ = move.SortedSetRemoveAsync(keys.ReservationExpiry, id);
                await move.ExecuteAsync().WaitAsync(cancellationToken);
                unreadable.Add(id);
            }
        }

        return new ExpirySweep(due.Length, expired, unreadable);
    }

    public async Task<IReadOnlyList<StockEvent>> ReadEventsAsync(string afterPosition, int max, CancellationToken cancellationToken)
    {
        var entries = await _db.StreamReadAsync(keys.StockEvents, afterPosition, max).WaitAsync(cancellationToken);
        return entries.Select(ParseEvent).ToList();
    }

    public async Task<string> LatestEventPositionAsync(CancellationToken cancellationToken)
    {
        var newest = await _db.StreamRangeAsync(keys.StockEvents, "-", "+", 1, Order.Descending).WaitAsync(cancellationToken);
        return newest.Length == 0 ? "0" : newest[0].Id!;
    }

    private async Task<Reservation> FinishAsync(
        string reservationId, string action, DateTimeOffset now, CancellationToken cancellationToken, Func<string, DateOnly>? localDayOf = null)
    {
        // Lines never change after a reservation is made, so reading them first to name the stock keys is safe;
        // the script re-reads the status atomically and decides.
        var reservation = await GetReservationAsync(reservationId, cancellationToken)
            ?? throw new NotFoundException("Reservation", reservationId);
        var scriptKeys = new List<RedisKey> { keys.Reservation(reservationId), keys.ReservationExpiry, keys.StockEvents };
        scriptKeys.AddRange(reservation.Lines.Select(l => keys.Stock(l.Sku)));
        if (localDayOf is not null)
        {
            scriptKeys.AddRange(reservation.Lines.Select(l => keys.CapacityUsed(localDayOf(l.LocationId))));
        }

        var values = new RedisValue[] { action, Ms(now), _eventsKept, reservationId, (long)CapacityKept.TotalMilliseconds };

        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.Finish, [.. scriptKeys], values).WaitAsync(cancellationToken))!;
        }
        catch (RedisServerException exception) when (exception.Message.Contains(StockScripts.LinesUnreadable, StringComparison.Ordinal))
        {
            throw new StoredRecordUnreadableException("Reservation", reservationId, "its lines do not parse the same way in the store");
        }

        var verdict = (string)result[0]!;
        if (verdict == "missing")
        {
            throw new NotFoundException("Reservation", reservationId);
        }

        var status = ParseStatus(reservationId, (string)result[1]!);
        return verdict == "ok"
            ? reservation with { Status = status }
            : throw new ReservationStateException(reservationId, status, action == "commit" ? "committed" : "released");
    }

    private static StockLevel Level(string sku, string locationId, RedisResult[] values, int offset) =>
        new(sku, locationId, (long)values[offset], (long)values[offset + 1], (long)values[offset + 2], (long)values[offset + 3]);

    private static List<StockLevel> ParseSkuHash(string sku, HashEntry[] entries)
    {
        var levels = new List<StockLevel>(entries.Length);
        foreach (var entry in entries)
        {
            levels.Add(ParseCell(sku, entry.Name!, entry.Value!));
        }

        levels.Sort((a, b) => string.CompareOrdinal(a.LocationId, b.LocationId));
        return levels;
    }

    /// <summary>One location's cell: "onhand:reserved:safety:sequence".</summary>
    private static StockLevel ParseCell(string sku, string locationId, string value)
    {
        Span<Range> parts = stackalloc Range[5];
        var cell = value.AsSpan();
        if (cell.Split(parts, ':') != 4
            || !long.TryParse(cell[parts[0]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var onHand)
            || !long.TryParse(cell[parts[1]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var reserved)
            || !long.TryParse(cell[parts[2]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var safety)
            || !long.TryParse(cell[parts[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new StoredRecordUnreadableException("Stock", $"{sku}@{locationId}", $"cell '{value}' is not onhand:reserved:safety:sequence");
        }

        return new StockLevel(sku, locationId, onHand, reserved, safety, sequence);
    }

    private static List<StockShortfall> ParseShortfalls(string encoded, IReadOnlyList<ReservationLine> lines) =>
        encoded.Split(',').Select(part =>
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            var index = int.Parse(part[..separator], CultureInfo.InvariantCulture);
            var line = lines[index];
            return new StockShortfall(index, line.Sku, line.LocationId, line.Quantity, long.Parse(part[(separator + 1)..], CultureInfo.InvariantCulture));
        }).ToList();

    private static string EncodeLines(IReadOnlyList<ReservationLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Sku.AsSpan().IndexOfAny('|', '\n') >= 0 || line.LocationId.AsSpan().IndexOfAny('|', '\n') >= 0)
            {
                throw new ArgumentException($"'{line.Sku}' at '{line.LocationId}' contains a separator of the stored line format.", nameof(lines));
            }

            text.Append(line.Sku).Append('|').Append(line.LocationId).Append('|').Append(line.Quantity).Append('\n');
        }

        return text.ToString();
    }

    private static List<ReservationLine> DecodeLines(string reservationId, string encoded)
    {
        var lines = new List<ReservationLine>();
        foreach (var text in encoded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = text.Split('|');
            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity))
            {
                throw new StoredRecordUnreadableException("Reservation", reservationId, $"line '{text.ReplaceLineEndings(" ")}' is not sku|location|quantity");
            }

            lines.Add(new ReservationLine(parts[0], parts[1], quantity));
        }

        return lines.Count > 0 ? lines : throw new StoredRecordUnreadableException("Reservation", reservationId, "it has no lines");
    }

    private static ReservationStatus ParseStatus(string reservationId, string status) => status switch
    {
        "held" => ReservationStatus.Held,
        "committed" => ReservationStatus.Committed,
        "released" => ReservationStatus.Released,
        "expired" => ReservationStatus.Expired,
        _ => throw new StoredRecordUnreadableException("Reservation", reservationId, $"status '{status}' is unknown"),
    };

    private static StockEvent ParseEvent(StreamEntry entry)
    {
        var kind = (string)entry["k"]! switch
        {
            EventKinds.Set => StockChangeKind.Set,
            EventKinds.Imported => StockChangeKind.Imported,
            "adjusted" => StockChangeKind.Adjusted,
            "safety" => StockChangeKind.SafetyStock,
            "reserved" => StockChangeKind.Reserved,
            "committed" => StockChangeKind.Committed,
            "released" => StockChangeKind.Released,
            "expired" => StockChangeKind.Expired,
            "shortage" => StockChangeKind.Shortage,
            var other => throw new InvalidOperationException($"Unknown stock event kind '{other}' in Redis."),
        };
        var level = new StockLevel(entry["s"]!, entry["l"]!, (long)entry["oh"], (long)entry["rs"], (long)entry["ss"], (long)entry["sq"]);
        var shortfall = entry["sf"];
        return new StockEvent(entry.Id!, kind, level, entry["r"]!, DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"]), shortfall.IsNull ? 0 : (long)shortfall);
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static class EventKinds
    {
        public const string Set = "set";
        public const string Imported = "imported";
    }
}
