using System.Globalization;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// The stock event log: one stream per partition, merged. With one partition a position is that stream's id, as it
/// always was; with more it is the id reached in each stream, joined by ',' in partition order, so resuming from an
/// event's position yields exactly the events not yet seen.
/// </summary>
public sealed partial class RedisStockStore
{
    public async Task<IReadOnlyList<StockEvent>> ReadEventsAsync(string afterPosition, int max, CancellationToken cancellationToken)
    {
        var after = ParsePosition(afterPosition);
        if (after.Length == 1)
        {
            var entries = await _db.StreamReadAsync(keys.StockEvents(0), after[0], max).WaitAsync(cancellationToken);
            return entries.Select(e => ParseEvent(e, e.Id!)).ToList();
        }

        var batch = _db.CreateBatch();
        var reads = after.Select((position, partition) => batch.StreamReadAsync(keys.StockEvents(partition), position, max)).ToArray();
        batch.Execute();
        var streams = await Task.WhenAll(reads).WaitAsync(cancellationToken);

        // Each stream is in order and a SKU lives in one stream, so ordering by time, then partition, then sequence
        // keeps every SKU's order; any prefix of this merge is a prefix of each stream, which is what a position records.
        var merged = streams
            .SelectMany((entries, partition) => entries.Select(entry => (Partition: partition, Entry: entry, Id: StreamId.Parse(entry.Id!))))
            .OrderBy(e => e.Id.Milliseconds).ThenBy(e => e.Partition).ThenBy(e => e.Id.Sequence)
            .Take(max);
        var cursor = (string[])after.Clone();
        var events = new List<StockEvent>(max);
        foreach (var (partition, entry, _) in merged)
        {
            cursor[partition] = entry.Id!;
            events.Add(ParseEvent(entry, string.Join(',', cursor)));
        }

        return events;
    }

    public async Task<string> LatestEventPositionAsync(CancellationToken cancellationToken)
    {
        var batch = _db.CreateBatch();
        var reads = Enumerable.Range(0, _partitioner.Count)
            .Select(partition => batch.StreamRangeAsync(keys.StockEvents(partition), "-", "+", 1, Order.Descending))
            .ToArray();
        batch.Execute();
        var newest = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        return string.Join(',', newest.Select(entries => entries.Length == 0 ? "0" : (string)entries[0].Id!));
    }

    /// <summary>One stream id per partition; "0" alone means the start of every stream.</summary>
    private string[] ParsePosition(string position)
    {
        if (position == "0")
        {
            return Enumerable.Repeat("0", _partitioner.Count).ToArray();
        }

        var ids = position.Split(',');
        if (ids.Length != _partitioner.Count || !ids.All(id => StreamId.TryParse(id, out _)))
        {
            var problems = new ProblemList();
            problems.Add("after_position", _partitioner.Count == 1
                ? "is not a position from a stock event"
                : $"is not a position from a stock event of this store ({_partitioner.Count} stream ids joined by ',')");
            problems.ThrowIfAny();
        }

        return ids;
    }

    /// <summary>A stream id "milliseconds-sequence" (or "milliseconds" alone, meaning sequence 0).</summary>
    private readonly record struct StreamId(long Milliseconds, long Sequence)
    {
        public static StreamId Parse(string id) => TryParse(id, out var parsed) ? parsed : throw new FormatException($"'{id}' is not a stream id.");

        public static bool TryParse(string id, out StreamId parsed)
        {
            parsed = default;
            var dash = id.IndexOf('-', StringComparison.Ordinal);
            var milliseconds = dash < 0 ? id : id[..dash];
            var sequence = dash < 0 ? "0" : id[(dash + 1)..];
            if (!long.TryParse(milliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return false;
            }

            parsed = new StreamId(ms, seq);
            return true;
        }
    }
}
