using System.Text.Json;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Overview;
using Sourcing.Orders.Customers.Search;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Storage;
using Sourcing.Orders.Tests.Customers.Overview;
using Sourcing.Orders.Tests.Lifecycle;
using static Sourcing.Orders.Tests.Customers.Overview.CustomerViewWorld;

namespace Sourcing.Orders.Tests.Customers.Privacy;

public sealed class CustomerPrivacyTests
{
    private const string Name = "Anna Schmidt", Email = "anna.schmidt@example.com", Phone = "+49 30 1234567", Street = "Lindenallee 5";

    /// <summary>What must be gone after the erasure, wherever it was written.</summary>
    private static readonly string[] Personal = ["Anna", "Schmidt", "1234567", "Lindenallee", "10115"];

    private static readonly string Everything = $"{Name}, {Email}, {Phone}, {Street}";

    /// <summary>
    /// Anna Schmidt (cust-a) with the name, e-mail, phone and street in every free text a person can write: the channel's
    /// references, the payment reference, a fraud hold released with a note, a carrier's delivery note, a cancelled
    /// order's reason, a return with reason text, override reason and drop-off point cancelled with a reason, a repair
    /// return with a receipt note and repair note, closed; a contact change (history), an e-mail identity; and a
    /// duplicate account (cust-m, with a delivered order) merged into her with a reason naming her. Nothing is open.
    /// </summary>
    private static async Task<(CustomerViewWorld World, IReadOnlyList<string> OrderIds)> FinishedCustomerAsync()
    {
        var world = new CustomerViewWorld();
        world.Inventory.RaiseHolds = document => document.ExternalOrderNumber == "EXT-cv-1" ? [TestOrders.Fraud] : [];
        var held = await world.OrderAsync("cust-a", quantity: 2, contact: o =>
        {
            o.ChannelReferences["marketplace_buyer"] = Everything;
            o.PaymentReference = Everything;
            o.MandateReference = Email;
        });
        await world.Billing.Orders.Lifecycle.ReleaseHoldAsync(OrderWorld.As(held.Id, "agent-7"), TestOrders.Fraud.Code, $"called {Everything}", None);
        await world.CompletedAsync(await world.GetAsync(held.Id), deliveryNote: $"handed to {Name} at {Street}");

        var cancelledReturn = await world.AuthoriseReturnAsync(held.Id, ReturnKind.Refund, 1, reasonText: Everything, overrideReason: Everything);
        await world.StepAsync(held.Id, order => order.RecordReturnDropOff(order.FindReturn(cancelledReturn.Id)!, Everything, world.Clock.GetUtcNow(), "clerk", world.Clock.GetUtcNow()));
        await world.StepAsync(held.Id, order => order.CancelReturn(order.FindReturn(cancelledReturn.Id)!, Everything, "agent-7", world.Clock.GetUtcNow()));

        var repair = await world.AuthoriseReturnAsync(held.Id, ReturnKind.Repair, 1, reasonText: Everything);
        await world.StepAsync(held.Id, order =>
        {
            var rma = order.FindReturn(repair.Id)!;
            var now = world.Clock.GetUtcNow();
            order.ReceiveReturn(rma, new ReturnReceipt { LocationId = "WH-1", Units = [new InspectedUnits { LineId = "L1", Grade = UnitGrade.Resellable, Quantity = 1, Note = Everything }] }, 10, "clerk", now);
            order.SendReturnToRepair(rma, "RepairCo", "RC-1", "clerk", now);
            order.RecordRepairOutcome(rma, RepairOutcome.Repaired, null, Everything, "clerk", now);
            order.ShipRepairBack(rma, "DHL", "T-REPAIR", "clerk", now);
            Assert.Equal(ReturnStatus.Closed, rma.Status);
        });

        var cancelled = await world.OrderAsync("cust-a");
        await world.Billing.Orders.Lifecycle.CancelAsync(OrderWorld.As(cancelled.Id, "agent-7"), null, null, $"{Name} ordered twice, {Phone}", None);

        await world.Directory.UpdateContactAsync(new UpdateContactCommand("cust-a", null, new ContactData
        {
            GivenName = "Anna", FamilyName = "Schmidt", Email = "anna@schmidt-family.example", Phone = Phone,
            Addresses = [new CustomerAddress { Label = "home", Address = new PostalAddress { Name = Name, Street = Street, PostalCode = "10115", City = "Berlin" }, DefaultShipping = true }],
        }), Agent, None);
        await world.Directory.AddIdentityAsync("cust-a", new NewIdentity(IdentityKind.Email, "", Email), Agent, None);

        var duplicate = await world.OrderAsync("cust-m");
        await world.CompletedAsync(duplicate);
        await world.Directory.MergeAsync(new MergeCustomersCommand("cust-a", "cust-m", $"same person: {Everything}"), Agent, None);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        return (world, [held.Id, cancelled.Id, duplicate.Id]);
    }

