using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>The expiry sweep over every partition's index: due reservations, and parts whose coordinator was lost.</summary>
public sealed partial class RedisStockStore
{
    private const string PartEntryPrefix = "part:";

    public async Task<ExpirySweep> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var batch = _db.CreateBatch();
        var reads = Enumerable.Range(0, _partitioner.Count)
            .Select(p => batch.SortedSetRangeByScoreWithScoresAsync(keys.ReservationExpiry(p), stop: Ms(now), take: max))
            .ToArray();
        batch.Execute();
        var perPartition = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        var due = perPartition.SelectMany((entries, partition) => entries.Select(entry => (Partition: partition, Entry: entry)))
            .OrderBy(d => d.Entry.Score)
            .Take(max)
            .ToList();

        var expired = 0;
        var unreadable = new List<string>();
        foreach (var (partition, entry) in due)
        {
            var member = (string)entry.Element!;
            try
            {
                if (member.StartsWith(PartEntryPrefix, StringComparison.Ordinal))
                {
                    await SweepPartAsync(partition, member[PartEntryPrefix.Length..], now, cancellationToken);
                    continue;
                }

                var reservation = await FinishAsync(member, "expire", now, cancellationToken);
                expired += reservation.Status == ReservationStatus.Expired ? 1 : 0;
            }
            catch (NotFoundException)
            {
                // The reservation's record outlived its key (it was deleted by hand): drop the stale index entry.
                await _db.SortedSetRemoveAsync(keys.ReservationExpiry(partition), member).WaitAsync(cancellationToken);
            }
            catch (StoredRecordUnreadableException)
            {
                // Set aside in one step, so it is reported once and the reservations due after it are still released.
                var move = _db.CreateTransaction();
                _ = move.SortedSetAddAsync(keys.ReservationsUnreadable(partition), member, entry.Score);
                _ = move.SortedSetRemoveAsync(keys.ReservationExpiry(partition), member);
                await move.ExecuteAsync().WaitAsync(cancellationToken);
                unreadable.Add(member);
            }
        }

        return new ExpirySweep(due.Count, expired, unreadable);
    }

    /// <summary>
    /// A part still held past its reservation's expiry and grace: its coordinator was lost or has not finished it.
    /// Missing coordinator: the part is expired. Finished (or being finished) coordinator: the part is finished the same
    /// way. Coordinator still pending or held: left to it (its own entry, due earlier, finishes every part).
    /// </summary>
    private async Task SweepPartAsync(int partition, string reservationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var part = await _db.HashGetAsync(keys.Hold(partition, reservationId), ["state", "lines"]).WaitAsync(cancellationToken);
        if ((string?)part[0] != "held")
        {
            await _db.SortedSetRemoveAsync(keys.ReservationExpiry(partition), PartEntryPrefix + reservationId).WaitAsync(cancellationToken);
            return;
        }

        var lines = DecodeLines(reservationId, (string?)part[1] ?? "");
        var stored = await ReadReservationAsync(reservationId, cancellationToken);
        if (stored is null)
        {
            await FinishPartAsync(partition, reservationId, lines, "expired", null, [], now, cancellationToken);
            return;
        }

        var final = stored.Reservation.Status switch
        {
            ReservationStatus.Committed => "committed",
            ReservationStatus.Released => "released",
            ReservationStatus.Expired => "expired",
            _ => null,
        };
        if (final is null)
        {
            return;
        }

        var firstPartitionOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in stored.Reservation.Lines)
        {
            firstPartitionOf.TryAdd(line.LocationId, PartitionOf(line.Sku));
        }

        var ships = firstPartitionOf.Where(s => s.Value == partition).Select(s => s.Key).ToList();
        var days = final == "committed" ? DecodeDays(reservationId, stored.Days ?? "") : null;
        await FinishPartAsync(partition, reservationId, lines, final, days, ships, now, cancellationToken);
    }
}
