using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// The whole Redis key scheme. Braces mark Redis Cluster hash tags: everything inside one tag lives in one slot.
/// Stock keys carry the tag of their partition (<c>{p&lt;n&gt;}</c>, see <see cref="StockPartitioner"/>), so one script
/// can change every key of a partition atomically, and with one partition (the default) every stock key shares a slot.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>
    /// Hash: one SKU at every location. One field per location id, its value "onhand:reserved:safety:sequence" (the
    /// sequence of the last absolute update). One HGETALL reads a SKU everywhere; packing a location into one field
    /// made that read 4 times smaller than a field per number.
    /// </summary>
    public RedisKey Stock(int partition, string sku) => $"{prefix}stock:{Tag(partition)}:{sku}";

    /// <summary>Stream per partition: every stock change of its SKUs (fields k kind, s sku, l location, oh, rs, ss, sq, r reason, t ms); read by WatchStock.</summary>
    public RedisKey StockEvents(int partition) => $"{prefix}stock-events:{Tag(partition)}";

    /// <summary>
    /// Hash: a reservation, kept in the partition of its request id (req request id, status, exp expiry ms, lines
    /// "sku|location|qty" each ended by a newline, parts: the partitions holding its lines, comma separated; while
    /// finishing a multi-part one also final and days). Unambiguous because SKUs and location ids are validated to
    /// contain neither '|' nor a newline, and the store refuses to encode one that does.
    /// </summary>
    public RedisKey Reservation(int partition, string reservationId) => $"{prefix}reservation:{Tag(partition)}:{reservationId}";

    /// <summary>
    /// Hash: the part of a multi-part reservation held in one partition (state held|short|committed|released|expired,
    /// lines of the part, short "index=available,..."). A part finished before it was held is a tombstone, so a
    /// delayed hold arriving later holds nothing.
    /// </summary>
    public RedisKey Hold(int partition, string reservationId) => $"{prefix}hold:{Tag(partition)}:{reservationId}";

    /// <summary>
    /// Sorted set per partition scored by expiry in Unix ms: reservation ids kept in it, and "part:ID" for its parts of
    /// multi-part reservations (scored later by a grace period, so the coordinator normally finishes them first).
    /// </summary>
    public RedisKey ReservationExpiry(int partition) => $"{prefix}reservation-expiry:{Tag(partition)}";

    /// <summary>
    /// Sorted set per partition: ids of reservations the sweeper could not read, scored by their expiry in Unix ms. Set
    /// aside so they are reported once and never block the reservations due after them; an operator repairs or deletes them.
    /// </summary>
    public RedisKey ReservationsUnreadable(int partition) => $"{prefix}reservation-unreadable:{Tag(partition)}";

    /// <summary>Hash with a TTL, in the partition of the request id: a Reserve request id's fingerprint (fp), reservation id (rid) and outcome, so a repeat reserves nothing twice.</summary>
    public RedisKey ReserveRequest(int partition, string requestId) => $"{prefix}reserve-request:{Tag(partition)}:{requestId}";

    /// <summary>
    /// Hash with a TTL, in the partition of the adjusted SKU (so the script changing the stock writes it atomically):
    /// an AdjustStock request id's fingerprint (fp) and the level it left (level), so a retry applies once.
    /// </summary>
    public RedisKey AdjustRequest(int partition, string requestId) => $"{prefix}adjust-request:{Tag(partition)}:{requestId}";

    /// <summary>String with a TTL: a SourceOrder request id's fingerprint and answer ("fp|base64"), so a repeat answers the same.</summary>
    public RedisKey SourceOrderRequest(string requestId) => $"{prefix}source-order:{{{requestId}}}";

    /// <summary>Stream: the audit log of administrative changes (fields t ms, s subject, m method, q request, o outcome).</summary>
    public RedisKey Audit => $"{prefix}audit";

    /// <summary>
    /// Hash with a TTL (a few days, refreshed by each commit), per partition: capacity used on one local date by the
    /// lines committed in that partition, fields "location:u" (units committed) and "location:s" (shipments: commits of
    /// a reservation at that location, counted in one partition only). A read sums the partitions. Location ids contain
    /// no ':', so the field names are unambiguous.
    /// </summary>
    public RedisKey CapacityUsed(int partition, DateOnly day) => $"{prefix}capacity:{Tag(partition)}:{day:yyyy-MM-dd}";

    /// <summary>
    /// String with a short TTL: the token of the call working on a SourceOrder request id, so concurrent copies of one
    /// request run one at a time; the TTL frees the id if that call's process dies.
    /// </summary>
    public RedisKey SourceOrderInProgress(string requestId) => $"{prefix}source-order-busy:{{{requestId}}}";

    /// <summary>
    /// Hash with a TTL: a SourceOrder request id's last hold attempt (n number, lines "sku|location|qty" joined by
    /// newlines, ttl seconds), written before the hold so a retry can replay it and release a hold nobody was told of.
    /// </summary>
    public RedisKey SourceOrderHoldAttempt(string requestId) => $"{prefix}source-order-hold:{{{requestId}}}";

    /// <summary>Hash: location id to the location as JSON. The network is small (thousands), read whole or by HMGET.</summary>
    public RedisKey Locations => $"{prefix}locations";

    private static string Tag(int partition) => "{p" + partition + "}";
}