    /// <summary>Everything the stores return about the customer, as JSON: what a reader of any API could see.</summary>
    private static async Task<string> EverythingReadableAsync(CustomerViewWorld world, IReadOnlyList<string> orderIds)
    {
        var overview = await world.Overview.GetAsync("cust-a", 100, None);
        var parts = new List<string>
        {
            // Invoices and credit notes keep their buyer data for the retention period; everything else must not.
            JsonSerializer.Serialize(overview with { Documents = [], Accounts = overview.Accounts.Select(a => a with { CreditNotes = [] }).ToList() }, OrderJson.Options),
            JsonSerializer.Serialize(await world.Customers.GetManyAsync(["cust-a", "cust-m"], None), OrderJson.Options),
            JsonSerializer.Serialize(await world.Orders.ReadFeedAsync(0, 10_000, FeedFilter.All, None), OrderJson.Options),
        };
        foreach (var orderId in orderIds)
        {
            parts.Add(OrderJson.Serialize((await world.GetAsync(orderId)).Document));
            parts.Add(JsonSerializer.Serialize(await world.Orders.GetHistoryAsync(orderId, None), OrderJson.Options));
        }

        foreach (var customerId in new[] { "cust-a", "cust-m" })
        {
            parts.Add(JsonSerializer.Serialize((await world.BillingStore.GetAccountAsync(customerId, None))?.Header, OrderJson.Options));
        }

        return string.Join("\n", parts);
    }

    [Fact]
    public async Task EraseAsync_FinishedCustomer_NoPersonalTextLeftInOverviewOrdersHistoryFeedOrRecords()
    {
        var (world, orderIds) = await FinishedCustomerAsync();
        var before = await EverythingReadableAsync(world, orderIds);
        Assert.All(Personal, text => Assert.Contains(text, before, StringComparison.OrdinalIgnoreCase));

        var result = await world.Privacy.EraseAsync("cust-m", "data subject request by e-mail", Agent, None);

        Assert.Equal(("cust-a", 3, 2, new DateOnly(2036, 12, 31)), (result.CustomerId, result.OrdersPseudonymised, result.InvoicesRetained, result.RetainedUntil));
        var after = await EverythingReadableAsync(world, orderIds);
        Assert.All(Personal, text => Assert.DoesNotContain(text, after, StringComparison.OrdinalIgnoreCase));
        var overview = await world.Overview.GetAsync("cust-a", 0, None);
        Assert.True(overview.Erased);
        Assert.Equal((CustomerStatus.Erased, "erased"), (overview.Customer.Document.Status, overview.Customer.Document.Contact.GivenName));
        Assert.Equal(3, overview.Orders.Count);
        foreach (var orderId in orderIds)
        {
            var history = await world.Orders.GetHistoryAsync(orderId, None);
            Assert.Equal(OrderEventTypes.PersonalDataErased, history[^1].Event.Type);
            Assert.All(history, e => Assert.Equal("", e.Event.Reason));
        }

        var order = (await world.GetAsync(orderIds[0])).Document;
        Assert.Equal(("erased", "", "", "", "DE"), (order.ShippingAddress.Name, order.ShippingAddress.Street, order.ShippingAddress.PostalCode, order.ShippingAddress.City, order.ShippingAddress.Country));
        Assert.Equal((2, OrderStatus.Delivered), (order.Lines[0].Quantity, Order.StatusOf(order)));
    }

