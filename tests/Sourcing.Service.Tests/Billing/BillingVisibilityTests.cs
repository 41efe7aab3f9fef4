using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Billing;

/// <summary>
/// Who sees which billing data: a channel the documents of its own channels' orders, a customer its own account and
/// documents; anything else is NOT_FOUND, exactly like a document that does not exist.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class BillingVisibilityTests(RedisFixture redis)
{
    [Fact]
    public async Task GetDocument_OtherChannelOrOtherCustomer_IsNotFoundLikeAMissingDocument()
    {
        await using var bed = await BillingTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("vis-1", "invoice"));
        await bed.ShipAllAsync(order);
        var invoice = await bed.SingleInvoiceAsync(order.OrderId);
        var byId = new GetDocumentRequest { Document = invoice.DocumentId };

        Assert.Equal(invoice.Number, (await bed.WebBilling.GetDocumentAsync(byId)).Number);
        Assert.Equal(invoice.Number, (await bed.Customer1.GetDocumentAsync(byId)).Number);
        Assert.Equal(invoice.Number, (await bed.AgentBilling.GetDocumentAsync(byId)).Number);
        var hidden = await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.MarketplaceBilling.GetDocumentAsync(byId).ResponseAsync);
        var missing = await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.MarketplaceBilling.GetDocumentAsync(new GetDocumentRequest { Document = "inv_0" }).ResponseAsync);
        Assert.Equal(hidden.Status.Detail.Replace(invoice.DocumentId, "X", StringComparison.Ordinal), missing.Status.Detail.Replace("inv_0", "X", StringComparison.Ordinal));
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.GetDocumentAsync(byId).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.GetDocumentPdfAsync(byId).ResponseAsync);

        Assert.Empty((await bed.MarketplaceBilling.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1" })).Documents);
        Assert.Empty((await bed.MarketplaceBilling.ListDocumentsAsync(new ListDocumentsRequest { OrderId = order.OrderId })).Documents);
        Assert.Single((await bed.WebBilling.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1" })).Documents);
        Assert.Single((await bed.Customer1.ListDocumentsAsync(new ListDocumentsRequest())).Documents);
    }

    [Fact]
    public async Task GetCustomerAccount_AnotherCustomersOrAChannel_IsNotFound()
    {
        await using var bed = await BillingTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("vis-2", "invoice"));
        await bed.ShipAllAsync(order);

        Assert.Equal(BillingTestBed.OrderTotalMinor, Assert.Single((await bed.Customer1.GetCustomerAccountAsync(new GetCustomerAccountRequest())).Balances).OpenMinor);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.WebBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1" }).ResponseAsync);
        Assert.Empty((await bed.Customer2.GetCustomerAccountAsync(new GetCustomerAccountRequest())).Balances);
    }
}
