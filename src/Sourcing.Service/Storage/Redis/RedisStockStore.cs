using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// Stock, reservations and stock events in Redis; every multi-value change is one Lua script, and every script touches
/// one partition (one cluster slot). A reservation whose request id and lines all share a partition (always, with one
/// partition) is one script; any other is held part by part (see <see cref="MultiPartScripts"/>).
/// </summary>
public sealed partial class RedisStockStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<RedisOptions> options) : IStockStore
{
    // Import rows are sent as pipelined scripts, at most this many in flight, to bound memory on a 100,000-row sync.
    private const int ImportBatchSize = 500;

    // A day's capacity counters outlive the day in every time zone, as a duration measured by Redis from the last commit.
    private static readonly TimeSpan CapacityKept = TimeSpan.FromDays(3);

    private readonly IDatabase _db = redis.GetDatabase();
    private readonly RedisValue _eventsKept = options.Value.StockEventsKept;
    private readonly TimeSpan _idempotencyWindow = options.Value.IdempotencyWindow;
    private readonly StockPartitioner _partitioner = new(options.Value.StockPartitions);

    private int PartitionOf(string value) => _partitioner.Of(value);

    private RedisKey StockKey(string sku) => keys.Stock(PartitionOf(sku), sku);

    private RedisKey EventsOf(string sku) => keys.StockEvents(PartitionOf(sku));

