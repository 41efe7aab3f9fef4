using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Sourcing.Orders.Billing;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Sourcing;

/// <summary>
/// SourceOrder and CreateOrder decide payment and credit from the receivables the host is given (a fake of the credit
/// facts port here), through the real host and the shipped rule files; when the receivables cannot be read, the order
/// is not decided and the caller may retry.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class PaymentChecksTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly FakeCustomerCreditFacts _facts = new();
    private SourcingHost _host = null!;

    public async Task InitializeAsync()
    {
        // The segment's limit is 0: only the customer's own limit, from the receivables, lets an invoice order through.
        _host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Customers:DefaultCreditLimitMinor"] = "0" },
            services => services.AddSingleton<ICustomerCreditFacts>(_facts));
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 100);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(10, true)]
    public async Task SourceOrder_InvoiceAgainstTheCustomersOwnLimit_HeldForACreditCheckOnlyOverIt(int quantity, bool held)
    {
        // 1,999 cents a tent: 90,000 open plus 1 tent stays under the 100,000 limit, plus 10 tents does not.
        _facts.Set("C-1", new CustomerCreditFacts(OpenBalanceMinor: 90_000, OverdueMinor: 0, DunningLevel: 0, CreditLimitMinor: 100_000, InvoicesPaid: 3, InvoicesPaidLate: 0, UnallocatedMinor: 0));

        var response = await _host.Sourcing.SourceOrderAsync(Invoice($"limit-{quantity}", quantity));

        Assert.Equal(held ? ["CREDIT_CHECK"] : [], response.Holds.Select(h => h.Code));
        Assert.Contains(("C-1", "EUR"), _facts.Asked);
    }

    [Theory]
    [InlineData("invoice", "PAYMENT_METHOD_NOT_ALLOWED")]
    [InlineData("card", null)]
    public async Task SourceOrder_CustomerAtDunningLevelTwo_HeldOnlyWhenPayingByInvoice(string method, string? hold)
    {
        _facts.Set("C-1", new CustomerCreditFacts(OpenBalanceMinor: 5_000, OverdueMinor: 5_000, DunningLevel: 2, CreditLimitMinor: 1_000_000, InvoicesPaid: 8, InvoicesPaidLate: 4, UnallocatedMinor: 0));
        var request = Invoice("dunning-" + method, 1);
        request.PaymentMethod = method;

        var response = await _host.Sourcing.SourceOrderAsync(request);

        Assert.Equal(hold is null ? [] : [hold], response.Holds.Select(h => h.Code));
        if (hold is not null)
        {
            Assert.Equal(("NoInvoiceWhileInDunningOrOverdue", "Invoice is not offered while the customer has overdue invoices or is at reminder level 2 or more."),
                (response.Holds[0].Rule, response.Holds[0].Reason));
        }
    }

    [Fact]
    public async Task SourceOrder_ReceivablesDown_UnavailableAndNothingReserved()
    {
        _facts.Down = true;

        var failure = await Assert.ThrowsAsync<RpcException>(() => _host.Sourcing.SourceOrderAsync(Invoice("down", 3)).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Contains("credit facts could not be read", failure.Status.Detail, StringComparison.Ordinal);
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "TENT" }, LocationIds = { "WH-FRANKFURT" } });
        Assert.Equal(100, availability.Skus[0].Locations.Single().Available);
    }

    [Fact]
    public async Task Promise_ReceivablesDown_StillPromisesWithoutAskingThem()
    {
        _facts.Down = true;
        var order = Invoice("promise", 1);

        var response = await _host.Sourcing.PromiseAsync(new PromiseRequest
        {
            Channel = order.Channel, Customer = order.Customer, Destination = order.Destination,
            Lines = { order.Lines }, Options = { new DeliveryOption { Method = DeliveryMethod.Standard } },
        });

        Assert.Single(response.Options);
        Assert.Empty(_facts.Asked);
    }

    [Fact]
    public async Task CreateOrder_CustomerAtDunningLevelTwoPayingByInvoice_IsHeldForFinanceWithTheRulesReason()
    {
        await using var bed = await OrderTestBed.StartAsync(redis, ordersInMemory: true, services => services.AddSingleton<ICustomerCreditFacts>(_facts));
        _facts.Set("cust-1", new CustomerCreditFacts(OpenBalanceMinor: 5_000, OverdueMinor: 5_000, DunningLevel: 2, CreditLimitMinor: 1_000_000, InvoicesPaid: 8, InvoicesPaidLate: 4, UnallocatedMinor: 0));
        var request = OrderTestBed.NewOrder("dunning-invoice");
        request.Payment = new OrderPayment { Method = "invoice" };

        var created = await bed.Web.CreateOrderAsync(request);

        Assert.Equal(OrderStatus.OnHold, created.Status);
        var hold = Assert.Single(created.Holds, h => h.Active);
        Assert.Equal(("PAYMENT_METHOD_NOT_ALLOWED", "NoInvoiceWhileInDunningOrOverdue"), (hold.Code, hold.Rule));
        Assert.Contains("reminder level 2", hold.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invoice", "CREDIT_CHECK")]
    [InlineData("card", null)]
    public async Task CreateOrder_OverTheCustomersLimit_HeldForACreditCheckOnlyWhenPayingByInvoice(string method, string? hold)
    {
        await using var bed = await OrderTestBed.StartAsync(redis, ordersInMemory: true, services => services.AddSingleton<ICustomerCreditFacts>(_facts));
        // The order is 309.97 before shipping: 80,000 open plus that goes over a limit of 100,000.
        _facts.Set("cust-1", new CustomerCreditFacts(OpenBalanceMinor: 80_000, OverdueMinor: 0, DunningLevel: 0, CreditLimitMinor: 100_000, InvoicesPaid: 3, InvoicesPaidLate: 0, UnallocatedMinor: 0));
        var request = OrderTestBed.NewOrder("limit-" + method);
        request.Payment = new OrderPayment { Method = method, Reference = method == "card" ? "psp-1" : "" };

        var created = await bed.Web.CreateOrderAsync(request);

        Assert.Equal(hold is null ? [] : [hold], created.Holds.Where(h => h.Active).Select(h => h.Code));
        Assert.Equal(hold is null ? OrderStatus.InFulfilment : OrderStatus.OnHold, created.Status);
    }

    [Fact]
    public async Task CreateOrder_ReceivablesDown_UnavailableAndNoOrderSaved()
    {
        await using var bed = await OrderTestBed.StartAsync(redis, ordersInMemory: true, services => services.AddSingleton<ICustomerCreditFacts>(_facts));
        _facts.Down = true;
        var request = OrderTestBed.NewOrder("receivables-down");

        var failure = await Assert.ThrowsAsync<RpcException>(() => bed.Web.CreateOrderAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        _facts.Down = false;
        var listed = await bed.Admin.ListOrdersAsync(new ListOrdersRequest());
        Assert.Empty(listed.Orders);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private static SourceOrderRequest Invoice(string requestId, int quantity)
    {
        var request = TestNetwork.Order(requestId, TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", quantity));
        request.PaymentMethod = "invoice";
        request.Customer = new Customer { Id = "C-1", Segment = "consumer" };
        return request;
    }
}
