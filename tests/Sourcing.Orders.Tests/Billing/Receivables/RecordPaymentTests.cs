using Sourcing.Orders.Billing;
using Sourcing.Orders.Tests.Storage.Billing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Receivables;

public abstract class RecordPaymentTests : ReceivablesTestBase
{
    [Fact]
    public async Task RecordPayment_RemittanceNamesInvoice_SettlesIt()
    {
        var invoice = await World.InvoiceAsync("C-1", 11_900);

        var outcome = await World.PayAsync(11_900, $"Zahlung {invoice.Number.Replace("-", " ")}", receivedOn: World.Today.AddDays(10));

        Assert.Equal(PaymentMatch.Matched, outcome.Match);
        Assert.Equal("C-1", outcome.Payment.CustomerId);
        var allocation = Assert.Single(outcome.Allocations);
        Assert.Equal((invoice.Id, 11_900L, "auto"), (allocation.InvoiceId, allocation.AmountMinor, allocation.AllocatedBy));
        var item = await World.ItemAsync("C-1", invoice.Id);
        Assert.Equal(0, item.OpenMinor);
        Assert.Equal(World.Today.AddDays(10), item.SettledOn);
        var ledger = await World.LedgerAsync("C-1");
        Assert.Equal((11_900L, 11_900L, 0L, 0L), (ledger.InvoicedMinor, ledger.AllocatedMinor, ledger.OpenItemsMinor, ledger.UnallocatedMinor));
        var account = await World.Store.GetAccountAsync("C-1", CancellationToken.None);
        Assert.Equal((1, 0), (account!.Header.InvoicesPaid, account.Header.InvoicesPaidLate));
    }

    [Fact]
    public async Task RecordPayment_ExplicitInvoiceNumberLessThanOpen_Partial()
    {
        var invoice = await World.InvoiceAsync("C-1", 11_900);

        var outcome = await World.PayAsync(5_000, invoiceNumber: invoice.Number);

        Assert.Equal(PaymentMatch.Partial, outcome.Match);
        Assert.Equal(6_900, (await World.ItemAsync("C-1", invoice.Id)).OpenMinor);
    }

    [Fact]
    public async Task RecordPayment_ExplicitInvoiceNumberWrittenLoosely_Matched()
    {
        var invoice = await World.InvoiceAsync("C-1", 1_500);

        var outcome = await World.PayAsync(1_500, invoiceNumber: $"re {invoice.Year} {invoice.Sequence}");

        Assert.Equal((PaymentMatch.Matched, "C-1"), (outcome.Match, outcome.Payment.CustomerId));
    }

    [Fact]
    public async Task RecordPayment_TwoInvoicesNamedAndMoreMoney_PaysOldestFirstAndKeepsTheRestAsCredit()
    {
        var older = await World.InvoiceAsync("C-1", 3_000, World.Today.AddDays(-20));
        var newer = await World.InvoiceAsync("C-1", 2_000, World.Today.AddDays(-1));

        var outcome = await World.PayAsync(5_500, $"{newer.Number} {older.Number}");

        Assert.Equal(PaymentMatch.Overpaid, outcome.Match);
        Assert.Equal([(older.Id, 3_000L), (newer.Id, 2_000L)], outcome.Allocations.Select(a => (a.InvoiceId, a.AmountMinor)));
        var ledger = await World.LedgerAsync("C-1");
        Assert.Equal((500L, 0L, 0), (ledger.UnallocatedMinor, ledger.OpenItemsMinor, ledger.OverAllocatedPayments));
    }

    [Fact]
    public async Task RecordPayment_LessThanTwoNamedInvoices_FillsTheOlderFirst()
    {
        var older = await World.InvoiceAsync("C-1", 3_000, World.Today.AddDays(-20));
        var newer = await World.InvoiceAsync("C-1", 2_000, World.Today.AddDays(-1));

        var outcome = await World.PayAsync(4_000, $"{newer.Number}, {older.Number}");

        Assert.Equal(PaymentMatch.Partial, outcome.Match);
        Assert.Equal(0, (await World.ItemAsync("C-1", older.Id)).OpenMinor);
        Assert.Equal(1_000, (await World.ItemAsync("C-1", newer.Id)).OpenMinor);
    }

    [Fact]
    public async Task RecordPayment_CustomerOnlyAndExactAmount_PaysTheOldestItemOfThatAmount()
    {
        var other = await World.InvoiceAsync("C-1", 1_000, World.Today.AddDays(-30));
        var oldest = await World.InvoiceAsync("C-1", 2_500, World.Today.AddDays(-20));
        var newest = await World.InvoiceAsync("C-1", 2_500, World.Today.AddDays(-10));

        var outcome = await World.PayAsync(2_500, "danke", customerId: "C-1", receivedOn: World.Today);

        Assert.Equal(PaymentMatch.Matched, outcome.Match);
        Assert.Equal(oldest.Id, Assert.Single(outcome.Allocations).InvoiceId);
        Assert.Equal(1_000, (await World.ItemAsync("C-1", other.Id)).OpenMinor);
        Assert.Equal(2_500, (await World.ItemAsync("C-1", newest.Id)).OpenMinor);
    }

