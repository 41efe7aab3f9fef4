using System.Globalization;
using System.Text;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// Reservations whose lines live in several partitions: a coordinator record in the request id's partition and one
/// part per partition of its lines, each changed by its own script (see <see cref="MultiPartScripts"/>).
/// </summary>
public sealed partial class RedisStockStore
{
    // A part's own expiry entry is due this long after its reservation's, so the coordinator (due first) normally
    // finishes it; the sweeper then only meets parts whose coordinator was lost.
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Called at each step of a multi-part reserve or finish ("opened", then "holding-part" before each part;
    /// "begun", then "finishing-part" before each part); a test throws from it to leave the work half done, as a crash would.
    /// </summary>
    internal Func<string, Task>? OnStep { get; set; }

    private Task StepAsync(string step) => OnStep?.Invoke(step) ?? Task.CompletedTask;

    private async Task<ReserveOutcome> ReserveInPartsAsync(
        ReserveCommand command, int coordinator, string reservationId, TimeSpan recordTtl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parts = command.Lines.Select((line, index) => (Line: line, Index: index))
            .GroupBy(l => PartitionOf(l.Line.Sku))
            .OrderBy(g => g.Key)
            .ToList();
        var opened = await EvaluateAsync(
            MultiPartScripts.Open,
            [keys.ReserveRequest(coordinator, command.RequestId), keys.Reservation(coordinator, reservationId), keys.ReservationExpiry(coordinator)],
            [command.Fingerprint, reservationId, command.RequestId, Ms(command.ExpiresAt), (long)recordTtl.TotalMilliseconds, EncodeLines(command.Lines),
             string.Join(',', parts.Select(p => p.Key))],
            cancellationToken);
        switch ((string)opened[0]!)
        {
            case "conflict":
                throw new IdempotencyConflictException(command.RequestId);
            case "repeat":
                return await AnswerRecordedOutcomeAsync((string)opened[1]!, command, cancellationToken);
            case "resume":
                // An earlier attempt died before deciding: finish it under its own reservation id.
                reservationId = (string)opened[1]!;
                break;
        }

        await StepAsync("opened");
        var answers = await Task.WhenAll(parts.Select(async part =>
        {
            await StepAsync("holding-part");
            var answer = await HoldPartAsync(part.Key, reservationId, part.ToList(), command, recordTtl, now, cancellationToken);
            return (Partition: part.Key, State: answer.State, Short: answer.Short);
        }));

        if (answers.All(a => a.State == "held"))
        {
            var settled = await EvaluateAsync(MultiPartScripts.Settle,
                [keys.ReserveRequest(coordinator, command.RequestId), keys.Reservation(coordinator, reservationId)], [reservationId], cancellationToken);
            if ((string)settled[0]! == "held")
            {
                return ReserveOutcome.Held(new Reservation(reservationId, command.RequestId, ReservationStatus.Held, command.Lines, command.ExpiresAt));
            }
        }
        else if (answers.Any(a => a.State == "short"))
        {
            // All or nothing: give back what the other parts hold before saying short.
            var lines = command.Lines;
            await Task.WhenAll(answers.Where(a => a.State == "held").Select(a =>
                FinishPartAsync(a.Partition, reservationId, LinesIn(a.Partition, lines), "released", null, [], now, cancellationToken)));
            var shortfalls = string.Join(',', answers.Where(a => a.State == "short").SelectMany(a => a.Short.Split(','))
                .OrderBy(s => int.Parse(s[..s.IndexOf('=', StringComparison.Ordinal)], CultureInfo.InvariantCulture)));
            await EvaluateAsync(MultiPartScripts.Abandon,
                [keys.ReserveRequest(coordinator, command.RequestId), keys.Reservation(coordinator, reservationId), keys.ReservationExpiry(coordinator)],
                [reservationId, "short:" + shortfalls], cancellationToken);
            return ReserveOutcome.Short(ParseShortfalls(shortfalls, command.Lines));
        }

        // Someone finished it first (released while pending, or the sweeper expired a crashed attempt): answer as it is.
        var current = await GetReservationAsync(reservationId, cancellationToken);
        return ReserveOutcome.Held(current ?? throw new NotFoundException("Reservation", reservationId));
    }

    private async Task<(string State, string Short)> HoldPartAsync(
        int partition, string reservationId, List<(ReservationLine Line, int Index)> lines, ReserveCommand command, TimeSpan recordTtl, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var scriptKeys = new List<RedisKey> { keys.Hold(partition, reservationId), keys.StockEvents(partition), keys.ReservationExpiry(partition) };
        var values = new List<RedisValue>
        {
            reservationId, Ms(now), _eventsKept, (long)recordTtl.TotalMilliseconds, Ms(command.ExpiresAt + OrphanGrace), command.RequestId,
        };
        foreach (var (line, index) in lines)
        {
            scriptKeys.Add(keys.Stock(partition, line.Sku));
            values.AddRange([index, line.Sku, line.LocationId, line.Quantity]);
        }

        var answer = await EvaluateAsync(MultiPartScripts.Hold, [.. scriptKeys], [.. values], cancellationToken);
        return ((string)answer[0]!, (string)answer[1]!);
    }

    private async Task<Reservation> FinishInPartsAsync(
        Reservation reservation, string action, DateTimeOffset now, Func<string, DateOnly>? localDayOf, CancellationToken cancellationToken)
    {
        var id = reservation.Id;
        var coordinator = PartitionOf(id);
        // The days are decided once, by the call that starts the commit, and recorded: whoever finishes it counts the same days.
        var days = localDayOf is null ? "" : EncodeDays(reservation.Lines.Select(l => l.LocationId).Distinct(StringComparer.Ordinal).ToDictionary(l => l, localDayOf));
        var begun = await EvaluateAsync(MultiPartScripts.Begin,
            [keys.Reservation(coordinator, id), keys.ReservationExpiry(coordinator)], [action, Ms(now), days, id], cancellationToken);
        var verdict = (string)begun[0]!;
        if (verdict == "missing")
        {
            throw new NotFoundException("Reservation", id);
        }

        if (verdict != "go")
        {
            var status = ParseStatus(id, (string)begun[1]!, RedisValue.Null);
            return verdict == "ok"
                ? reservation with { Status = status }
                : throw new ReservationStateException(id, status, action == "commit" ? "committed" : "released");
        }

        await StepAsync("begun");
        var final = (string)begun[1]!;
        var recordedDays = final == "committed" ? DecodeDays(id, (string?)begun[2] ?? "") : null;
        await FinishPartsAsync(reservation, final, recordedDays, now, cancellationToken);
        var ended = (string)(await _db.ScriptEvaluateAsync(MultiPartScripts.End,
            [keys.Reservation(coordinator, id), keys.ReservationExpiry(coordinator)], [final, id]).WaitAsync(cancellationToken))!;
        var finalStatus = ended == "missing" ? ParseStatus(id, final, RedisValue.Null) : ParseStatus(id, ended, RedisValue.Null);
        // Expired while held: a commit that came too late is refused, though it finished the expiry.
        return action == "commit" && finalStatus != ReservationStatus.Committed
            ? throw new ReservationStateException(id, finalStatus, "committed")
            : reservation with { Status = finalStatus };
    }

    private async Task FinishPartsAsync(Reservation reservation, string final, IReadOnlyDictionary<string, DateOnly>? days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One shipment per location: counted by the part holding the location's first line, whoever finishes it.
        var shipper = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in reservation.Lines)
        {
            shipper.TryAdd(line.LocationId, PartitionOf(line.Sku));
        }

        await Task.WhenAll(reservation.Lines.Select(l => PartitionOf(l.Sku)).Distinct().Select(async partition =>
        {
            await StepAsync("finishing-part");
            var ships = shipper.Where(s => s.Value == partition).Select(s => s.Key).ToList();
            await FinishPartAsync(partition, reservation.Id, LinesIn(partition, reservation.Lines), final, days, ships, now, cancellationToken);
        }));
    }

