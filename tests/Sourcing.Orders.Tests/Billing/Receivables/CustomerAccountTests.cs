using Sourcing.Orders.Billing;
using Sourcing.Orders.Tests.Storage.Billing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Receivables;

public abstract class CustomerAccountTests : ReceivablesTestBase
{
    private CustomerAccounts Accounts => new(World.Store);

    [Fact]
    public async Task GetAccount_ItemsPaymentsAndCredit_SumsPerCurrency()
    {
        var overdue = await World.InvoiceAsync("C-1", 5_000, World.Today.AddDays(-20));
        var current = await World.InvoiceAsync("C-1", 3_000, World.Today.AddDays(-2));
        var franc = await World.InvoiceAsync("C-1", 7_000, World.Today.AddDays(-30), currency: "CHF");
        await World.PayAsync(1_000, overdue.Number);
        await World.PayAsync(250, customerId: "C-1");

        var view = await Accounts.GetAccountAsync("C-1", World.Today, CancellationToken.None);

        Assert.Equal(
            [new CurrencyBalance("CHF", 7_000, 7_000, 0), new CurrencyBalance("EUR", 7_000, 4_000, 250)],
            view.Balances);
        Assert.Equal([franc.Id, overdue.Id, current.Id], view.OpenItems.Select(i => i.InvoiceId));
        var first = view.OpenItems.Single(i => i.InvoiceId == overdue.Id);
        Assert.Equal((overdue.Number, 4_000L, 1_000L, overdue.DueDate!.Value, 6), (first.Number, first.OpenMinor, first.PaidMinor, first.DueDate, first.DaysOverdue));
        Assert.Equal(0, view.OpenItems.Single(i => i.InvoiceId == current.Id).DaysOverdue);
        Assert.Equal([250L, 1_000L], view.RecentPayments.Select(p => p.AmountMinor).Order());
    }

    [Fact]
    public async Task GetAccount_SkontoTakenAndDunned_ShowsTheCreditNoteAndLevel()
    {
        var discounted = await World.InvoiceAsync("C-1", 10_000);
        var late = await World.InvoiceAsync("C-1", 2_000, World.Today.AddDays(-40));
        await World.PayAsync(9_800, discounted.Number);
        await World.Store.ChangeAccountsAsync(["C-1"], new AccountLoad([late.Id], []), account =>
        {
            account.Items.Single(i => i.InvoiceId == late.Id).DunningLevel = 2;
            account.Touch(account.Items.Single(i => i.InvoiceId == late.Id));
            account.Header.DunningLevel = 2;
            account.TouchHeader();
            return 0;
        }, CancellationToken.None);

        var view = await Accounts.GetAccountAsync("C-1", World.Today, CancellationToken.None);

        var note = Assert.Single(view.CreditNotes);
        Assert.Equal((200L, discounted.Number), (note.GrossTotalMinor, note.CorrectsInvoiceNumber));
        Assert.Equal(2, view.DunningLevel);
        Assert.Equal((late.Id, 2), (Assert.Single(view.OpenItems).InvoiceId, view.OpenItems[0].DunningLevel));
        Assert.Equal(1, view.InvoicesPaid);
    }

    [Fact]
    public async Task GetAccount_UnknownCustomer_EmptyAccount()
    {
        var view = await Accounts.GetAccountAsync("C-none", World.Today, CancellationToken.None);

        Assert.Equal((0, (long?)null), (view.DunningLevel, view.CreditLimitMinor));
        Assert.Empty(view.Balances);
        Assert.Empty(view.OpenItems);
    }

    [Fact]
    public async Task SetCreditLimit_SetThenRemoved_AccountShowsEach()
    {
        await Accounts.SetCreditLimitAsync("C-1", 50_000, "finance", CancellationToken.None);
        var set = await Accounts.GetAccountAsync("C-1", World.Today, CancellationToken.None);
        await Accounts.SetCreditLimitAsync("C-1", null, "finance", CancellationToken.None);
        var removed = await Accounts.GetAccountAsync("C-1", World.Today, CancellationToken.None);

        Assert.Equal(50_000, set.CreditLimitMinor);
        Assert.Null(removed.CreditLimitMinor);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_000_000_000_001)]
    public async Task SetCreditLimit_OutOfRange_RefusedAndNothingStored(long limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Accounts.SetCreditLimitAsync("C-1", limit, "finance", CancellationToken.None));

        Assert.Null(await World.Store.GetAccountAsync("C-1", CancellationToken.None));
    }

    [Fact]
    public async Task CreditFacts_DueYesterdayInBerlinButTodayInUtc_CountsAsOverdue()
    {
        // 23:30 UTC on 10 March is already 11 March in Berlin: an invoice due on 10 March is overdue there.
        var invoice = await World.InvoiceAsync("C-1", 4_000, new DateOnly(2026, 2, 24));
        Assert.Equal(new DateOnly(2026, 3, 10), invoice.DueDate);
        await World.PayAsync(500, customerId: "C-1");
        await Accounts.SetCreditLimitAsync("C-1", 9_000, "finance", CancellationToken.None);
        World.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 23, 30, 0, TimeSpan.Zero));
        var reader = new CreditFactsReader(World.Store, World.Options, World.Clock);

        var facts = await reader.GetAsync("C-1", "EUR", CancellationToken.None);

        Assert.Equal(new CustomerCreditFacts(4_000, 4_000, 0, 9_000, 0, 0, 500), facts);
        Assert.Equal(new CustomerCreditFacts(0, 0, 0, 9_000, 0, 0, 0), await reader.GetAsync("C-1", "CHF", CancellationToken.None));
    }

    [Fact]
    public async Task CreditFacts_UnknownCustomer_None()
    {
        var reader = new CreditFactsReader(World.Store, World.Options, World.Clock);

        Assert.Same(CustomerCreditFacts.None, await reader.GetAsync("C-none", "EUR", CancellationToken.None));
    }
}

public sealed class InMemoryCustomerAccountTests : CustomerAccountTests
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.InMemory();
}

public sealed class PostgresCustomerAccountTests(PostgresBillingStoreFixture postgres) : CustomerAccountTests, IClassFixture<PostgresBillingStoreFixture>
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.FreshPostgres(postgres);
}
