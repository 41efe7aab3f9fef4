using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.Service.Tests.Returns;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Customers;

/// <summary>
/// One customer across channels end to end through the real host, real Redis stock, the shipped rules and orders,
/// billing and customers in PostgreSQL (and in memory): three channels' orders become three customers, an agent
/// merges them, and the overview is the same for the agent and for the customer's own token.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CustomerStoryTests(RedisFixture redis)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetCustomerOverview_ThreeChannelsMergedByAnAgent_OneOverviewForAgentAndCustomerUndoRestores(bool inMemory)
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory);
        var web = await bed.WebOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("s-web", "web", IdentityKind.Account, "acc-4711", "Anna Schmidt", "anna@example.org", "", "Kastanienallee 12"));
        var store = await bed.StoreOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("s-store", "store", IdentityKind.LoyaltyCard, "lc-200417", "Anna Schmidt", "", "", "Kastanienallee 12"));
        var call = await bed.CallCentreOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("s-call", "call-centre", IdentityKind.Phone, "030 5550123", "Anna Schmidt", "", "+49 30 5550123", "Kastanienallee 12"));
        var (webId, storeId, callId) = (web.Customer.Id, store.Customer.Id, call.Customer.Id);
        Assert.All(new[] { webId, storeId, callId }, id => Assert.Matches("^CUS-[0-9A-Z]{12}$", id));
        Assert.Equal(3, new[] { webId, storeId, callId }.Distinct().Count());

        // The web order is delivered and one tent comes back at the Berlin store, refunded by credit note.
        await bed.ShipAndDeliverAsync(web);
        var rma = await bed.Returns.Agent.AuthoriseReturnAsync(ReturnTestBed.Authorise("s-rma", web.OrderId, ReturnKind.Refund, ReturnTestBed.Line("T", 1)));
        await bed.Returns.BerlinStore.ReceiveReturnAsync(ReturnTestBed.Receive("s-receipt", rma, "ST-BERLIN"));
        await bed.Returns.EventuallyAsync(rma.Number, r => r.Status == ReturnStatus.Closed && r.Refunds.Count == 1);

        var found = await bed.Agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Ana Schmit", Field = CustomerSearchField.Name });
        Assert.Equal(new[] { webId, storeId, callId }.Order(), found.Results.Select(r => r.CustomerId).Order());

        await bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = webId, MergedId = storeId, Reason = "same person: name and address" });
        var survivor = await bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = webId, MergedId = callId, Reason = "same person: called about the web order" });
        Assert.Equal(new[] { storeId, callId }.Order(), survivor.MergedFrom.Order());
        Assert.Equal(3, survivor.Identities.Count);

        var overview = await bed.Agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = callId });
        Assert.Equal(webId, overview.Customer.CustomerId);
        Assert.Equal(new[] { storeId, callId }.Order(), overview.MergedCustomerIds.Order());
        Assert.Equal(3, overview.OrdersTotal);
        foreach (var order in new[] { web, store, call })
        {
            var shown = Assert.Single(overview.Orders, o => o.Order.OrderId == order.OrderId);
            var current = await bed.Returns.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
            Assert.Equal(current.Status, shown.Order.Status);
            Assert.Equal(current.Lines, shown.Order.Lines);
            Assert.Equal(current.Shipments, shown.Order.Shipments);
        }

        var webShown = overview.Orders.Single(o => o.Order.OrderId == web.OrderId);
        Assert.Equal(OrderStatus.Delivered, webShown.Order.Status);
        Assert.Equal(1, OrderTestBed.UnitsIn(OrderTestBed.Line(webShown.Order, "T"), LineState.Returned));
        Assert.Equal("JJD-WEB-s-web", Assert.Single(webShown.Order.Shipments).TrackingNumber);
        var returned = Assert.Single(webShown.Returns);
        Assert.Equal((rma.Number, ReturnStatus.Closed, 12999L), (returned.Number, returned.Status, Assert.Single(returned.Refunds).AmountMinor));
        Assert.All(overview.Orders.Where(o => o.Order.OrderId != web.OrderId), o => Assert.Equal(OrderStatus.InFulfilment, o.Order.Status));

        var account = await bed.Returns.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = webId });
        var shownAccount = Assert.Single(overview.Accounts, a => a.CustomerId == webId);
        Assert.Equal(account.Balances, shownAccount.Balances);
        Assert.Equal(account.OpenItems, shownAccount.OpenItems);
        Assert.Contains(overview.Documents, d => d.Kind == BillingDocumentKind.Invoice && d.OrderId == web.OrderId);
        Assert.Contains(overview.Documents, d => d.Kind == BillingDocumentKind.CreditNote && d.OrderId == web.OrderId);
        Assert.Contains(overview.Timeline.Entries, e => e.Type == "customer.merged");
        Assert.Contains(overview.Timeline.Entries, e => e.Type == "return.closed" || e.Type == "credit_note.issued");

        // Anna, with her own token (any of her ids), sees the same overview; only the contact history is the agents'.
        var agentView = overview.Clone();
        agentView.Customer.ContactHistory.Clear();
        foreach (var own in new[] { webId, callId })
        {
            var mine = await bed.CustomerClient(own).GetCustomerOverviewAsync(new GetCustomerOverviewRequest());
            Assert.Equal(agentView, mine);
        }

        var other = await bed.WebOrders.CreateOrderAsync(CustomerTestBed.OrderFor("s-other", "web", IdentityKind.Account, "acc-9999", "Otto Weber", "otto@example.org", "", "Torstraße 1"));
        var otto = bed.CustomerClient(other.Customer.Id);
        var hidden = await RpcAssert.StatusAsync(StatusCode.NotFound, () => otto.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = webId }).ResponseAsync);
        Assert.DoesNotContain("Anna", hidden.Status.Detail, StringComparison.Ordinal);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => otto.GetCustomerAsync(new GetCustomerRequest { CustomerId = callId }).ResponseAsync);
        Assert.Equal(other.Customer.Id, (await otto.GetCustomerOverviewAsync(new GetCustomerOverviewRequest())).Customer.CustomerId);

        var restored = await bed.Agent.UndoMergeAsync(new UndoMergeRequest { MergedCustomerId = callId, Reason = "merged by mistake" });
        Assert.Equal((callId, CustomerStatus.Active), (restored.CustomerId, restored.Status));
        var afterUndo = await bed.Agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = webId });
        Assert.Equal(new[] { web.OrderId, store.OrderId }.Order(), afterUndo.Orders.Select(o => o.Order.OrderId).Order());
        Assert.Equal(new[] { storeId }, afterUndo.MergedCustomerIds);
        var callOverview = await bed.CustomerClient(callId).GetCustomerOverviewAsync(new GetCustomerOverviewRequest());
        Assert.Equal(call.OrderId, Assert.Single(callOverview.Orders).Order.OrderId);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.CustomerClient(callId).GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = webId }).ResponseAsync);
    }

    [Fact]
    public async Task GetCustomerOverview_AgentRead_IsAuditedWithTheCustomerIdButNoPersonalData()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.WebOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("audit-1", "web", IdentityKind.Account, "acc-audit", "Greta Lindqvist", "greta@example.org", "+49 30 9998877", "Oderberger Straße 3"));

        await bed.Agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = order.Customer.Id, TimelinePageSize = 5 });
        await bed.Agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Greta Lindqvist", Field = CustomerSearchField.Name });
        await RpcAssert.StatusAsync(StatusCode.InvalidArgument, () => bed.Agent.UpdateContactDataAsync(new UpdateContactDataRequest
        {
            CustomerId = order.Customer.Id, Contact = new ContactData { GivenName = "Greta", Email = "greta-at-example.org" },
        }).ResponseAsync);

        var entries = (await bed.Audit.ListAuditEntriesAsync(new ListAuditEntriesRequest())).Entries;
        var read = Assert.Single(entries, e => e.Method == "sourcing.v1.CustomerService/GetCustomerOverview");
        Assert.Equal(("agent-anna", "OK"), (read.Subject, read.Outcome));
        Assert.Contains(order.Customer.Id, read.Request, StringComparison.Ordinal);
        var search = Assert.Single(entries, e => e.Method == "sourcing.v1.CustomerService/SearchCustomers");
        Assert.Contains("\"query_length\":15", search.Request, StringComparison.Ordinal);
        var refused = Assert.Single(entries, e => e.Method == "sourcing.v1.CustomerService/UpdateContactData");
        Assert.StartsWith("InvalidArgument", refused.Outcome, StringComparison.Ordinal);
        Assert.Contains("contact.email", refused.Outcome, StringComparison.Ordinal);
        foreach (var personal in new[] { "Greta", "Lindqvist", "greta", "9998877" })
        {
            Assert.All(entries, e => Assert.DoesNotContain(personal, e.Request + e.Outcome, StringComparison.OrdinalIgnoreCase));
        }
    }
}
