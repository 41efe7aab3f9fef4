using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Billing;

/// <summary>
/// The payment rules decide from the service's own receivables: open invoices count against the credit limit, and a
/// limit finance sets for the customer replaces the segment's default.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CreditCheckTests(RedisFixture redis)
{
    [Fact]
    public async Task CreateOrder_InvoiceOverTheCreditLimitWithOpenInvoices_HeldUntilFinanceRaisesTheLimit()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var first = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("credit-1", "invoice"));
        Assert.Equal(OrderStatus.InFulfilment, first.Status);
        await bed.ShipAllAsync(first);

        // 314.92 € are open on the first invoice; a second order takes the customer past the 500.00 € limit.
        var second = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("credit-2", "invoice"));

        Assert.Equal(OrderStatus.OnHold, second.Status);
        var hold = Assert.Single(second.Holds, h => h.Active);
        Assert.Equal(("CREDIT_CHECK", "InvoiceOverCreditLimit"), (hold.Code, hold.Rule));

        var account = await bed.FinanceBilling.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = "cust-1", CreditLimitMinor = 200_000 });
        Assert.Equal((200_000L, BillingTestBed.OrderTotalMinor), (account.CreditLimitMinor, Assert.Single(account.Balances).OpenMinor));
        var reevaluated = await bed.Finance.ReevaluateOrderAsync(new ReevaluateOrderRequest { OrderId = second.OrderId });

        Assert.Equal(OrderStatus.InFulfilment, reevaluated.Status);
        Assert.DoesNotContain(reevaluated.Holds, h => h.Active);
    }
}
