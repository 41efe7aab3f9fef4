using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Inventory;

/// <summary>Bound from the <c>Inventory</c> section and validated at start-up.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How long a reservation holds stock when the request names no TTL.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DefaultReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the sweeper looks for expired reservations.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most rows one ImportStock call may send; the call is refused as soon as one more arrives.</summary>
    [Range(1, 2_000_000)]
    public int MaxImportRows { get; set; } = 2_000_000;

    /// <summary>
    /// How long the location network is cached in memory between reads from the store. Upserts reach every instance
    /// at once over the replica bus; this only bounds how long an instance that missed such a message stays stale.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LocationCacheTtl { get; set; } = TimeSpan.FromMinutes(1);
}
