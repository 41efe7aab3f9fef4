using Sourcing.Orders.Returns;

namespace Sourcing.Orders;

/// <summary>
/// Where orders live: PostgreSQL in production, memory in the embedded default; both pass one contract suite.
/// Saving an order checks its version (optimistic concurrency) and appends its new events to the order's history and
/// the event feed in the same transaction.
/// </summary>
public interface IOrderStore
{
    Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>The order a channel's request id created, with the fingerprint of that request; null when unused.</summary>
    Task<(string OrderId, string Fingerprint)?> FindByRequestAsync(string channel, string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new order with its events and its request id. Throws <see cref="OrderRequestConflictException"/> when
    /// the request id is taken (by a concurrent copy: read it with <see cref="FindByRequestAsync"/>) and
    /// <see cref="OrderAlreadyExistsException"/> when the channel's external order number is.
    /// </summary>
    Task InsertAsync(Order order, string requestId, string fingerprint, CancellationToken cancellationToken);

    /// <summary>Saves a changed order if nobody saved it since it was read; otherwise <see cref="OrderConcurrencyException"/>.</summary>
    Task SaveAsync(Order order, CancellationToken cancellationToken);

    /// <summary>
    /// The order's events, oldest first. An event's feed position may be 0 here until the feed has placed it (the
    /// PostgreSQL store places events when the feed is read; see <see cref="ReadFeedAsync"/>).
    /// </summary>
    Task<IReadOnlyList<StoredOrderEvent>> GetHistoryAsync(string orderId, CancellationToken cancellationToken);

    Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events of the feed after <paramref name="afterPosition"/>, in position order. A
    /// position is only handed out once every smaller one is visible, so a reader that resumes never skips an event.
    /// </summary>
    Task<IReadOnlyList<StoredOrderEvent>> ReadFeedAsync(long afterPosition, int max, FeedFilter filter, CancellationToken cancellationToken);

    /// <summary>The newest position of the feed (0 when empty).</summary>
    Task<long> LatestPositionAsync(CancellationToken cancellationToken);

    /// <summary>Completes when an event after <paramref name="afterPosition"/> may exist, or after <paramref name="timeout"/>.</summary>
    Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Orders with work left between steps (a sourcing attempt or stock change not confirmed, open units not sourced)
    /// since before <paramref name="unchangedSince"/>, oldest first.
    /// </summary>
    Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset unchangedSince, int max, CancellationToken cancellationToken);

    /// <summary>Orders with backordered units of any of the SKUs, oldest order first.</summary>
    Task<IReadOnlyList<string>> FindBackorderedAsync(IReadOnlyCollection<string> skus, int max, CancellationToken cancellationToken);

    /// <summary>Orders holding stock whose hold expires before <paramref name="before"/>, soonest first.</summary>
    Task<IReadOnlyList<string>> FindHoldsExpiringAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);

    // ---- Returns: an index kept beside each order from OrderProjection.Returns, written in the order's transaction ----

    /// <summary>
    /// The return with this id ("rma_…") or number ("RMA-…", case-insensitive), or null. A save that would give two
    /// returns the same number throws <see cref="OrderStateException"/> with code RETURN_NUMBER_TAKEN and saves nothing.
    /// </summary>
    Task<ReturnProjection?> FindReturnAsync(string returnIdOrNumber, CancellationToken cancellationToken);

    /// <summary>Returns matching the query, newest first (creation time, then id).</summary>
    Task<ReturnPage> ListReturnsAsync(ReturnQuery query, CancellationToken cancellationToken);

    /// <summary>Open returns whose <see cref="ReturnProjection.DueAt"/> is before <paramref name="before"/>, soonest first.</summary>
    Task<IReadOnlyList<ReturnProjection>> FindReturnsDueAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);

    // ---- Customers: what the customer overview, facts and erasure read and rewrite ---------------------------------

    /// <summary>
    /// Totals of every order of these customers (from the projection's columns, no documents read): orders in any
    /// currency, units and values shipped and returned in <paramref name="currency"/>.
    /// </summary>
    Task<CustomerOrderTotals> SummariseCustomersAsync(IReadOnlyCollection<string> customerIds, string currency, CancellationToken cancellationToken);

    /// <summary>The ids of orders of any channel whose external order number is this one, compared without case (agent search).</summary>
    Task<IReadOnlyList<string>> FindByExternalNumberAsync(string externalOrderNumber, int max, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> orders of these customers, newest first (creation time, then id), whole.</summary>
    Task<IReadOnlyList<Order>> ListByCustomersAsync(IReadOnlyCollection<string> customerIds, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events of the orders of these customers, newest first (occurrence time, then order
    /// id, then sequence, all descending), strictly before <paramref name="before"/> when given.
    /// </summary>
    Task<IReadOnlyList<StoredOrderEvent>> ListCustomerEventsAsync(
        IReadOnlyCollection<string> customerIds, OrderEventCursor? before, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Rewrites the stored history of an order (each event passed through <paramref name="redact"/>; position, sequence,
    /// type and time unchanged) so erased personal data is not replayed by the feed or shown in the history.
    /// </summary>
    Task RedactHistoryAsync(string orderId, Func<OrderEvent, OrderEvent> redact, CancellationToken cancellationToken);

    /// <summary>Whether the store answers (for health checks).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>Where a page of a customer's order events ended (see <see cref="IOrderStore.ListCustomerEventsAsync"/>).</summary>
public sealed record OrderEventCursor(DateTimeOffset OccurredAt, string OrderId, int Sequence);

/// <summary>What a customer's orders add up to (see <see cref="OrderProjection"/>): the base of the rule facts.</summary>
/// <param name="Orders">Orders in any currency, cancelled ones included.</param>
public sealed record CustomerOrderTotals(int Orders, int UnitsShipped, int UnitsReturned, long ShippedValueMinor, long ReturnedValueMinor)
{
    public static readonly CustomerOrderTotals None = new(0, 0, 0, 0, 0);
}

/// <summary>Filters of ListOrders; null means any. Dates compare with the order's creation time.</summary>
public sealed record OrderQuery(
    string? Channel,
    string? CustomerId,
    OrderStatus? Status,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    int PageSize,
    OrderPageToken? After);

/// <summary>Where the previous page ended: orders are listed newest first, by creation time then id.</summary>
public sealed record OrderPageToken(DateTimeOffset CreatedAt, string OrderId);

public sealed record OrderSummary(string OrderId, string Channel, string ExternalOrderNumber, string CustomerId, OrderStatus Status, DateTimeOffset CreatedAt, long TotalMinor, string Currency, long Version);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Orders, OrderPageToken? Next);

/// <summary>Which feed events a watcher wants: null or empty means all.</summary>
public sealed record FeedFilter(IReadOnlySet<string>? Channels, IReadOnlySet<string>? EventTypes)
{
    public static readonly FeedFilter All = new(null, null);

    public bool Matches(StoredOrderEvent stored) =>
        (Channels is null || Channels.Count == 0 || Channels.Contains(stored.Channel)) &&
        (EventTypes is null || EventTypes.Count == 0 || EventTypes.Contains(stored.Event.Type));
}
