using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Overview;
using Sourcing.Orders.Returns;
using static Sourcing.Orders.Tests.Customers.Overview.CustomerViewWorld;

namespace Sourcing.Orders.Tests.Customers.Overview;

public sealed class CustomerOverviewTests
{
    /// <summary>
    /// cust-a: an invoice order shipped and invoiced (20.00 open). cust-b: a card order delivered, paid, with a return
    /// of one unit authorised. Then an agent merges cust-b into cust-a.
    /// </summary>
    private static async Task<(CustomerViewWorld World, Order Shipped, Order Delivered, ReturnAuthorisation Return)> MergedCustomerAsync(long subMicrosecondTicks = 0)
    {
        var world = new CustomerViewWorld();
        world.Clock.Advance(TimeSpan.FromTicks(subMicrosecondTicks));
        var shipped = await world.OrderAsync("cust-a", PaymentMethods.Invoice);
        await world.ShipAndInvoiceAsync(shipped);
        var delivered = await world.OrderAsync("cust-b", contact: o => o.BillingAddress.Name = "Bernd Berg");
        await world.CompletedAsync(delivered);
        var rma = await world.AuthoriseReturnAsync(delivered.Id, ReturnKind.Refund, 1);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await world.Directory.MergeAsync(new MergeCustomersCommand("cust-a", "cust-b", "one person, two shop accounts"), Agent, None);
        return (world, shipped, delivered, rma);
    }

    [Fact]
    public async Task GetAsync_MergedCustomerAskedByTheMergedId_ShowsTheSurvivorWithOrdersShipmentsBalanceAndReturnsOfBothIds()
    {
        var (world, shipped, delivered, rma) = await MergedCustomerAsync();

        var overview = await world.Overview.GetAsync("cust-b", 0, None);

        Assert.Equal("cust-a", overview.Customer.Document.CustomerId);
        Assert.Equal(["cust-a", "cust-b"], overview.CustomerIds);
        Assert.False(overview.Erased);
        Assert.Equal([delivered.Id, shipped.Id], overview.Orders.Select(o => o.Id));
        Assert.Equal(2, overview.OrdersTotal);
        Assert.Equal([OrderStatus.Delivered, OrderStatus.Shipped], overview.Orders.Select(o => o.Status));
        var shipment = Assert.Single(overview.Orders[1].Document.Shipments);
        Assert.Equal(("DHL", "T-" + shipment.FulfilmentOrderId), (shipment.Carrier, shipment.TrackingNumber));
        Assert.Equal(2, overview.Orders[1].Document.Lines[0].In(LineState.Shipped));
        var shownReturn = Assert.Single(overview.Orders[0].Document.Returns);
        Assert.Equal((rma.Number, ReturnStatus.Authorised, 1), (shownReturn.Number, shownReturn.Status, shownReturn.Lines[0].Quantity));

        Assert.Equal(["cust-a", "cust-b"], overview.Accounts.Select(a => a.CustomerId));
        var owed = Assert.Single(overview.Accounts[0].Balances);
        Assert.Equal(("EUR", 2000L), (owed.Currency, owed.OpenMinor));
        Assert.Empty(overview.Accounts[1].OpenItems);
        Assert.Equal(1, overview.Accounts[1].InvoicesPaid);
        Assert.Equal(2, overview.Documents.Count);
        Assert.Equal([delivered.Id, shipped.Id], overview.Documents.Select(d => d.OrderId));
        Assert.Equal(2000, Assert.Single(overview.Payments).AmountMinor);
        Assert.Equal((2, 4), (overview.Facts.OrdersCount, overview.Facts.UnitsShipped));

        Assert.Equal((TimelineSource.Customer, CustomerEventTypes.Merged), (overview.Timeline.Entries[0].Source, overview.Timeline.Entries[0].Type));
        Assert.Equal(await WholeTimelineAsync(world, "cust-a"), overview.Timeline.Entries);
    }

