using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Storage.Billing;

/// <summary>The embedded default passes the same contract as PostgreSQL (a fresh store per test).</summary>
public sealed class InMemoryBillingStoreTests : BillingStoreContract
{
    protected override IBillingStore Store { get; } = new InMemoryBillingStore();

    [Fact]
    public async Task ChangeAccountsAsync_ChangeKeepsTheLoadedObjects_LaterChangesOfThemDoNotReachTheStore()
    {
        var customer = Customer("copies");
        var (invoice, item) = NewInvoice(customer, 1_000, "shipment:c1");
        await IssueAsync(customer, invoice, item);
        OpenItem? kept = null;
        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account => kept = Assert.Single(account.Items), default);

        kept!.PaidMinor = 999;
        item.PaidMinor = 999;
        invoice.GrossTotalMinor = 1;

        Assert.Equal(0, Assert.Single((await Store.GetAccountAsync(customer, default))!.Items).PaidMinor);
        Assert.Equal(1_000, (await Store.GetDocumentAsync(invoice.Id, default))!.GrossTotalMinor);
    }
}
