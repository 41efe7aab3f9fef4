using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sourcing.Service.Errors;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Inventory;

/// <summary>
/// The inventory use cases: checks each request against its rules and against the location network, then lets the
/// store make the change. Field names in errors are the proto's, so a caller can point at the exact input.
/// </summary>
public sealed class StockLedger(IStockStore store, LocationCatalog locations, TimeProvider clock, IOptions<InventoryOptions> options)
{
    public const long MaxQuantity = 1_000_000_000_000;
    public const long MaxSequence = (1L << 53) - 1;
    public const int MaxLinesPerReservation = 500;
    public const int MaxSkusPerRead = 1_000;
    public const int MaxRequestIdLength = 128;

    /// <summary>A stored reservation request id: owner channel, separator, any prefix of the service's own, the caller's id.</summary>
    public const int MaxStoredRequestIdLength = 256;
    public const int MaxReasonLength = 200;
    public const int MaxLocationsPerRead = 1_000;
    public static readonly TimeSpan MaxReservationTtl = TimeSpan.FromDays(7);

    public async Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        problems.Sku("sku", sku);
        problems.LocationId("location_id", locationId);
        problems.InRange("on_hand", onHand, 0, MaxQuantity);
        problems.InRange("sequence", sequence, 1, MaxSequence);
        problems.ThrowIfAny();
        await RequireLocationsAsync([("location_id", locationId)], requireActive: false, cancellationToken);
        return await store.SetStockAsync(sku, locationId, onHand, sequence, clock.GetUtcNow(), cancellationToken);
    }

    public async Task<StockLevel> AdjustStockAsync(string requestId, string sku, string locationId, long delta, string reason, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        problems.Text("request_id", requestId, MaxRequestIdLength);
        problems.Sku("sku", sku);
        problems.LocationId("location_id", locationId);
        if (delta == 0)
        {
            problems.Add("delta", "must not be zero");
        }

        problems.InRange("delta", delta, -MaxQuantity, MaxQuantity);
        problems.Text("reason", reason, MaxReasonLength);

        problems.ThrowIfAny();
        await RequireLocationsAsync([("location_id", locationId)], requireActive: false, cancellationToken);
        var adjustment = new StockAdjustment(requestId, sku, locationId, delta, reason, AdjustmentFingerprint(sku, locationId, delta, reason));
        return await store.AdjustStockAsync(adjustment, clock.GetUtcNow(), cancellationToken);
    }

    public async Task<StockLevel> SetSafetyStockAsync(string sku, string locationId, long safetyStock, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        problems.Sku("sku", sku);
        problems.LocationId("location_id", locationId);
        problems.InRange("safety_stock", safetyStock, 0, MaxQuantity);
        problems.ThrowIfAny();
        await RequireLocationsAsync([("location_id", locationId)], requireActive: false, cancellationToken);
        return await store.SetSafetyStockAsync(sku, locationId, safetyStock, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Validates every row as it arrives; a single bad row rejects the whole import and nothing is written. The rows are
    /// counted while they are read, so an import over the limit is refused as soon as it passes it, not after buffering it all.
    /// </summary>
    public async Task<StockImportResult> ImportAsync(IAsyncEnumerable<StockImportRow> incoming, CancellationToken cancellationToken)
    {
        var maxRows = options.Value.MaxImportRows;
        var problems = new ProblemList();
        var rows = new List<StockImportRow>();
        var firstRowOf = new Dictionary<(string, string), int>();
        await foreach (var row in incoming.WithCancellation(cancellationToken))
        {
            if (rows.Count == maxRows)
            {
                problems.Add("rows", $"more than {maxRows} rows sent; at most {maxRows} in one import");
                problems.ThrowIfAny();
            }

            var i = rows.Count;
            rows.Add(row);
            if (problems.Count >= 100)
            {
                continue;
            }

            problems.Sku($"rows[{i}].sku", row.Sku);
            problems.LocationId($"rows[{i}].location_id", row.LocationId);
            problems.InRange($"rows[{i}].on_hand", row.OnHand, 0, MaxQuantity);
            problems.InRange($"rows[{i}].sequence", row.Sequence, 1, MaxSequence);
            if (row.SafetyStock is { } safety)
            {
                problems.InRange($"rows[{i}].safety_stock", safety, 0, MaxQuantity);
            }

            if (!firstRowOf.TryAdd((row.Sku, row.LocationId), i))
            {
                problems.Add($"rows[{i}]", $"repeats sku '{row.Sku}' at location '{row.LocationId}' of rows[{firstRowOf[(row.Sku, row.LocationId)]}]");
            }
        }

        if (rows.Count == 0)
        {
            problems.Add("rows", "an import needs at least one row");
        }

        problems.ThrowIfAny();
        var network = await locations.GetAllAsync(cancellationToken);
        for (var i = 0; i < rows.Count && problems.Count < 100; i++)
        {
            if (!network.ContainsKey(rows[i].LocationId))
            {
                problems.Add($"rows[{i}].location_id", $"location '{rows[i].LocationId}' does not exist");
            }
        }

        problems.ThrowIfAny();
        return await store.ImportAsync(rows, clock.GetUtcNow(), cancellationToken);
    }

    public async Task<IReadOnlyList<SkuAvailability>> GetAvailabilityAsync(IReadOnlyList<string> skus, IReadOnlyList<string> locationIds, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        if (skus.Count == 0 || skus.Count > MaxSkusPerRead)
        {
            problems.Add("skus", $"name 1 to {MaxSkusPerRead} SKUs, {skus.Count} were given");
        }

        for (var i = 0; i < skus.Count && problems.Count < 100; i++)
        {
            problems.Sku($"skus[{i}]", skus[i]);
        }

        if (locationIds.Count > MaxLocationsPerRead)
        {
            problems.Add("location_ids", $"name at most {MaxLocationsPerRead} locations, {locationIds.Count} were given");
        }

        for (var i = 0; i < locationIds.Count && problems.Count < 100; i++)
        {
            problems.LocationId($"location_ids[{i}]", locationIds[i]);
        }

        problems.ThrowIfAny();
        var network = await locations.GetAllAsync(cancellationToken);
        var stock = await store.GetStockAsync(skus.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var wanted = locationIds.Count == 0 ? null : locationIds.ToHashSet(StringComparer.Ordinal);
        return stock.Select(s => new SkuAvailability(
            s.Sku,
            wanted is null ? s.Locations : s.Locations.Where(l => wanted.Contains(l.LocationId)).ToList(),
            SumPerChannel(s.Locations, network))).ToList();
    }

    /// <param name="requestId">
    /// The stored request id: the caller's (at most <see cref="MaxRequestIdLength"/>, checked at the edge) behind its
    /// owner channel, and for SourceOrder's holds behind a marker of its own, hence the larger bound here.
    /// </param>
    public async Task<Reservation> ReserveAsync(string requestId, IReadOnlyList<ReservationLine> lines, int ttlSeconds, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        problems.Text("request_id", requestId, MaxStoredRequestIdLength);

        if (lines.Count == 0 || lines.Count > MaxLinesPerReservation)
        {
            problems.Add("lines", $"a reservation needs 1 to {MaxLinesPerReservation} lines, {lines.Count} were given");
        }

        problems.InRange("ttl_seconds", ttlSeconds, 0, (long)MaxReservationTtl.TotalSeconds);
        var firstLineOf = new Dictionary<(string, string), int>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            problems.Sku($"lines[{i}].sku", line.Sku);
            problems.LocationId($"lines[{i}].location_id", line.LocationId);
            problems.InRange($"lines[{i}].quantity", line.Quantity, 1, MaxQuantity);
            if (!firstLineOf.TryAdd((line.Sku, line.LocationId), i))
            {
                problems.Add($"lines[{i}]", $"repeats sku '{line.Sku}' at location '{line.LocationId}' of lines[{firstLineOf[(line.Sku, line.LocationId)]}]; put the whole quantity on one line");
            }
        }

        problems.ThrowIfAny();
        await RequireLocationsAsync(lines.Select((l, i) => ($"lines[{i}].location_id", l.LocationId)).ToList(), requireActive: true, cancellationToken);

        var ttl = ttlSeconds == 0 ? options.Value.DefaultReservationTtl : TimeSpan.FromSeconds(ttlSeconds);
        var now = clock.GetUtcNow();
        var command = new ReserveCommand(requestId, lines, now + ttl, Fingerprint(lines, ttlSeconds));
        var outcome = await store.ReserveAsync(command, now, cancellationToken);
        return outcome.Reservation ?? throw new InsufficientStockException(outcome.Shortfalls);
    }

    public async Task<Reservation> CommitAsync(string reservationId, CancellationToken cancellationToken)
    {
        RequireReservationId(reservationId);
        var network = await locations.GetAllAsync(cancellationToken);
        var now = clock.GetUtcNow();
        // Locations are never deleted; should one be missing, its commit counts for the UTC date.
        return await store.CommitAsync(
            reservationId,
            now,
            id => network.TryGetValue(id, out var location) ? CapacityDay.Of(location, now) : DateOnly.FromDateTime(now.UtcDateTime),
            cancellationToken);
    }

    public Task<Reservation> ReleaseAsync(string reservationId, CancellationToken cancellationToken)
    {
        RequireReservationId(reservationId);
        return store.ReleaseAsync(reservationId, clock.GetUtcNow(), cancellationToken);
    }

    public async Task<Reservation> GetReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        RequireReservationId(reservationId);
        return await store.GetReservationAsync(reservationId, cancellationToken)
            ?? throw new NotFoundException("Reservation", reservationId);
    }

    private static List<ChannelAvailability> SumPerChannel(IReadOnlyList<StockLevel> levels, IReadOnlyDictionary<string, Location> network)
    {
        var perChannel = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var level in levels)
        {
            if (!network.TryGetValue(level.LocationId, out var location) || !location.Active)
            {
                continue;
            }

            foreach (var channel in location.Channels)
            {
                perChannel[channel] = perChannel.GetValueOrDefault(channel) + level.Available;
            }
        }

        return perChannel.Select(p => new ChannelAvailability(p.Key, p.Value)).ToList();
    }

    private async Task RequireLocationsAsync(IReadOnlyList<(string Field, string Id)> references, bool requireActive, CancellationToken cancellationToken)
    {
        var network = await locations.GetAllAsync(cancellationToken);
        var problems = new ProblemList();
        foreach (var (field, id) in references)
        {
            if (!network.TryGetValue(id, out var location))
            {
                problems.Add(field, $"location '{id}' does not exist");
            }
            else if (requireActive && !location.Active)
            {
                problems.Add(field, $"location '{id}' is inactive");
            }
        }

        problems.ThrowIfAny();
    }

    private static void RequireReservationId(string reservationId)
    {
        var problems = new ProblemList();
        problems.IssuedId("reservation_id", reservationId, MaxRequestIdLength);
        problems.ThrowIfAny();
    }

    /// <summary>A digest of everything that makes two AdjustStock requests the same request; lengths keep the fields apart.</summary>
    private static string AdjustmentFingerprint(string sku, string locationId, long delta, string reason)
    {
        var canonical = string.Create(CultureInfo.InvariantCulture, $"{sku.Length}:{sku}|{locationId.Length}:{locationId}|{delta}|{reason.Length}:{reason}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>A digest of everything that makes two Reserve requests the same request.</summary>
    private static string Fingerprint(IReadOnlyList<ReservationLine> lines, int ttlSeconds)
    {
        var canonical = new StringBuilder().Append(ttlSeconds.ToString(CultureInfo.InvariantCulture));
        foreach (var line in lines)
        {
            canonical.Append('\n').Append(line.Sku).Append('|').Append(line.LocationId).Append('|').Append(line.Quantity.ToString(CultureInfo.InvariantCulture));
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
