using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Billing;

/// <summary>
/// Dunning through the real host on the service's own clock (a fake one here, moved forward by weeks): billing takes
/// every day from it, never from the database, so the fixed clock and PostgreSQL's time never meet in one decision.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class DunningTests(RedisFixture redis)
{
    [Fact]
    public async Task RunDunning_InvoiceOverdueForWeeks_LevelsRiseFeeInvoicedAndTheNextInvoiceOrderIsHeld()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = new BillingTestBed(await OrderTestBed.StartAsync(
            redis, services: s => s.AddSingleton<TimeProvider>(clock), more: BillingTestBed.Settings()));
        // Tokens that outlive the weeks the clock is moved on.
        var finance = bed.BillingClient(TestTokens.For("clerk-fiona", ["finance"], lifetime: TimeSpan.FromDays(90)));
        var web = new OrderService.OrderServiceClient(bed.Orders.Host.ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"], lifetime: TimeSpan.FromDays(90))));
        var order = await web.CreateOrderAsync(BillingTestBed.NewOrder("dun-1", "invoice"));
        await bed.ShipAllAsync(order);
        var invoice = await bed.SingleInvoiceAsync(order.OrderId);

        clock.Advance(TimeSpan.FromDays(22));
        await finance.RunDunningAsync(new RunDunningRequest());
        var afterFirst = await finance.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        clock.Advance(TimeSpan.FromDays(14));
        var second = await finance.RunDunningAsync(new RunDunningRequest());
        var again = await finance.RunDunningAsync(new RunDunningRequest());
        var afterSecond = await finance.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });

        Assert.Equal(1, afterFirst.DunningLevel);
        Assert.Equal(1, Assert.Single(afterFirst.OpenItems).DunningLevel);
        Assert.Equal(2, afterSecond.DunningLevel);
        var goods = Assert.Single(afterSecond.OpenItems, i => i.Purpose == InvoicePurpose.Goods);
        Assert.Equal((invoice.Number, 2, 22), (goods.Number, goods.DunningLevel, goods.DaysOverdue));
        var fee = Assert.Single(afterSecond.OpenItems, i => i.Purpose == InvoicePurpose.DunningFee);
        Assert.Equal(500, fee.GrossMinor);
        Assert.StartsWith("MG-", fee.Number, StringComparison.Ordinal);
        Assert.Equal(0, again.ItemsRaised);
        Assert.Equal(second.AsOf, again.AsOf);

        var next = await web.CreateOrderAsync(BillingTestBed.NewOrder("dun-2", "invoice"));

        Assert.Equal(OrderStatus.OnHold, next.Status);
        Assert.Contains(next.Holds, h => h.Active && h.Code == "PAYMENT_METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task RunDunning_AsOfAfterToday_IsInvalidArgumentAndRaisesNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis, inMemory: true);

        await RpcAssert.InvalidArgumentAsync("as_of", () => bed.FinanceBilling.RunDunningAsync(new RunDunningRequest { AsOf = "2999-01-01" }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("as_of", () => bed.FinanceBilling.RunDunningAsync(new RunDunningRequest { AsOf = "31.12.2026" }).ResponseAsync);
    }
}
