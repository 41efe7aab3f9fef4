using Sourcing.Orders.Returns;
namespace Sourcing.Orders.Storage.InMemory;

/// <summary>
/// Orders in process memory, for the embedded default (nothing installed). Documents are kept serialized, like in
/// PostgreSQL, so a caller never shares an object with the store. One lock: every change is atomic and the feed's
/// positions are handed out in commit order.
/// </summary>
public sealed class InMemoryOrderStore : IOrderStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Channel, string RequestId), (string OrderId, string Fingerprint)> _requests = [];
    private readonly Dictionary<(string Channel, string External), string> _externalNumbers = [];
    private readonly List<StoredOrderEvent> _feed = [];
    private readonly Dictionary<string, ReturnProjection> _returns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _returnNumbers = new(StringComparer.OrdinalIgnoreCase);
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The document as stored, and beside it what listing and finding read, so they never parse documents.</summary>
    private sealed record StoredOrder(
        string Json, long Version, OrderProjection Projection, string Channel, string ExternalOrderNumber, string Currency,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Events);

    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_orders.TryGetValue(orderId, out var stored)
                ? Order.Rehydrate(OrderJson.Deserialize(stored.Json), stored.Version)
                : null);
        }
    }

    public Task<(string OrderId, string Fingerprint)?> FindByRequestAsync(string channel, string requestId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_requests.TryGetValue((channel, requestId), out var found) ? found : ((string, string)?)null);
        }
    }

    public Task InsertAsync(Order order, string requestId, string fingerprint, CancellationToken cancellationToken)
    {
        TaskCompletionSource appended;
        lock (_gate)
        {
            if (_requests.ContainsKey((order.Channel, requestId)))
            {
                throw new OrderRequestConflictException(requestId);
            }

            var external = (order.Channel, order.Document.ExternalOrderNumber);
            if (_externalNumbers.TryGetValue(external, out var existing))
            {
                throw new OrderAlreadyExistsException(order.Channel, order.Document.ExternalOrderNumber, existing);
            }

            if (_orders.ContainsKey(order.Id))
            {
                throw new OrderAlreadyExistsException(order.Channel, order.Document.ExternalOrderNumber, order.Id);
            }

            var projection = order.Project();
            EnsureReturnNumbersFree(projection.Returns);
            _requests[(order.Channel, requestId)] = (order.Id, fingerprint);
            _externalNumbers[external] = order.Id;
            appended = Write(order, projection, previousEvents: 0);
        }

        appended.TrySetResult();
        return Task.CompletedTask;
    }

    public Task SaveAsync(Order order, CancellationToken cancellationToken)
    {
        TaskCompletionSource appended;
        lock (_gate)
        {
            if (!_orders.TryGetValue(order.Id, out var stored) || stored.Version != order.Version)
            {
                throw new OrderConcurrencyException(order.Id, order.Version);
            }

            var projection = order.Project();
            EnsureReturnNumbersFree(projection.Returns);
            appended = Write(order, projection, stored.Events);
        }

        appended.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Under the lock: stores the document, appends its events, and returns the signal to raise once outside.</summary>
    private TaskCompletionSource Write(Order order, OrderProjection projection, int previousEvents)
    {
        var sequence = previousEvents;
        foreach (var change in order.NewEvents)
        {
            _feed.Add(new StoredOrderEvent(_feed.Count + 1, order.Id, order.Channel, ++sequence, change));
        }

        var version = order.Version + 1;
        var document = order.Document;
        _orders[order.Id] = new StoredOrder(
            OrderJson.Serialize(document), version, projection, document.Channel, document.ExternalOrderNumber, document.Currency,
            document.CreatedAt, document.UpdatedAt, sequence);
        IndexReturns(projection.Returns);
        order.MarkSaved(version);
        var appended = _appended;
        _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return appended;
    }

    public Task<IReadOnlyList<StoredOrderEvent>> GetHistoryAsync(string orderId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredOrderEvent>>(_feed.Where(e => e.OrderId == orderId).ToList());
        }
    }

    public Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var matching = _orders
                .Where(o => query.Channel is null || o.Value.Channel == query.Channel)
                .Where(o => query.CustomerId is null || o.Value.Projection.CustomerId == query.CustomerId)
                .Where(o => query.Status is null || o.Value.Projection.Status == query.Status)
                .Where(o => query.CreatedFrom is null || o.Value.CreatedAt >= query.CreatedFrom)
                .Where(o => query.CreatedTo is null || o.Value.CreatedAt < query.CreatedTo)
                .Where(o => query.After is null || o.Value.CreatedAt < query.After.CreatedAt ||
                            (o.Value.CreatedAt == query.After.CreatedAt && string.CompareOrdinal(o.Key, query.After.OrderId) < 0))
                .OrderByDescending(o => o.Value.CreatedAt)
                .ThenByDescending(o => o.Key, StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .Select(o => Summary(o.Key, o.Value))
                .ToList();
            var next = matching.Count > query.PageSize ? new OrderPageToken(matching[query.PageSize - 1].CreatedAt, matching[query.PageSize - 1].OrderId) : null;
            return Task.FromResult(new OrderPage(matching.Take(query.PageSize).ToList(), next));
        }
    }

    private static OrderSummary Summary(string orderId, StoredOrder stored) =>
        new(orderId, stored.Channel, stored.ExternalOrderNumber, stored.Projection.CustomerId, stored.Projection.Status,
            stored.CreatedAt, stored.Projection.TotalMinor, stored.Currency, stored.Version);

    public Task<IReadOnlyList<StoredOrderEvent>> ReadFeedAsync(long afterPosition, int max, FeedFilter filter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var start = (int)Math.Clamp(afterPosition, 0, _feed.Count);
            return Task.FromResult<IReadOnlyList<StoredOrderEvent>>(_feed.Skip(start).Where(filter.Matches).Take(max).ToList());
        }
    }

    public Task<long> LatestPositionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_feed.Count);
        }
    }

    public async Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task appended;
        lock (_gate)
        {
            if (_feed.Count > afterPosition)
            {
                return;
            }

            appended = _appended.Task;
        }

        await Task.WhenAny(appended, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    public Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset unchangedSince, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_orders
                .Where(o => o.Value.Projection.Unfinished && o.Value.UpdatedAt <= unchangedSince)
                .OrderBy(o => o.Value.UpdatedAt).Take(max).Select(o => o.Key).ToList());
        }
    }

    public Task<IReadOnlyList<string>> FindBackorderedAsync(IReadOnlyCollection<string> skus, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_orders
                .Where(o => o.Value.Projection.BackorderedSkus.Any(skus.Contains))
                .OrderBy(o => o.Value.CreatedAt).ThenBy(o => o.Key, StringComparer.Ordinal).Take(max).Select(o => o.Key).ToList());
        }
    }

    public Task<IReadOnlyList<string>> FindHoldsExpiringAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_orders
                .Where(o => o.Value.Projection.EarliestHoldExpiry is { } expiry && expiry < before)
                .OrderBy(o => o.Value.Projection.EarliestHoldExpiry).Take(max).Select(o => o.Key).ToList());
        }
    }

    /// <summary>
    /// Under the lock, before anything is written: a number held by another return (in another order or twice in this
    /// one) refuses the whole save, so the service can retry with a fresh number and nothing half-saved remains.
    /// </summary>
    private void EnsureReturnNumbersFree(IReadOnlyList<ReturnProjection> returns)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rma in returns)
        {
            if ((_returnNumbers.TryGetValue(rma.Number, out var holder) && holder != rma.ReturnId) ||
                (seen.TryGetValue(rma.Number, out var sibling) && sibling != rma.ReturnId))
            {
                throw ReturnNumbers.Taken(rma.Number);
            }

            seen[rma.Number] = rma.ReturnId;
        }
    }

    /// <summary>Under the lock: the order's returns replace what was indexed for them (a document never drops a return).</summary>
    private void IndexReturns(IReadOnlyList<ReturnProjection> returns)
    {
        foreach (var rma in returns)
        {
            if (_returns.TryGetValue(rma.ReturnId, out var previous) && !string.Equals(previous.Number, rma.Number, StringComparison.OrdinalIgnoreCase))
            {
                _returnNumbers.Remove(previous.Number);
            }

            _returns[rma.ReturnId] = rma;
            _returnNumbers[rma.Number] = rma.ReturnId;
        }
    }

    public Task<ReturnProjection?> FindReturnAsync(string returnIdOrNumber, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_returns.TryGetValue(returnIdOrNumber, out var byId))
            {
                return Task.FromResult<ReturnProjection?>(byId);
            }

            return Task.FromResult(_returnNumbers.TryGetValue(returnIdOrNumber, out var returnId) ? _returns[returnId] : null);
        }
    }

    public Task<ReturnPage> ListReturnsAsync(ReturnQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var matching = _returns.Values
                .Where(r => query.OrderId is null || r.OrderId == query.OrderId)
                .Where(r => query.CustomerId is null || r.CustomerId == query.CustomerId)
                .Where(r => query.Channels is null || query.Channels.Count == 0 || query.Channels.Contains(r.Channel))
                .Where(r => query.LocationId is null || r.DestinationLocationId == query.LocationId)
                .Where(r => query.Status is null || r.Status == query.Status)
                .Where(r => query.After is null || r.CreatedAt < query.After.CreatedAt ||
                            (r.CreatedAt == query.After.CreatedAt && string.CompareOrdinal(r.ReturnId, query.After.ReturnId) < 0))
                .OrderByDescending(r => r.CreatedAt)
                .ThenByDescending(r => r.ReturnId, StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .ToList();
            var next = matching.Count > query.PageSize ? new ReturnPageToken(matching[query.PageSize - 1].CreatedAt, matching[query.PageSize - 1].ReturnId) : null;
            return Task.FromResult(new ReturnPage(matching.Take(query.PageSize).ToList(), next));
        }
    }

    public Task<IReadOnlyList<ReturnProjection>> FindReturnsDueAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ReturnProjection>>(_returns.Values
                .Where(r => r.DueAt is { } due && due < before && IsOpen(r.Status))
                .OrderBy(r => r.DueAt).ThenBy(r => r.ReturnId, StringComparer.Ordinal).Take(max).ToList());
        }
    }

    private static bool IsOpen(ReturnStatus status) => status is not (ReturnStatus.Closed or ReturnStatus.Cancelled or ReturnStatus.Expired);

    // ---- Customers ------------------------------------------------------------------------------------------------

    public Task<CustomerOrderTotals> SummariseCustomersAsync(IReadOnlyCollection<string> customerIds, string currency, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var orders = 0;
            var unitsShipped = 0;
            var unitsReturned = 0;
            long shippedValue = 0;
            long returnedValue = 0;
            foreach (var stored in OrdersOf(customerIds))
            {
                orders++;
                if (stored.Currency != currency)
                {
                    // Units and values only add up within one currency; the order still counts as an order.
                    continue;
                }

                unitsShipped += stored.Projection.UnitsShipped;
                unitsReturned += stored.Projection.UnitsReturned;
                shippedValue += stored.Projection.ShippedValueMinor;
                returnedValue += stored.Projection.ReturnedValueMinor;
            }

            return Task.FromResult(new CustomerOrderTotals(orders, unitsShipped, unitsReturned, shippedValue, returnedValue));
        }
    }

    public Task<IReadOnlyList<string>> FindByExternalNumberAsync(string externalOrderNumber, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_externalNumbers
                .Where(e => string.Equals(e.Key.External, externalOrderNumber, StringComparison.OrdinalIgnoreCase))
                .Select(e => e.Value)
                .Order(StringComparer.Ordinal)
                .Take(max)
                .ToList());
        }
    }

    public Task<IReadOnlyList<Order>> ListByCustomersAsync(IReadOnlyCollection<string> customerIds, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ids = customerIds.ToHashSet(StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<Order>>(_orders
                .Where(o => ids.Contains(o.Value.Projection.CustomerId))
                .OrderByDescending(o => o.Value.CreatedAt)
                .ThenByDescending(o => o.Key, StringComparer.Ordinal)
                .Take(max)
                .Select(o => Order.Rehydrate(OrderJson.Deserialize(o.Value.Json), o.Value.Version))
                .ToList());
        }
    }

    public Task<IReadOnlyList<StoredOrderEvent>> ListCustomerEventsAsync(
        IReadOnlyCollection<string> customerIds, OrderEventCursor? before, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ids = customerIds.ToHashSet(StringComparer.Ordinal);
            var orderIds = _orders.Where(o => ids.Contains(o.Value.Projection.CustomerId)).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<StoredOrderEvent>>(_feed
                .Where(e => orderIds.Contains(e.OrderId))
                .Where(e => before is null || IsBefore(e, before))
                .OrderByDescending(e => e.Event.OccurredAt)
                .ThenByDescending(e => e.OrderId, StringComparer.Ordinal)
                .ThenByDescending(e => e.Sequence)
                .Take(max)
                .ToList());
        }
    }

    /// <summary>Whether the event comes after the cursor in newest-first order: (time, order id, sequence) below it.</summary>
    private static bool IsBefore(StoredOrderEvent stored, OrderEventCursor cursor)
    {
        var byTime = stored.Event.OccurredAt.CompareTo(cursor.OccurredAt);
        if (byTime != 0)
        {
            return byTime < 0;
        }

        var byOrder = string.CompareOrdinal(stored.OrderId, cursor.OrderId);
        return byOrder != 0 ? byOrder < 0 : stored.Sequence < cursor.Sequence;
    }

    public Task RedactHistoryAsync(string orderId, Func<OrderEvent, OrderEvent> redact, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Compute every rewrite first: a redaction that throws leaves the history as it was.
            var rewritten = new List<(int Index, StoredOrderEvent Event)>();
            for (var i = 0; i < _feed.Count; i++)
            {
                var stored = _feed[i];
                if (stored.OrderId == orderId)
                {
                    rewritten.Add((i, stored with { Event = HistoryRedaction.Apply(stored.Event, redact) }));
                }
            }

            foreach (var (index, stored) in rewritten)
            {
                _feed[index] = stored;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Under the lock: the stored orders whose customer is one of these ids.</summary>
    private IEnumerable<StoredOrder> OrdersOf(IReadOnlyCollection<string> customerIds)
    {
        var ids = customerIds.ToHashSet(StringComparer.Ordinal);
        return _orders.Values.Where(o => ids.Contains(o.Projection.CustomerId));
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
