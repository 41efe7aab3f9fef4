using Sourcing.Orders.Returns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Orders;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Service.Inventory;
using Sourcing.Service.Orders.Background;
using Sourcing.Service.Storage.InMemory;

namespace Sourcing.Service.Tests.Orders.Background;

/// <summary>The in-memory order and stock stores, a fake clock, and a lifecycle over them, for the background workers.</summary>
internal sealed class OrderWorkHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(T0);

    public OutageOrderStore Orders { get; } = new(new InMemoryOrderStore());

    public InMemoryStockStore Stock { get; } = new();

    public OrderLifecycle Lifecycle { get; }

    public OrderBackgroundOptions Options { get; } = new();

    public OrderWorkHarness() =>
        Lifecycle = new OrderLifecycle(Orders, new StockStoreSourcing(Stock, Clock), Clock, NoOrderFaults.Instance, NullLogger<OrderLifecycle>.Instance);

    public OrderReconcilerWorker NewReconcilerWorker() =>
        new(new OrderReconciler(Orders, Lifecycle, Clock), Clock, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<OrderReconcilerWorker>.Instance);

    public BackorderResourcer NewBackorderResourcer() =>
        new(Stock, Lifecycle, Clock, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<BackorderResourcer>.Instance);

    public static OrderDocument Document(string orderId, string sku, int quantity) => new()
    {
        OrderId = orderId,
        Channel = "web",
        ExternalOrderNumber = "EXT-" + orderId,
        Customer = new OrderCustomer { Id = "C-1" },
        Lines = [new OrderLine { LineId = "L1", Sku = sku, Quantity = quantity, UnitPriceMinor = 1000 }],
    };

    public Task<Order> CreateAsync(string orderId, string sku, int quantity) =>
        Lifecycle.CreateAsync(new CreateOrderCommand("req-" + orderId, "fp-" + orderId, Document(orderId, sku, quantity)), "web-shop", CancellationToken.None);

    public async Task<Order> GetAsync(string orderId) =>
        await Orders.GetAsync(orderId, CancellationToken.None) ?? throw new OrderNotFoundException(orderId);

    public Task<StockLevel> AdjustAsync(string sku, string locationId, long delta) =>
        Stock.AdjustStockAsync(new StockAdjustment(Guid.NewGuid().ToString("N"), sku, locationId, delta, "delivery", Guid.NewGuid().ToString("N")), Clock.GetUtcNow(), CancellationToken.None);

    /// <summary>
    /// Waits for a worker running on its own thread to reach a state. The fake clock decides when it works; this only
    /// gives the thread time to finish, and fails after 10 s of real time.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);
}

/// <summary>The in-memory order store, with an outage switch: while down, every call fails as PostgreSQL's would.</summary>
internal sealed class OutageOrderStore(IOrderStore inner) : IOrderStore
{
    public volatile bool Down;

    private T Up<T>(T value) => Down ? throw new OrderStoreUnavailableException("The order store is down (simulated).", mayHaveApplied: false) : value;

    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken) => Up(inner).GetAsync(orderId, cancellationToken);

    public Task<(string OrderId, string Fingerprint)?> FindByRequestAsync(string channel, string requestId, CancellationToken cancellationToken) => Up(inner).FindByRequestAsync(channel, requestId, cancellationToken);

    public Task InsertAsync(Order order, string requestId, string fingerprint, CancellationToken cancellationToken) => Up(inner).InsertAsync(order, requestId, fingerprint, cancellationToken);

    public Task SaveAsync(Order order, CancellationToken cancellationToken) => Up(inner).SaveAsync(order, cancellationToken);

    public Task<IReadOnlyList<StoredOrderEvent>> GetHistoryAsync(string orderId, CancellationToken cancellationToken) => Up(inner).GetHistoryAsync(orderId, cancellationToken);

    public Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken) => Up(inner).ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<StoredOrderEvent>> ReadFeedAsync(long afterPosition, int max, FeedFilter filter, CancellationToken cancellationToken) => Up(inner).ReadFeedAsync(afterPosition, max, filter, cancellationToken);

    public Task<long> LatestPositionAsync(CancellationToken cancellationToken) => Up(inner).LatestPositionAsync(cancellationToken);

    public Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken) => Up(inner).WaitForEventsAsync(afterPosition, timeout, cancellationToken);

    public Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset unchangedSince, int max, CancellationToken cancellationToken) => Up(inner).FindUnfinishedAsync(unchangedSince, max, cancellationToken);

    public Task<IReadOnlyList<string>> FindBackorderedAsync(IReadOnlyCollection<string> skus, int max, CancellationToken cancellationToken) => Up(inner).FindBackorderedAsync(skus, max, cancellationToken);

    public Task<IReadOnlyList<string>> FindHoldsExpiringAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) => Up(inner).FindHoldsExpiringAsync(before, max, cancellationToken);

    public Task<ReturnProjection?> FindReturnAsync(string returnIdOrNumber, CancellationToken cancellationToken) => inner.FindReturnAsync(returnIdOrNumber, cancellationToken);

    public Task<ReturnPage> ListReturnsAsync(ReturnQuery query, CancellationToken cancellationToken) => inner.ListReturnsAsync(query, cancellationToken);

    public Task<IReadOnlyList<ReturnProjection>> FindReturnsDueAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) => inner.FindReturnsDueAsync(before, max, cancellationToken);
    public Task<IReadOnlyList<string>> FindByExternalNumberAsync(string externalOrderNumber, int max, CancellationToken cancellationToken) => inner.FindByExternalNumberAsync(externalOrderNumber, max, cancellationToken);
    public Task<CustomerOrderTotals> SummariseCustomersAsync(IReadOnlyCollection<string> customerIds, string currency, CancellationToken cancellationToken) => inner.SummariseCustomersAsync(customerIds, currency, cancellationToken);
    public Task<IReadOnlyList<Order>> ListByCustomersAsync(IReadOnlyCollection<string> customerIds, int max, CancellationToken cancellationToken) => inner.ListByCustomersAsync(customerIds, max, cancellationToken);
    public Task<IReadOnlyList<StoredOrderEvent>> ListCustomerEventsAsync(IReadOnlyCollection<string> customerIds, OrderEventCursor? before, int max, CancellationToken cancellationToken) => inner.ListCustomerEventsAsync(customerIds, before, max, cancellationToken);
    public Task RedactHistoryAsync(string orderId, Func<OrderEvent, OrderEvent> redact, CancellationToken cancellationToken) => inner.RedactHistoryAsync(orderId, redact, cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(!Down);
}