    [Fact]
    public async Task GetAsync_MergedCustomerWithTwoAccounts_ReadsEachThingOnceAndAnswersAsTheSeparateReadersDo()
    {
        var (world, _, _, _) = await MergedCustomerAsync();
        var (customers, customerCalls) = CallCounter<ICustomerStore>.Wrap(world.Customers);
        var (orders, orderCalls) = CallCounter<IOrderStore>.Wrap(world.Orders);
        var (billing, billingCalls) = CallCounter<IBillingStore>.Wrap(world.BillingStore);
        var reader = new CustomerOverviewReader(
            new CustomerDirectory(customers, world.Clock, world.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<CustomerDirectory>.Instance),
            new CustomerFactsReader(customers, orders, world.Options), orders, billing, world.Clock, world.Options);

        var overview = await reader.GetAsync("cust-a", 0, None);

        // The survivor and the merged customer once each; per id its account, documents and payments once; the orders,
        // their totals and the first page of their events once.
        Assert.Equal("GetAsync x2", customerCalls.Summary());
        Assert.Equal("GetAccountAsync x2; ListDocumentsAsync x2; ListPaymentsAsync x2", billingCalls.Summary());
        Assert.Equal("ListByCustomersAsync x1; ListCustomerEventsAsync x1; SummariseCustomersAsync x1", orderCalls.Summary());

        // What the facts reader, the accounts and the timeline answer on their own.
        Assert.Equal(await new CustomerFactsReader(world.Customers, world.Orders, world.Options).ReadAsync("cust-a", "EUR", None), overview.Facts);
        var today = DateOnly.FromDateTime(world.Clock.GetUtcNow().UtcDateTime);
        foreach (var (shown, id) in overview.Accounts.Zip(["cust-a", "cust-b"]))
        {
            var alone = await new Sourcing.Orders.Billing.Receivables.CustomerAccounts(world.BillingStore).GetAccountAsync(id, today, None);
            Assert.Equal(
                (alone.CustomerId, alone.DunningLevel, alone.InvoicesPaid, alone.Balances.Count, alone.OpenItems.Count, alone.RecentPayments.Count, alone.CreditNotes.Count),
                (shown.CustomerId, shown.DunningLevel, shown.InvoicesPaid, shown.Balances.Count, shown.OpenItems.Count, shown.RecentPayments.Count, shown.CreditNotes.Count));
            Assert.Equal(alone.Balances, shown.Balances);
            Assert.Equal(alone.OpenItems, shown.OpenItems);
            Assert.Equal(alone.RecentPayments.Select(p => p.Id), shown.RecentPayments.Select(p => p.Id));
        }

        Assert.Equal((await world.Overview.GetTimelineAsync("cust-a", 0, null, None)).Entries, overview.Timeline.Entries);
    }

    [Fact]
    public async Task GetAsync_UnknownCustomer_NotFound()
    {
        var world = new CustomerViewWorld();

        await Assert.ThrowsAsync<CustomerNotFoundException>(() => world.Overview.GetAsync("nobody", 0, None));
    }

    /// <summary>Every entry of the customer's four sources, newest first, read as one page.</summary>
    private static async Task<IReadOnlyList<TimelineEntry>> WholeTimelineAsync(CustomerViewWorld world, string customerId)
    {
        var page = await world.Overview.GetTimelineAsync(customerId, CustomerOverviewReader.MaxTimelinePageSize, null, None);
        Assert.Null(page.NextPageToken);
        return page.Entries;
    }

