using Sourcing.Orders.Billing;
using Sourcing.Orders.Tests.Storage.Billing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Receivables;

public abstract class AssignPaymentTests : ReceivablesTestBase
{
    [Fact]
    public async Task AssignPayment_UnassignedToAnInvoice_SettlesItAndLeavesTheList()
    {
        var invoice = await World.InvoiceAsync("C-1", 2_500);
        var unmatched = await World.PayAsync(3_000, "???");

        var outcome = await World.Receivables.AssignPaymentAsync(unmatched.Payment.Id, "C-1", [invoice.Id], "clerk-anna", CancellationToken.None);

        Assert.Equal(PaymentMatch.Overpaid, outcome.Match);
        var allocation = Assert.Single(outcome.Allocations);
        Assert.Equal((2_500L, "clerk-anna"), (allocation.AmountMinor, allocation.AllocatedBy));
        Assert.Empty(await World.Receivables.ListUnassignedPaymentsAsync(null, 10, CancellationToken.None));
        var ledger = await World.LedgerAsync("C-1");
        Assert.Equal((3_000L, 500L, 0L), (ledger.PaymentsMinor, ledger.UnallocatedMinor, ledger.OpenItemsMinor));
    }

    [Fact]
    public async Task AssignPayment_NoInvoices_BecomesTheCustomersCredit()
    {
        var unmatched = await World.PayAsync(3_000, "???");

        var outcome = await World.Receivables.AssignPaymentAsync(unmatched.Payment.Id, "C-2", [], "clerk-anna", CancellationToken.None);

        Assert.Equal(("C-2", PaymentMatch.Overpaid), (outcome.Payment.CustomerId, outcome.Match));
        Assert.Equal(3_000, (await World.LedgerAsync("C-2")).UnallocatedMinor);
    }

    [Fact]
    public async Task AssignPayment_CreditOfOneCustomerToALaterInvoice_Allocates()
    {
        var credit = await World.PayAsync(1_000, customerId: "C-1");
        var invoice = await World.InvoiceAsync("C-1", 2_500);

        var outcome = await World.Receivables.AssignPaymentAsync(credit.Payment.Id, "C-1", [invoice.Id], "clerk-anna", CancellationToken.None);

        Assert.Equal(PaymentMatch.Partial, outcome.Match);
        Assert.Equal(1_500, (await World.ItemAsync("C-1", invoice.Id)).OpenMinor);
    }

    [Fact]
    public async Task AssignPayment_AnotherCustomersInvoice_RefusedAndNothingChanges()
    {
        var foreign = await World.InvoiceAsync("C-2", 2_500);
        var unmatched = await World.PayAsync(2_500, "???");

        await Assert.ThrowsAsync<BillingNotFoundException>(() => World.Receivables.AssignPaymentAsync(unmatched.Payment.Id, "C-1", [foreign.Id], "clerk", CancellationToken.None));

        Assert.Equal(2_500, (await World.ItemAsync("C-2", foreign.Id)).OpenMinor);
        Assert.Single(await World.Receivables.ListUnassignedPaymentsAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task AssignPayment_AnotherCustomersPayment_Refused()
    {
        var credit = await World.PayAsync(1_000, customerId: "C-2");

        var refused = await Assert.ThrowsAsync<BillingStateException>(() => World.Receivables.AssignPaymentAsync(credit.Payment.Id, "C-1", [], "clerk", CancellationToken.None));

        Assert.Equal("payment_of_other_customer", refused.Code);
        Assert.Equal(1_000, (await World.LedgerAsync("C-2")).UnallocatedMinor);
    }

    [Fact]
    public async Task AssignPayment_UnknownPayment_NotFound()
    {
        await Assert.ThrowsAsync<BillingNotFoundException>(() => World.Receivables.AssignPaymentAsync("pay_nope", "C-1", [], "clerk", CancellationToken.None));
    }
}

public sealed class InMemoryAssignPaymentTests : AssignPaymentTests
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.InMemory();
}

public sealed class PostgresAssignPaymentTests(PostgresBillingStoreFixture postgres) : AssignPaymentTests, IClassFixture<PostgresBillingStoreFixture>
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.FreshPostgres(postgres);
}