    [Fact]
    public async Task EraseAsync_FinishedCustomer_SearchFindsNothingByNameContactOrNumbers()
    {
        var (world, orderIds) = await FinishedCustomerAsync();
        var invoice = (await world.BillingStore.ListDocumentsAsync("cust-a", null, 10, None))[0];
        var externalNumber = (await world.GetAsync(orderIds[0])).Document.ExternalOrderNumber;
        Assert.Equal("cust-a", (await world.Search.SearchAsync(externalNumber, CustomerSearchField.Any, 0, null, None)).Results[0].CustomerId);

        await world.Privacy.EraseAsync("cust-a", "data subject request", Agent, None);

        foreach (var (text, field) in new[]
                 {
                     (Name, CustomerSearchField.Any), ("Schmitt", CustomerSearchField.Name), (Email, CustomerSearchField.Email), (Phone, CustomerSearchField.Phone),
                     ("10115", CustomerSearchField.PostalCode), ("erased", CustomerSearchField.Name), (externalNumber, CustomerSearchField.Any),
                     (invoice.Number, CustomerSearchField.InvoiceNumber), (orderIds[2], CustomerSearchField.OrderNumber),
                 })
        {
            Assert.Empty((await world.Search.SearchAsync(text, field, 0, null, None)).Results);
        }
    }

    [Fact]
    public async Task EraseAsync_FinishedCustomer_InvoicesUnchangedAndLedgerTotalsAsBefore()
    {
        var (world, orderIds) = await FinishedCustomerAsync();
        async Task<string> BillingAsync() => JsonSerializer.Serialize(new object[]
        {
            await world.BillingStore.ListDocumentsAsync("cust-a", null, 100, None), await world.BillingStore.ListDocumentsAsync("cust-m", null, 100, None),
            await world.BillingStore.GetLedgerTotalsAsync("cust-a", None), await world.BillingStore.GetLedgerTotalsAsync("cust-m", None),
        }, OrderJson.Options);
        var before = await BillingAsync();

        await world.Privacy.EraseAsync("cust-a", "data subject request", Agent, None);

        Assert.Equal(before, await BillingAsync());
        Assert.Contains(Name, before, StringComparison.Ordinal);
        await world.Billing.AssertLedgerBalancesAsync("cust-a");
        Assert.Equal("erased", (await world.BillingStore.GetAccountAsync("cust-a", None))!.Header.Buyer.Name);
        Assert.Equal(3, orderIds.Count);
    }

    [Fact]
    public async Task EraseAsync_Repeated_SameResultAndNothingChanged()
    {
        var (world, orderIds) = await FinishedCustomerAsync();
        var first = await world.Privacy.EraseAsync("cust-a", "data subject request", Agent, None);
        var stored = await EverythingReadableAsync(world, orderIds);
        var versions = (await world.Customers.GetManyAsync(["cust-a", "cust-m"], None)).Select(c => c.Version).Order().ToList();
        world.Clock.Advance(TimeSpan.FromHours(1));

        var second = await world.Privacy.EraseAsync("cust-a", "asked again", Agent, None);

        Assert.Equal(first, second);
        Assert.Equal(versions, (await world.Customers.GetManyAsync(["cust-a", "cust-m"], None)).Select(c => c.Version).Order().ToList());
        Assert.Equal(stored, await EverythingReadableAsync(world, orderIds));
    }

