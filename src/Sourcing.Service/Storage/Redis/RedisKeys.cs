using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// The whole Redis key scheme. Braces mark Redis Cluster hash tags: everything inside one tag lives in one slot,
/// so one SKU's stock at every location is a single key that one script can change atomically.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>
    /// Hash: one SKU at every location. One field per location id, its value "onhand:reserved:safety:sequence" (the
    /// sequence of the last absolute update). One HGETALL reads a SKU everywhere; packing a location into one field
    /// made that read 4 times smaller than a field per number.
    /// </summary>
    public RedisKey Stock(string sku) => $"{prefix}stock:{{{sku}}}";

    /// <summary>Stream: every stock change (fields k kind, s sku, l location, oh, rs, ss, sq, r reason, t ms); read by WatchStock.</summary>
    public RedisKey StockEvents => $"{prefix}stock-events";

    /// <summary>Hash: a reservation (req request id, status, exp expiry ms, lines "sku|location|qty" each ended by a newline).
    /// Unambiguous because SKUs and location ids are validated to contain neither '|' nor a newline, and the store
    /// refuses to encode one that does.</summary>
    public RedisKey Reservation(string reservationId) => $"{prefix}reservation:{{{reservationId}}}";

    /// <summary>Sorted set: held reservation ids scored by expiry in Unix ms; the sweeper reads the due ones.</summary>
    public RedisKey ReservationExpiry => $"{prefix}reservation-expiry";

    /// <summary>
    /// Sorted set: ids of reservations the sweeper could not read, scored by their expiry in Unix ms. Set aside so they are
    /// reported once and never block the reservations due after them; an operator repairs or deletes them.
    /// </summary>
    public RedisKey ReservationsUnreadable => $"{prefix}reservation-unreadable";

    /// <summary>Hash with a TTL: a Reserve request id's fingerprint (fp) and outcome, so a repeat reserves nothing twice.</summary>
    public RedisKey ReserveRequest(string requestId) => $"{prefix}reserve-request:{{{requestId}}}";

    /// <summary>Hash with a TTL: an AdjustStock request id's fingerprint (fp) and the level it left (level), so a retry applies once.</summary>
    public RedisKey AdjustRequest(string requestId) => $"{prefix}adjust-request:{{{requestId}}}";

    /// <summary>String with a TTL: a SourceOrder request id's fingerprint and answer ("fp|base64"), so a repeat answers the same.</summary>
    public RedisKey SourceOrderRequest(string requestId) => $"{prefix}source-order:{{{requestId}}}";

    /// <summary>Stream: the audit log of administrative changes (fields t ms, s subject, m method, q request, o outcome).</summary>
    public RedisKey Audit => $"{prefix}audit";

    /// <summary>
    /// Hash with a TTL (a few days, refreshed by each commit): capacity used on one local date, fields "location:u"
    /// (units committed) and "location:s" (shipments: commits of a reservation at that location). Location ids contain no
    /// ':', so the field names are unambiguous.
    /// </summary>
    public RedisKey CapacityUsed(DateOnly day) => $"{prefix}capacity:{day:yyyy-MM-dd}";
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
}
