using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Service.Sourcing;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Sourcing;

/// <summary>
/// The customer fact the rules decide on: segment, VIP and order history from the customer record, money from the
/// receivables; the request's segment only for a customer the directory does not know, its VIP flag never.
/// </summary>
public sealed class CustomerCreditReaderTests
{
    private readonly FakeCustomerCreditFacts _credit = new();
    private readonly InMemoryCustomerStore _customers = new();
    private readonly InMemoryOrderStore _orders = new();
    private readonly CustomerCreditOptions _creditOptions = new() { DefaultCreditLimitMinor = 10_000, CreditLimitMinorBySegment = new() { ["b2b"] = 500_000 } };
    private ICustomerStore _customerStore;

    public CustomerCreditReaderTests() => _customerStore = _customers;

    private CustomerCreditReader Reader => new(
        _credit,
        new CustomerFactsReader(_customerStore, _orders, Options.Create(new CustomerOptions { VipLifetimeValueMinor = new() { ["EUR"] = 100_000 } })),
        Options.Create(_creditOptions));

    private Task SaveCustomerAsync(string id, string segment, bool vip = false) => _customers.SaveAsync(
        [new CustomerChange(new CustomerDocument { CustomerId = id, Status = CustomerStatus.Active, Segment = segment, Vip = vip, ContactVersion = 1 }, 0)],
        CancellationToken.None);

    private async Task OrderAsync(string customerId, int delivered, int returned, long unitPriceMinor = 10_000)
    {
        var id = "O-" + Guid.NewGuid().ToString("N")[..8];
        var states = new Dictionary<LineState, int> { [LineState.Delivered] = delivered, [LineState.Returned] = returned };
        var document = new OrderDocument
        {
            OrderId = id,
            Channel = "web",
            ExternalOrderNumber = "EXT-" + id,
            Customer = new OrderCustomer { Id = customerId },
            Lines = [new OrderLine { LineId = "L1", Sku = "SKU-1", Quantity = delivered + returned, UnitPriceMinor = unitPriceMinor, States = states }],
        };
        await _orders.InsertAsync(Order.Rehydrate(document, 0), "req-" + id, "fp", CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_KnownCustomer_TheRecordsSegmentWinsOverTheRequests()
    {
        await SaveCustomerAsync("C-1", "b2b");

        var fact = await Reader.ReadAsync(new CustomerProfile("C-1", "consumer", IsVip: true), "EUR", CancellationToken.None);

        Assert.Equal(("b2b", false, 500_000L), (fact.Segment, fact.IsVip, fact.CreditLimitMinor));
    }

    [Fact]
    public async Task ReadAsync_CustomerTheDirectoryDoesNotKnow_RequestsSegmentAndNoVip()
    {
        var fact = await Reader.ReadAsync(new CustomerProfile("C-NEW", "b2b", IsVip: true), "EUR", CancellationToken.None);

        Assert.Equal(("C-NEW", "b2b", false, 500_000L, 0), (fact.Id, fact.Segment, fact.IsVip, fact.CreditLimitMinor, fact.OrdersCount));
    }

    [Fact]
    public async Task ReadAsync_CustomerWithOrdersAndReturns_FillsOrderHistoryAndVipByValue()
    {
        await SaveCustomerAsync("C-1", "consumer");
        await OrderAsync("C-1", delivered: 8, returned: 2);
        await OrderAsync("C-1", delivered: 5, returned: 5);
        _credit.Set("C-1", new CustomerCreditFacts(4_900, 0, 0, null, InvoicesPaid: 2, InvoicesPaidLate: 0, 0));

        var fact = await Reader.ReadAsync(new CustomerProfile("C-1", "consumer", IsVip: false), "EUR", CancellationToken.None);

        // Shipped 20 units for 200,000, 7 came back for 70,000: 130,000 is past the 100,000 VIP threshold.
        Assert.Equal((2, 130_000L, 3_500, true), (fact.OrdersCount, fact.LifetimeValueMinor, fact.ReturnRateBasisPoints, fact.IsVip));
        Assert.Equal((4_900L, 2), (fact.OpenBalanceMinor, fact.InvoicesPaid));
    }

    [Fact]
    public async Task ReadAsync_AgentMadeTheCustomerVip_VipWhateverTheRequestSays()
    {
        await SaveCustomerAsync("C-1", "", vip: true);

        var fact = await Reader.ReadAsync(new CustomerProfile("C-1", "consumer", IsVip: false), "EUR", CancellationToken.None);

        Assert.Equal(("", true, 10_000L), (fact.Segment, fact.IsVip, fact.CreditLimitMinor));
    }

    [Fact]
    public async Task ReadAsync_CustomerStoreUnavailable_AnsweredAsStoreUnavailableNothingChanged()
    {
        _customerStore = new UnavailableCustomerStore();

        var refused = await Assert.ThrowsAsync<OrderStoreUnavailableException>(() =>
            Reader.ReadAsync(new CustomerProfile("C-1", "consumer", false), "EUR", CancellationToken.None));

        Assert.False(refused.MayHaveApplied);
        Assert.IsType<CustomerStoreUnavailableException>(refused.InnerException);
    }

    [Fact]
    public async Task ReadAsync_NoCustomerId_ReadsNothingAndTakesTheRequestsSegment()
    {
        _customerStore = new UnavailableCustomerStore();

        var fact = await Reader.ReadAsync(new CustomerProfile("", "b2b", IsVip: true), "EUR", CancellationToken.None);

        Assert.Equal(("b2b", false), (fact.Segment, fact.IsVip));
        Assert.Empty(_credit.Asked);
    }

    /// <summary>A customer store whose database does not answer.</summary>
    private sealed class UnavailableCustomerStore : ICustomerStore
    {
        private static Exception Down => new CustomerStoreUnavailableException("The customer database did not answer.", mayHaveApplied: false);

        public Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken) => throw Down;
        public Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken) => throw Down;
        public Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken) => throw Down;
        public Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken) => throw Down;
        public Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken) => throw Down;
        public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
