using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Customers;

/// <summary>
/// The right to erasure end to end through the real host (orders, billing and customers in PostgreSQL and in memory):
/// refused while an order is open; afterwards no personal string is left anywhere a caller can read — the overview,
/// the order, the search, the order feed replayed from its start, the audit log — while the invoice keeps its totals.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CustomerErasureTests(RedisFixture redis)
{
    private const string Name = "Erika Mustermann";
    private const string Email = "erika.mustermann@example.org";
    private const string Phone = "+49 40 7654321";
    private const string Street = "Heidestraße 17";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EraseCustomer_OpenOrderThenDeliveredAndPaid_RefusedThenNoPersonalDataLeftInvoiceKept(bool inMemory)
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory);
        var order = await bed.WebOrders.CreateOrderAsync(CustomerTestBed.OrderFor("erase-1", "web", IdentityKind.Account, "acc-erase-1", Name, Email, Phone, Street));
        var customerId = order.Customer.Id;
        Assert.NotEmpty((await bed.Agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Erika Mustermann", Field = CustomerSearchField.Name })).Results);

        var open = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.Agent.EraseCustomerAsync(
            new EraseCustomerRequest { CustomerId = customerId, Reason = "data subject request 17" }).ResponseAsync);
        Assert.Equal("CUSTOMER_HAS_OPEN_BUSINESS", open.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);

        await bed.ShipAndDeliverAsync(order);
        var invoice = await bed.InvoiceAsync(order.OrderId);
        await bed.Returns.Billing.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest
        {
            RequestId = "psp-erase-1", Invoice = invoice.Number, Result = PaymentResult.Captured, AmountMinor = invoice.GrossTotalMinor, Currency = "EUR", ProviderReference = "cap-erase-1",
        });

        var erased = await bed.Agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = customerId, Reason = "data subject request 17" });
        var repeat = await bed.Agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = customerId, Reason = "data subject request 17" });

        Assert.Equal((customerId, 1, 1), (erased.CustomerId, erased.OrdersPseudonymised, erased.InvoicesRetained));
        Assert.Equal($"{DateTime.UtcNow.Year + 10}-12-31", erased.RetainedUntil);
        Assert.Equal(erased.ErasedAt, repeat.ErasedAt);
        var overview = await bed.Agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = customerId, TimelinePageSize = 100 });
        Assert.True(overview.Erased);
        Assert.Equal(CustomerStatus.Erased, overview.Customer.Status);
        var readable = new List<(string Where, string Text)>
        {
            ("overview", JsonFormatter.Default.Format(overview)),
            ("order", JsonFormatter.Default.Format(await bed.Returns.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId }))),
            ("customer", JsonFormatter.Default.Format(await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = customerId }))),
        };
        foreach (var (query, field) in new[] { (Name, CustomerSearchField.Name), (Email, CustomerSearchField.Email), (Phone, CustomerSearchField.Phone), ("Erika", CustomerSearchField.Any) })
        {
            var found = await bed.Agent.SearchCustomersAsync(new SearchCustomersRequest { Query = query, Field = field });
            Assert.DoesNotContain(found.Results, r => r.CustomerId == customerId);
            readable.Add(("search " + query, JsonFormatter.Default.Format(found)));
        }

        readable.AddRange((await ReplayFeedAsync(bed)).Select(e => ("feed", JsonFormatter.Default.Format(e))));
        readable.AddRange((await bed.Audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 })).Entries.Select(e => ("audit", JsonFormatter.Default.Format(e))));
        var leaks = new List<string>();
        foreach (var personal in new[] { "Erika", "Mustermann", Email, Phone, "7654321", Street, "Heidestra" })
        {
            foreach (var (where, text) in readable)
            {
                var at = text.IndexOf(personal, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    leaks.Add($"'{personal}' in {where}: ...{text[Math.Max(0, at - 120)..Math.Min(text.Length, at + 60)]}...");
                }
            }
        }

        Assert.Empty(leaks);

        var kept = await bed.Returns.FinanceBilling.GetDocumentAsync(new GetDocumentRequest { Document = invoice.Number });
        Assert.Equal((invoice.GrossTotalMinor, invoice.NetTotalMinor), (kept.GrossTotalMinor, kept.NetTotalMinor));
    }

    /// <summary>Every order event from the feed's first position, read until the feed has nothing more for a moment.</summary>
    private static async Task<List<OrderEventMessage>> ReplayFeedAsync(CustomerTestBed bed)
    {
        var events = new List<OrderEventMessage>();
        using var call = bed.Returns.AdminOrders.WatchOrderEvents(new WatchOrderEventsRequest { AfterPosition = 0 }, deadline: DateTime.UtcNow.AddSeconds(3));
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                events.Add(call.ResponseStream.Current);
            }
        }
        catch (RpcException deadline) when (deadline.StatusCode == StatusCode.DeadlineExceeded)
        {
        }

        Assert.NotEmpty(events);
        return events;
    }
}