    private List<ReservationLine> LinesIn(int partition, IReadOnlyList<ReservationLine> lines) =>
        lines.Where(l => PartitionOf(l.Sku) == partition).ToList();

    private async Task FinishPartAsync(
        int partition, string reservationId, List<ReservationLine> lines, string final, IReadOnlyDictionary<string, DateOnly>? days,
        IReadOnlyCollection<string> shipmentLocations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scriptKeys = new List<RedisKey> { keys.Hold(partition, reservationId), keys.StockEvents(partition), keys.ReservationExpiry(partition) };
        scriptKeys.AddRange(lines.Select(l => keys.Stock(partition, l.Sku)));
        if (final == "committed")
        {
            scriptKeys.AddRange(lines.Select(l => keys.CapacityUsed(partition, days is not null && days.TryGetValue(l.LocationId, out var day)
                ? day
                : throw new StoredRecordUnreadableException("Reservation", reservationId, $"no capacity day is recorded for '{l.LocationId}'"))));
        }

        var values = new RedisValue[]
        {
            final, Ms(now), _eventsKept, reservationId, (long)CapacityKept.TotalMilliseconds, (long)_idempotencyWindow.TotalMilliseconds,
            string.Concat(shipmentLocations.Select(l => l + "\n")),
        };
        await EvaluateAsync(MultiPartScripts.FinishPart, [.. scriptKeys], values, cancellationToken, reservationId);
    }

    private async Task<RedisResult[]> EvaluateAsync(string script, RedisKey[] scriptKeys, RedisValue[] values, CancellationToken cancellationToken, string? reservationId = null)
    {
        try
        {
            var result = await _db.ScriptEvaluateAsync(script, scriptKeys, values).WaitAsync(cancellationToken);
            return result.Resp2Type == ResultType.Array ? (RedisResult[])result! : [result];
        }
        catch (RedisServerException exception) when (reservationId is not null && exception.Message.Contains(StockScripts.LinesUnreadable, StringComparison.Ordinal))
        {
            throw new StoredRecordUnreadableException("Reservation", reservationId, "its lines do not parse the same way in the store");
        }
    }

    private static string EncodeDays(IReadOnlyDictionary<string, DateOnly> days)
    {
        var text = new StringBuilder();
        foreach (var (location, day) in days)
        {
            text.Append(location).Append('=').Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private static Dictionary<string, DateOnly> DecodeDays(string reservationId, string encoded)
    {
        var days = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var text in encoded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = text.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || !DateOnly.TryParseExact(text[(separator + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new StoredRecordUnreadableException("Reservation", reservationId, $"capacity day '{text}' is not location=yyyy-MM-dd");
            }

            days[text[..separator]] = day;
        }

        return days;
    }
}