    public async Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var values = new RedisValue[] { sku, EventKinds.Set, Ms(now), _eventsKept, locationId, onHand, sequence, "" };
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.ApplyAbsolute, [StockKey(sku), EventsOf(sku)], values).WaitAsync(cancellationToken))!;
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
        var scriptKeys = new RedisKey[] { StockKey(sku), EventsOf(sku), keys.AdjustRequest(PartitionOf(sku), adjustment.RequestId) };
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
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.SetSafetyStock, [StockKey(sku), EventsOf(sku)], values).WaitAsync(cancellationToken))!;
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

                return _db.ScriptEvaluateAsync(StockScripts.ApplyAbsolute, [StockKey(skuRows.Key), EventsOf(skuRows.Key)], [.. values]);
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
        var reads = skus.Select(sku => batch.HashGetAllAsync(StockKey(sku))).ToArray();
        // A day's capacity is counted in the partitions of the lines committed, so a read sums every partition's hash.
        var byDay = locations.GroupBy(l => l.Day).Select(day =>
        {
            var ids = day.Select(l => l.LocationId).Distinct(StringComparer.Ordinal).ToList();
            var fields = ids.SelectMany(id => new RedisValue[] { id + ":u", id + ":s" }).ToArray();
            var perPartition = Enumerable.Range(0, _partitioner.Count).Select(p => batch.HashGetAsync(keys.CapacityUsed(p, day.Key), fields)).ToArray();
            return (Ids: ids, Reads: perPartition);
        }).ToList();
        batch.Execute();
        var hashes = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        var used = new Dictionary<string, CapacityUsed>(StringComparer.Ordinal);
        foreach (var (ids, dayReads) in byDay)
        {
            foreach (var read in dayReads)
            {
                var values = await read.WaitAsync(cancellationToken);
                for (var i = 0; i < ids.Count; i++)
                {
                    if (!values[2 * i].IsNull || !values[2 * i + 1].IsNull)
                    {
                        var earlier = used.GetValueOrDefault(ids[i]);
                        used[ids[i]] = new CapacityUsed(
                            earlier.Units + (values[2 * i].IsNull ? 0 : (long)values[2 * i]),
                            earlier.Shipments + (values[2 * i + 1].IsNull ? 0 : (long)values[2 * i + 1]));
                    }
                }
            }
        }

        return new StockAndCapacity(skus.Select((sku, i) => new SkuStock(sku, ParseSkuHash(sku, hashes[i]))).ToList(), used);
    }

    public async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var coordinator = PartitionOf(command.RequestId);
        var reservationId = NewReservationId(coordinator);
        // The reservation and its request record outlive the hold by the idempotency window. Measured as a duration on
        // the service's clock (expiry minus now), so Redis's own clock never meets the service's in one decision.
        var recordTtl = _idempotencyWindow + (command.ExpiresAt > now ? command.ExpiresAt - now : TimeSpan.Zero);
        if (command.Lines.Any(line => PartitionOf(line.Sku) != coordinator))
        {
            return await ReserveInPartsAsync(command, coordinator, reservationId, recordTtl, now, cancellationToken);
        }

        var scriptKeys = new RedisKey[4 + command.Lines.Count];
        scriptKeys[0] = keys.ReserveRequest(coordinator, command.RequestId);
        scriptKeys[1] = keys.Reservation(coordinator, reservationId);
        scriptKeys[2] = keys.ReservationExpiry(coordinator);
        scriptKeys[3] = keys.StockEvents(coordinator);
        var values = new RedisValue[9 + command.Lines.Count * 3];
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
            scriptKeys[4 + i] = keys.Stock(coordinator, line.Sku);
            values[8 + i * 3] = line.Sku;
            values[9 + i * 3] = line.LocationId;
            values[10 + i * 3] = line.Quantity;
        }

        values[^1] = coordinator;

        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(StockScripts.Reserve, scriptKeys, values).WaitAsync(cancellationToken))!;
        if ((string)result[0]! == "conflict")
        {
            throw new IdempotencyConflictException(command.RequestId);
        }

        var outcome = (string)result[1]!;
        if ((string)result[0]! == "new" && outcome.StartsWith("held:", StringComparison.Ordinal))
        {
            return ReserveOutcome.Held(new Reservation(reservationId, command.RequestId, ReservationStatus.Held, command.Lines, command.ExpiresAt));
        }

        return await AnswerRecordedOutcomeAsync(outcome, command, cancellationToken);
    }

    /// <summary>
    /// A short outcome as recorded; a held one as the reservation is now (a repeat may find it committed or released since).
    /// </summary>
    private async Task<ReserveOutcome> AnswerRecordedOutcomeAsync(string outcome, ReserveCommand command, CancellationToken cancellationToken)
    {
        if (outcome.StartsWith("short:", StringComparison.Ordinal))
        {
            return ReserveOutcome.Short(ParseShortfalls(outcome["short:".Length..], command.Lines));
        }

        var heldId = outcome["held:".Length..];
        var current = await GetReservationAsync(heldId, cancellationToken);
        return ReserveOutcome.Held(current ?? throw new NotFoundException("Reservation", heldId));
    }

    /// <summary>
    /// A new reservation id whose partition is the coordinator's (about as many tries as there are partitions), so the
    /// record is found from the id alone.
    /// </summary>
    private string NewReservationId(int coordinator)
    {
        while (true)
        {
            var id = "rsv_" + Guid.NewGuid().ToString("N");
            if (PartitionOf(id) == coordinator)
            {
                return id;
            }
        }
    }

    public Task<Reservation> CommitAsync(string reservationId, DateTimeOffset now, Func<string, DateOnly> localDayOf, CancellationToken cancellationToken) =>
        FinishAsync(reservationId, "commit", now, cancellationToken, localDayOf);

    public Task<Reservation> ReleaseAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        FinishAsync(reservationId, "release", now, cancellationToken);

    public async Task<Reservation?> GetReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        (await ReadReservationAsync(reservationId, cancellationToken))?.Reservation;

    /// <summary>The stored record: the reservation as callers see it, and what finishing a multi-part one needs.</summary>
    private sealed record StoredReservation(Reservation Reservation, bool MultiPart, string? Days);

    private async Task<StoredReservation?> ReadReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        var coordinator = PartitionOf(reservationId);
        var fields = await _db.HashGetAsync(keys.Reservation(coordinator, reservationId), ["req", "status", "exp", "lines", "parts", "final", "days"]).WaitAsync(cancellationToken);
        if (fields[1].IsNull)
        {
            return null;
        }

        if (!long.TryParse((string?)fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expiresMs))
        {
            throw new StoredRecordUnreadableException("Reservation", reservationId, $"expiry '{fields[2]}' is not a number");
        }

        var reservation = new Reservation(
            reservationId,
            fields[0]!,
            ParseStatus(reservationId, fields[1]!, fields[5]),
            DecodeLines(reservationId, (string?)fields[3] ?? ""),
            DateTimeOffset.FromUnixTimeMilliseconds(expiresMs));
        // A one-step reservation lists only its own partition (or, written by an older version, nothing).
        var parts = (string?)fields[4];
        var multiPart = parts is not null && parts != coordinator.ToString(CultureInfo.InvariantCulture);
        return new StoredReservation(reservation, multiPart, fields[6]);
    }

    private async Task<Reservation> FinishAsync(
        string reservationId, string action, DateTimeOffset now, CancellationToken cancellationToken, Func<string, DateOnly>? localDayOf = null)
    {
        // Lines never change after a reservation is made, so reading them first to name the stock keys is safe;
        // the script re-reads the status atomically and decides.
        var stored = await ReadReservationAsync(reservationId, cancellationToken)
            ?? throw new NotFoundException("Reservation", reservationId);
        if (stored.MultiPart)
        {
            return await FinishInPartsAsync(stored.Reservation, action, now, localDayOf, cancellationToken);
        }

        var reservation = stored.Reservation;
        var partition = PartitionOf(reservationId);
        var scriptKeys = new List<RedisKey> { keys.Reservation(partition, reservationId), keys.ReservationExpiry(partition), keys.StockEvents(partition) };
        scriptKeys.AddRange(reservation.Lines.Select(l => keys.Stock(partition, l.Sku)));
        if (localDayOf is not null)
        {
            scriptKeys.AddRange(reservation.Lines.Select(l => keys.CapacityUsed(partition, localDayOf(l.LocationId))));
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

        var status = ParseStatus(reservationId, (string)result[1]!, RedisValue.Null);
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

    /// <summary>
    /// A multi-part reservation being finished reads as what it is becoming: committing is already committed (a release
    /// is refused), releasing already released or expired (a commit is refused).
    /// </summary>
    private static ReservationStatus ParseStatus(string reservationId, string status, RedisValue final) => status switch
    {
        "pending" => ReservationStatus.Pending,
        "held" => ReservationStatus.Held,
        "committed" or "committing" => ReservationStatus.Committed,
        "released" => ReservationStatus.Released,
        "expired" => ReservationStatus.Expired,
        "releasing" when final == "expired" => ReservationStatus.Expired,
        "releasing" => ReservationStatus.Released,
        _ => throw new StoredRecordUnreadableException("Reservation", reservationId, $"status '{status}' is unknown"),
    };

    private static StockEvent ParseEvent(StreamEntry entry, string position)
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
        return new StockEvent(position, kind, level, entry["r"]!, DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"]), shortfall.IsNull ? 0 : (long)shortfall);
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static class EventKinds
    {
        public const string Set = "set";
        public const string Imported = "imported";
    }
}
