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

            _requests[(order.Channel, requestId)] = (order.Id, fingerprint);
            _externalNumbers[external] = order.Id;
            appended = Write(order, previousEvents: 0);
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

            appended = Write(order, stored.Events);
        }

        appended.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Under the lock: stores the document, appends its events, and returns the signal to raise once outside.</summary>
    private TaskCompletionSource Write(Order order, int previousEvents)
    {
        var sequence = previousEvents;
        foreach (var change in order.NewEvents)
        {
            _feed.Add(new StoredOrderEvent(_feed.Count + 1, order.Id, order.Channel, ++sequence, change));
        }

        var version = order.Version + 1;
        var document = order.Document;
        _orders[order.Id] = new StoredOrder(
            OrderJson.Serialize(document), version, order.Project(), document.Channel, document.ExternalOrderNumber, document.Currency,
            document.CreatedAt, document.UpdatedAt, sequence);
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

    // Returns index: built by the returns store work; until then nothing is indexed.
    public Task<ReturnProjection?> FindReturnAsync(string returnIdOrNumber, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ReturnPage> ListReturnsAsync(ReturnQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<ReturnProjection>> FindReturnsDueAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