    [Fact]
    public async Task EraseAsync_ShippedOrderNotDelivered_RefusedNamingTheOrderAndNothingChanged()
    {
        var (world, orderIds) = await FinishedCustomerAsync();
        var open = await world.OrderAsync("cust-m");
        await world.ShipAndInvoiceAsync(open);
        var before = await EverythingReadableAsync(world, [.. orderIds, open.Id]);

        var error = await Assert.ThrowsAsync<CustomerStateException>(() => world.Privacy.EraseAsync("cust-a", "data subject request", Agent, None));

        Assert.Equal(("CUSTOMER_HAS_OPEN_BUSINESS", "customer/cust-a"), (error.Code, error.Subject));
        Assert.Contains($"order {open.Id} is Shipped", error.Message, StringComparison.Ordinal);
        Assert.Contains("account cust-a has 20.00 EUR open", error.Message, StringComparison.Ordinal);
        Assert.Equal("cust-a", open.Document.Customer.Id);
        Assert.Equal(before, await EverythingReadableAsync(world, [.. orderIds, open.Id]));
    }

    [Fact]
    public async Task EraseAsync_OpenReturnOnADeliveredOrder_RefusedNamingTheReturn()
    {
        var (world, orderIds) = await FinishedCustomerAsync();
        var rma = await world.AuthoriseReturnAsync(orderIds[2], ReturnKind.Refund, 1);

        var error = await Assert.ThrowsAsync<CustomerStateException>(() => world.Privacy.EraseAsync("cust-a", "data subject request", Agent, None));

        Assert.Equal("CUSTOMER_HAS_OPEN_BUSINESS", error.Code);
        Assert.Contains($"return {rma.Number} of order {orderIds[2]} is Authorised", error.Message, StringComparison.Ordinal);
        Assert.Equal(CustomerStatus.Active, (await world.Customers.GetAsync("cust-a", None))!.Document.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task EraseAsync_NoReason_ArgumentExceptionNamingReason(string reason)
    {
        var world = new CustomerViewWorld();
        await world.OrderAsync("cust-a");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => world.Privacy.EraseAsync("cust-a", reason, Agent, None));

        Assert.Equal("reason", error.ParamName);
    }

    [Fact]
    public async Task ExportAsync_FinishedCustomer_JsonWithRecordsOrdersInvoicesPaymentsAccountsAndTimeline()
    {
        var (world, orderIds) = await FinishedCustomerAsync();

        var export = await world.Privacy.ExportAsync("cust-m", None);

        using var json = JsonDocument.Parse(export);
        var root = json.RootElement;
        Assert.Equal("sourcing.customer-export/1", root.GetProperty("schema").GetString());
        Assert.Equal("cust-a", root.GetProperty("customerId").GetString());
        Assert.Equal(["cust-a", "cust-m"], root.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()));
        var survivor = root.GetProperty("customers")[0];
        Assert.Equal(("Active", "anna@schmidt-family.example", Email), (survivor.GetProperty("status").GetString(),
            survivor.GetProperty("contact").GetProperty("email").GetString(), survivor.GetProperty("identities")[0].GetProperty("value").GetString()));
        Assert.Equal(Email, survivor.GetProperty("contactHistory")[0].GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(orderIds.Order(), root.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("order").GetProperty("orderId").GetString()).Order());
        var returns = root.GetProperty("orders").EnumerateArray().Single(o => o.GetProperty("order").GetProperty("orderId").GetString() == orderIds[0]).GetProperty("order").GetProperty("returns");
        Assert.Equal(["Cancelled", "Closed"], returns.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(2, root.GetProperty("billingDocuments").GetArrayLength());
        Assert.Equal(2, root.GetProperty("payments").GetArrayLength());
        Assert.Equal(2, root.GetProperty("accounts").GetArrayLength());
        var timeline = root.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal((await world.Overview.GetTimelineAsync("cust-a", 100, null, None)).Entries.Count, timeline.Count);
        Assert.Contains(timeline, e => e.GetProperty("source").GetString() == "Document");
        Assert.Contains("\n  ", System.Text.Encoding.UTF8.GetString(export), StringComparison.Ordinal);
    }
}