    /// <summary>
    /// Several events of one order save share their instant with the customer's registration; on a clock with
    /// sub-microsecond ticks the order events' cursor is rounded up to PostgreSQL's microsecond, which lets those
    /// events in again: they must be dropped without leaving the page short.
    /// </summary>
    [Theory]
    [InlineData(1, 0)]
    [InlineData(4, 0)]
    [InlineData(1, 5)]
    [InlineData(4, 5)]
    public async Task GetTimelineAsync_PagedInSmallPages_EveryEntryOfEverySourceOnceNewestFirst(int pageSize, long subMicrosecondTicks)
    {
        var (world, shipped, delivered, _) = await MergedCustomerAsync(subMicrosecondTicks);
        await world.AuthoriseReturnAsync(delivered.Id, ReturnKind.Refund, 1);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await world.Directory.ClassifyAsync(new ClassifyCustomerCommand("cust-a", "b2b", null, "buys for a company"), Agent, None);
        var command = world.Billing.Orders.Command("same-instant", ("L1", "SKU-X", 1));
        command.Order.Customer.Id = "cust-a";
        world.Inventory.Stock("SKU-X", "LOC-X", 1);
        var sameInstant = await world.Lifecycle.CreateAsync(command, "web-shop", None);
        var whole = await WholeTimelineAsync(world, "cust-a");

        var paged = new List<TimelineEntry>();
        string? token = null;
        do
        {
            var page = await world.Overview.GetTimelineAsync("cust-b", pageSize, token, None);
            Assert.InRange(page.Entries.Count, 1, pageSize);
            paged.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(whole, paged);
        var orderEvents = 0;
        foreach (var orderId in new[] { shipped.Id, delivered.Id, sameInstant.Id })
        {
            orderEvents += (await world.Orders.GetHistoryAsync(orderId, None)).Count;
        }

        var customerEvents = (await world.Customers.GetManyAsync(["cust-a", "cust-b"], None)).Sum(c => c.Document.Events.Count);
        Assert.Equal(
            (orderEvents, customerEvents, 2, 1),
            (paged.Count(e => e.Source == TimelineSource.Order), paged.Count(e => e.Source == TimelineSource.Customer),
             paged.Count(e => e.Source == TimelineSource.Document), paged.Count(e => e.Source == TimelineSource.Payment)));
        Assert.Equal(paged.Count, paged.Distinct().Count());
        Assert.True(paged.Zip(paged.Skip(1)).All(p => p.First.At >= p.Second.At), "newest first");
        var invoice = Assert.Single(paged, e => e.Source == TimelineSource.Document && e.Subject.Length > 0 && e.Channel == "web" && e.Summary == "20.00 EUR" && e.Type == BillingEventTypes.InvoiceIssued && e.At == paged.Where(x => x.Source == TimelineSource.Document).Max(x => x.At));
        Assert.StartsWith("RE-", invoice.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTimelineAsync_NewEventsAfterTheFirstPage_TheNextPagesContinueWhereTheFirstEnded()
    {
        var (world, _, _, _) = await MergedCustomerAsync();
        var before = await WholeTimelineAsync(world, "cust-a");
        var first = await world.Overview.GetTimelineAsync("cust-a", 5, null, None);

        await world.OrderAsync("cust-a");
        var rest = new List<TimelineEntry>();
        var token = first.NextPageToken;
        while (token is not null)
        {
            var page = await world.Overview.GetTimelineAsync("cust-a", 5, token, None);
            rest.AddRange(page.Entries);
            token = page.NextPageToken;
        }

        Assert.Equal(before, [.. first.Entries, .. rest]);
        Assert.True((await WholeTimelineAsync(world, "cust-a")).Count > before.Count);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("MTIzfE9yZGVy")]
    [InlineData("MTIzfDl8Y3VzdC1hfDA")]
    [InlineData("eHx8eHx4")]
    public async Task GetTimelineAsync_MalformedPageToken_ArgumentExceptionNamingPageToken(string token)
    {
        var (world, _, _, _) = await MergedCustomerAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => world.Overview.GetTimelineAsync("cust-a", 10, token, None));

        Assert.Equal("page_token", error.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task GetTimelineAsync_PageSizeOutOfRange_ArgumentExceptionNamingPageSize(int pageSize)
    {
        var world = new CustomerViewWorld();
        await world.OrderAsync("cust-a");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => world.Overview.GetTimelineAsync("cust-a", pageSize, null, None));

        Assert.Equal("page_size", error.ParamName);
    }

    [Fact]
    public async Task GetTimelineAsync_PageSizeZero_TwentyEntries()
    {
        var (world, _, _, _) = await MergedCustomerAsync();
        await world.OrderAsync("cust-a");
        await world.OrderAsync("cust-b");
        Assert.True((await WholeTimelineAsync(world, "cust-a")).Count > 20);

        var page = await world.Overview.GetTimelineAsync("cust-a", 0, null, None);

        Assert.Equal((20, true), (page.Entries.Count, page.NextPageToken is not null));
    }
}