    [Fact]
    public async Task RecordPayment_CustomerOnlyAndNoItemOfThatAmount_LeavesItAsCredit()
    {
        var invoice = await World.InvoiceAsync("C-1", 2_500);

        var outcome = await World.PayAsync(2_000, customerId: "C-1");

        Assert.Equal(PaymentMatch.Overpaid, outcome.Match);
        Assert.Empty(outcome.Allocations);
        Assert.Equal(2_500, (await World.ItemAsync("C-1", invoice.Id)).OpenMinor);
        Assert.Equal(2_000, (await World.LedgerAsync("C-1")).UnallocatedMinor);
    }

    [Fact]
    public async Task RecordPayment_NothingMatches_IsListedUnassignedWithAnEvent()
    {
        await World.InvoiceAsync("C-1", 2_500);

        var outcome = await World.PayAsync(2_500, "Geschenk von Oma", reference: "bank-1");

        Assert.Equal(PaymentMatch.Unmatched, outcome.Match);
        var listed = Assert.Single(await World.Receivables.ListUnassignedPaymentsAsync(null, 10, CancellationToken.None));
        Assert.Equal(("bank-1", "", 2_500L), (listed.ExternalReference, listed.CustomerId, listed.UnallocatedMinor));
        Assert.Equal(outcome.Payment.Id, Assert.Single(await World.EventsAsync(BillingEventTypes.PaymentUnmatched)).PaymentId);
    }

    [Fact]
    public async Task RecordPayment_CurrencyDiffersFromNamedInvoice_RecordedUnallocatedForAClerk()
    {
        var invoice = await World.InvoiceAsync("C-1", 2_500);

        var outcome = await World.PayAsync(2_500, invoice.Number, currency: "CHF");

        Assert.Equal(PaymentMatch.Unmatched, outcome.Match);
        Assert.Equal(2_500, (await World.ItemAsync("C-1", invoice.Id)).OpenMinor);
        var listed = Assert.Single(await World.Receivables.ListUnassignedPaymentsAsync(null, 10, CancellationToken.None));
        Assert.Equal(("CHF", 2_500L), (listed.Currency, listed.UnallocatedMinor));
        Assert.Contains(invoice.Number, Assert.Single(await World.EventsAsync(BillingEventTypes.PaymentUnmatched)).Detail);
    }

    [Fact]
    public async Task RecordPayment_SameReferenceAgain_DuplicateAndNothingChanges()
    {
        var invoice = await World.InvoiceAsync("C-1", 5_000);
        await World.PayAsync(2_000, invoice.Number, reference: "bank-7");

        var repeat = await World.PayAsync(2_000, invoice.Number, reference: "bank-7");

        Assert.Equal(PaymentMatch.Duplicate, repeat.Match);
        Assert.Empty(repeat.Allocations);
        var ledger = await World.LedgerAsync("C-1");
        Assert.Equal((2_000L, 2_000L, 3_000L), (ledger.PaymentsMinor, ledger.AllocatedMinor, ledger.OpenItemsMinor));
    }

