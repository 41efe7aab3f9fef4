using Sourcing.Orders.Returns;
namespace Sourcing.Orders.Tests.Billing.Capture;

/// <summary>The real order store, except that the next few saves fail as if the database went away mid-way.</summary>
internal sealed class FailingOrderStore(IOrderStore inner) : IOrderStore
{
    public int FailSaves { get; set; }

    public Task SaveAsync(Order order, CancellationToken cancellationToken)
    {
        if (FailSaves > 0)
        {
            FailSaves--;
            throw new OrderStoreUnavailableException("simulated outage", mayHaveApplied: false);
        }

        return inner.SaveAsync(order, cancellationToken);
    }

    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken) => inner.GetAsync(orderId, cancellationToken);
    public Task<(string OrderId, string Fingerprint)?> FindByRequestAsync(string channel, string requestId, CancellationToken cancellationToken) => inner.FindByRequestAsync(channel, requestId, cancellationToken);
    public Task InsertAsync(Order order, string requestId, string fingerprint, CancellationToken cancellationToken) => inner.InsertAsync(order, requestId, fingerprint, cancellationToken);
    public Task<IReadOnlyList<StoredOrderEvent>> GetHistoryAsync(string orderId, CancellationToken cancellationToken) => inner.GetHistoryAsync(orderId, cancellationToken);
    public Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);
    public Task<IReadOnlyList<StoredOrderEvent>> ReadFeedAsync(long afterPosition, int max, FeedFilter filter, CancellationToken cancellationToken) => inner.ReadFeedAsync(afterPosition, max, filter, cancellationToken);
    public Task<long> LatestPositionAsync(CancellationToken cancellationToken) => inner.LatestPositionAsync(cancellationToken);
    public Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken) => inner.WaitForEventsAsync(afterPosition, timeout, cancellationToken);
    public Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset unchangedSince, int max, CancellationToken cancellationToken) => inner.FindUnfinishedAsync(unchangedSince, max, cancellationToken);
    public Task<IReadOnlyList<string>> FindBackorderedAsync(IReadOnlyCollection<string> skus, int max, CancellationToken cancellationToken) => inner.FindBackorderedAsync(skus, max, cancellationToken);
    public Task<IReadOnlyList<string>> FindHoldsExpiringAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) => inner.FindHoldsExpiringAsync(before, max, cancellationToken);
    public Task<ReturnProjection?> FindReturnAsync(string returnIdOrNumber, CancellationToken cancellationToken) => inner.FindReturnAsync(returnIdOrNumber, cancellationToken);

    public Task<ReturnPage> ListReturnsAsync(ReturnQuery query, CancellationToken cancellationToken) => inner.ListReturnsAsync(query, cancellationToken);

    public Task<IReadOnlyList<ReturnProjection>> FindReturnsDueAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) => inner.FindReturnsDueAsync(before, max, cancellationToken);
    public Task<IReadOnlyList<string>> FindByExternalNumberAsync(string externalOrderNumber, int max, CancellationToken cancellationToken) => inner.FindByExternalNumberAsync(externalOrderNumber, max, cancellationToken);
    public Task<CustomerOrderTotals> SummariseCustomersAsync(IReadOnlyCollection<string> customerIds, string currency, CancellationToken cancellationToken) => inner.SummariseCustomersAsync(customerIds, currency, cancellationToken);
    public Task<IReadOnlyList<Order>> ListByCustomersAsync(IReadOnlyCollection<string> customerIds, int max, CancellationToken cancellationToken) => inner.ListByCustomersAsync(customerIds, max, cancellationToken);
    public Task<IReadOnlyList<StoredOrderEvent>> ListCustomerEventsAsync(IReadOnlyCollection<string> customerIds, OrderEventCursor? before, int max, CancellationToken cancellationToken) => inner.ListCustomerEventsAsync(customerIds, before, max, cancellationToken);
    public Task RedactHistoryAsync(string orderId, Func<OrderEvent, OrderEvent> redact, CancellationToken cancellationToken) => inner.RedactHistoryAsync(orderId, redact, cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}
