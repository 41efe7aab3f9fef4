using Microsoft.Extensions.Options;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage.InMemory;
using static Sourcing.Orders.Tests.Customers.Directory.DirectoryWorld;

namespace Sourcing.Orders.Tests.Customers.Directory;

public sealed class CustomerFactsReaderTests
{
    private readonly DirectoryWorld _world = new(new CustomerOptions { VipLifetimeValueMinor = new() { ["EUR"] = 40_000 } });
    private readonly InMemoryOrderStore _orders = new();
    private int _orderNumber;

    private CustomerFactsReader Reader => new(_world.Customers, _orders, Options.Create(_world.Options));

    private Task<CustomerFacts> ReadAsync(string customerId, string currency = "EUR") => Reader.ReadAsync(customerId, currency, CancellationToken.None);

    /// <summary>A stored order of one line whose units stand as given (delivered and returned).</summary>
    private async Task OrderAsync(string customerId, long unitPriceMinor, int delivered, int returned, string currency = "EUR")
    {
        var id = $"O-{++_orderNumber}";
        var states = new Dictionary<LineState, int> { [LineState.Delivered] = delivered };
        if (returned > 0)
        {
            states[LineState.Returned] = returned;
        }

        var document = new OrderDocument
        {
            OrderId = id,
            Channel = "web",
            ExternalOrderNumber = "EXT-" + id,
            Currency = currency,
            Customer = new OrderCustomer { Id = customerId },
            CreatedAt = T0,
            Lines = [new OrderLine { LineId = "L1", Sku = "SKU-1", Quantity = delivered + returned, UnitPriceMinor = unitPriceMinor, States = states }],
        };
        await _orders.InsertAsync(Order.Rehydrate(document, 0), "req-" + id, "fp", CancellationToken.None);
    }

    private async Task CustomerAsync(string customerId) =>
        await _world.Directory.ResolveAsync(Order(customerId), null, "order-intake", CancellationToken.None);

    [Fact]
    public async Task ReadAsync_IdTheDirectoryNeverSaw_Unknown()
    {
        await OrderAsync("ghost", 10_000, delivered: 9, returned: 0);

        Assert.Equal(CustomerFacts.Unknown("ghost"), await ReadAsync("ghost"));
    }

    [Fact]
    public async Task ReadAsync_MergedCustomer_CountsTheOrdersOfSurvivorAndMergedTowardsVip()
    {
        await CustomerAsync("cust-1");
        await CustomerAsync("cust-2");
        await OrderAsync("cust-1", 10_000, delivered: 3, returned: 1);
        await OrderAsync("cust-2", 5_000, delivered: 2, returned: 0);
        await OrderAsync("cust-2", 7_000, delivered: 1, returned: 0, currency: "USD");
        await _world.Directory.MergeAsync(new MergeCustomersCommand("cust-1", "cust-2", "same person"), Agent, CancellationToken.None);

        var facts = await ReadAsync("cust-2");

        // cust-1 alone is worth 30,000 (below the 40,000 threshold); with cust-2's delivered units it is VIP.
        Assert.Equal(new CustomerFacts("cust-1", true, "consumer", true, OrdersCount: 3, LifetimeValueMinor: 40_000, ReturnRateBasisPoints: 1_666, UnitsShipped: 6, UnitsReturned: 1), facts);
    }

    [Fact]
    public async Task ReadAsync_LifetimeValueAtTheCurrencysThreshold_Vip()
    {
        await CustomerAsync("cust-1");
        await OrderAsync("cust-1", 10_000, delivered: 4, returned: 0);
        await OrderAsync("cust-1", 10_000, delivered: 4, returned: 0, currency: "USD");

        Assert.True((await ReadAsync("cust-1")).Vip);
        Assert.False((await ReadAsync("cust-1", "USD")).Vip);
    }

    [Fact]
    public async Task ReadAsync_ReturnsBringTheValueBelowTheThreshold_NotVip()
    {
        await CustomerAsync("cust-1");
        await OrderAsync("cust-1", 10_000, delivered: 3, returned: 1);

        var facts = await ReadAsync("cust-1");

        Assert.Equal((30_000L, 2_500, false), (facts.LifetimeValueMinor, facts.ReturnRateBasisPoints, facts.Vip));
    }

    [Fact]
    public async Task ReadAsync_AgentMadeVipWithASegment_RecordWinsWithoutOrders()
    {
        await CustomerAsync("cust-1");
        await _world.Directory.ClassifyAsync(new ClassifyCustomerCommand("cust-1", "b2b", true, ""), Agent, CancellationToken.None);

        var facts = await ReadAsync("cust-1");

        Assert.Equal(("b2b", true, 0, 0), (facts.Segment, facts.Vip, facts.OrdersCount, facts.ReturnRateBasisPoints));
    }
}