    [Fact]
    public async Task RecordPayment_SameReferenceConcurrently_RecordedOnce()
    {
        var invoice = await World.InvoiceAsync("C-1", 5_000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => World.PayAsync(1_000, invoice.Number, reference: "bank-9"))));

        Assert.Single(outcomes, o => o.Match != PaymentMatch.Duplicate);
        Assert.Equal(1_000, (await World.LedgerAsync("C-1")).PaymentsMinor);
    }

    [Fact]
    public async Task RecordPayment_WithinDiscountPeriodOpenLessDiscount_SettlesAndCreditsTheDiscount()
    {
        var invoice = await World.InvoiceAsync("C-1", 11_900);

        var outcome = await World.PayAsync(11_662, invoice.Number, receivedOn: invoice.DiscountUntil);

        Assert.Equal(PaymentMatch.Matched, outcome.Match);
        var item = await World.ItemAsync("C-1", invoice.Id);
        Assert.Equal((0L, 238L, 11_662L), (item.OpenMinor, item.CreditedMinor, item.PaidMinor));
        var note = Assert.Single(await World.Store.ListDocumentsAsync("C-1", null, 10, CancellationToken.None), d => d.Kind == BillingDocumentKind.CreditNote);
        Assert.Equal(("GS-2026-000001", 238L, CreditReason.PriceAdjustment, "Skonto", invoice.Id), (note.Number, note.GrossTotalMinor, note.CreditReason, note.ReasonText, note.CorrectsInvoiceId));
        var line = Assert.Single(note.Lines);
        Assert.Equal((1900, 200L, 38L), (line.VatRateBasisPoints, line.NetMinor, line.VatMinor));
        var ledger = await World.LedgerAsync("C-1");
        Assert.Equal(ledger.InvoicedMinor - ledger.CreditedMinor - ledger.AllocatedMinor, ledger.OpenItemsMinor);
    }

    [Fact]
    public async Task RecordPayment_DiscountedAmountAfterTheDiscountPeriod_LeavesTheDiscountOpen()
    {
        var invoice = await World.InvoiceAsync("C-1", 11_900);

        var outcome = await World.PayAsync(11_662, invoice.Number, receivedOn: invoice.DiscountUntil!.Value.AddDays(1));

        Assert.Equal(PaymentMatch.Partial, outcome.Match);
        Assert.Equal(238, (await World.ItemAsync("C-1", invoice.Id)).OpenMinor);
        Assert.DoesNotContain(await World.Store.ListDocumentsAsync("C-1", null, 10, CancellationToken.None), d => d.Kind == BillingDocumentKind.CreditNote);
    }

    [Fact]
    public async Task RecordPayment_CustomerOnlyDiscountedAmountInTime_TakesSkonto()
    {
        var invoice = await World.InvoiceAsync("C-1", 10_000);

        var outcome = await World.PayAsync(9_800, customerId: "C-1");

        Assert.Equal(PaymentMatch.Matched, outcome.Match);
        Assert.Equal((0L, 200L), ((await World.ItemAsync("C-1", invoice.Id)).OpenMinor, (await World.LedgerAsync("C-1")).CreditedMinor));
    }

    [Theory]
    [InlineData(0, "EUR")]
    [InlineData(-1, "EUR")]
    [InlineData(1_000_000_000_000_001, "EUR")]
    [InlineData(long.MaxValue, "EUR")]
    [InlineData(100, "XXY")]
    [InlineData(100, "eur")]
    [InlineData(100, "")]
    public async Task RecordPayment_AmountOrCurrencyInvalid_RefusedAndNothingRecorded(long amount, string currency)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => World.PayAsync(amount, customerId: "C-1", currency: currency));

        Assert.Equal(0, await World.Store.LatestPositionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RecordPayment_PrepaymentsReachTheOrderTotal_SaysSoOnce()
    {
        var document = TestOrders.Document("O-7", ("L1", "SKU-1", 3));
        document.PaymentMethod = PaymentMethods.Prepayment;
        await World.Orders.InsertAsync(Order.Create(document, "tester", ReceivablesWorld.Start), "req-7", "fp", CancellationToken.None);

        var first = await World.PayAsync(2_000, "Anzahlung", orderId: "O-7");
        Assert.Empty(await World.EventsAsync(BillingEventTypes.PrepaymentReceived));
        await World.PayAsync(1_000, "Rest", orderId: "O-7");
        await World.PayAsync(500, "nochmal", orderId: "O-7");

        Assert.Equal(("C-1", PaymentMatch.Overpaid), (first.Payment.CustomerId, first.Match));
        var received = Assert.Single(await World.EventsAsync(BillingEventTypes.PrepaymentReceived));
        Assert.Equal(("O-7", "C-1", 3_000L), (received.OrderId, received.CustomerId, received.AmountMinor));
    }

    [Fact]
    public async Task RecordPayment_PaysAnItemThatRaisedTheDunningLevel_LevelDrops()
    {
        var invoice = await World.InvoiceAsync("C-1", 4_000, World.Today.AddDays(-40));
        await World.Store.ChangeAccountsAsync(["C-1"], AccountLoad.Default, account =>
        {
            account.Items[0].DunningLevel = 2;
            account.Touch(account.Items[0]);
            account.Header.DunningLevel = 2;
            account.TouchHeader();
            return 0;
        }, CancellationToken.None);

        await World.PayAsync(4_000, invoice.Number);

        var account = await World.Store.GetAccountAsync("C-1", CancellationToken.None);
        Assert.Equal((0, 1, 1), (account!.Header.DunningLevel, account.Header.InvoicesPaid, account.Header.InvoicesPaidLate));
    }
}

public sealed class InMemoryRecordPaymentTests : RecordPaymentTests
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.InMemory();
}

public sealed class PostgresRecordPaymentTests(PostgresBillingStoreFixture postgres) : RecordPaymentTests, IClassFixture<PostgresBillingStoreFixture>
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.FreshPostgres(postgres);
}
