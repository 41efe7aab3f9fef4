using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Tests.Storage.Billing;
using Sourcing.Orders.Billing.Dunning;
using Sourcing.Orders.Tests.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Dunning;

public abstract class DunningServiceTests : ReceivablesTestBase
{
    private static readonly DateOnly Issued = new(2026, 1, 5);

    /// <summary>Due 14 days after <see cref="Issued"/>.</summary>
    private static readonly DateOnly Due = Issued.AddDays(14);

    private DunningService Dunning => new(World.Store, World.Options, World.Clock, NullLogger<DunningService>.Instance);

    private Task<DunningRunResult> RunAsync(DateOnly asOf, IProgress<DunningProgress>? progress = null) =>
        Dunning.RunAsync(asOf, "dunning", progress, CancellationToken.None);

    [Fact]
    public async Task Run_SixDaysPastDue_RaisesNothing()
    {
        await World.InvoiceAsync("C-1", 5_000, Issued);

        var result = await RunAsync(Due.AddDays(6));

        Assert.Equal(0, result.ItemsRaised);
        Assert.Empty(await World.EventsAsync(BillingEventTypes.DunningLevelRaised));
    }

    [Fact]
    public async Task Run_SevenDaysPastDue_RaisesToTheFirstLevelWithoutAFee()
    {
        var invoice = await World.InvoiceAsync("C-1", 5_000, Issued);

        var result = await RunAsync(Due.AddDays(7));

        Assert.Equal(new DunningRunResult(1, 1, 1, 0, 0), result);
        var item = await World.ItemAsync("C-1", invoice.Id);
        Assert.Equal((1, Due.AddDays(7)), (item.DunningLevel, item.LastDunnedOn));
        Assert.Equal(1, (await World.Store.GetAccountAsync("C-1", CancellationToken.None))!.Header.DunningLevel);
        var raised = Assert.Single(await World.EventsAsync(BillingEventTypes.DunningLevelRaised));
        Assert.Equal(("C-1", $"{invoice.Number}:1", 5_000L), (raised.CustomerId, raised.Detail, raised.AmountMinor));
    }

    [Fact]
    public async Task Run_LongOverdue_RisesOneLevelPerRunAndNotAgainWithinSevenDays()
    {
        var invoice = await World.InvoiceAsync("C-1", 5_000, Issued);
        var day = Due.AddDays(60);

        await RunAsync(day);
        var sameDay = await RunAsync(day);
        var sixDaysLater = await RunAsync(day.AddDays(6));
        var second = await RunAsync(day.AddDays(7));
        var third = await RunAsync(day.AddDays(14));
        var beyond = await RunAsync(day.AddDays(21));

        Assert.Equal((0, 0, 0), (sameDay.ItemsRaised, sixDaysLater.ItemsRaised, beyond.ItemsRaised));
        Assert.Equal((1, 1, 500L), (second.ItemsRaised, second.FeeInvoices, second.FeesMinor));
        Assert.Equal((1, 1, 1_000L), (third.ItemsRaised, third.FeeInvoices, third.FeesMinor));
        Assert.Equal(3, (await World.ItemAsync("C-1", invoice.Id)).DunningLevel);
        var fees = (await World.Store.ListDocumentsAsync("C-1", null, 10, CancellationToken.None)).Where(d => d.Purpose == InvoicePurpose.DunningFee).OrderBy(d => d.Sequence).ToList();
        Assert.Equal(["MG-2026-000001", "MG-2026-000002"], fees.Select(f => f.Number));
        Assert.All(fees, f => Assert.Equal((0, 0L), (Assert.Single(f.Lines).VatRateBasisPoints, f.VatTotalMinor)));
        Assert.Equal([500L, 1_000L], fees.Select(f => f.GrossTotalMinor));
        Assert.Contains("Mahngebühr Stufe 3", fees[1].Lines[0].Description);
        Assert.Equal(3, (await World.Store.GetAccountAsync("C-1", CancellationToken.None))!.Header.DunningLevel);
    }

    [Fact]
    public async Task Run_ItemsAtDifferentLevels_OneFeeInvoiceForTheHighestLevelRaised()
    {
        var older = await World.InvoiceAsync("C-1", 5_000, Issued);
        var newer = await World.InvoiceAsync("C-1", 2_000, Issued.AddDays(25));
        await RunAsync(Due.AddDays(30));

        var result = await RunAsync(Due.AddDays(45));

        Assert.Equal((2, 1, 500L), (result.ItemsRaised, result.FeeInvoices, result.FeesMinor));
        Assert.Equal((2, 1), ((await World.ItemAsync("C-1", older.Id)).DunningLevel, (await World.ItemAsync("C-1", newer.Id)).DunningLevel));
        var fee = Assert.Single(await World.Store.ListDocumentsAsync("C-1", null, 10, CancellationToken.None), d => d.Purpose == InvoicePurpose.DunningFee);
        Assert.Contains(older.Number, fee.Lines[0].Description);
    }

    [Fact]
    public async Task Run_AgainOnADayThatRaisedOtherItems_ChargesTheNewItemsOwnFee()
    {
        World.Options.Dunning.Levels[0].FeeMinor = 100;
        await World.InvoiceAsync("C-1", 5_000, Issued);
        var day = Due.AddDays(40);
        var first = await RunAsync(day);
        // A run on request for an earlier day reminds an item that was not overdue enough then; on the day itself it was.
        var later = await World.InvoiceAsync("C-1", 2_000, Issued.AddDays(15));
        await RunAsync(day.AddDays(-15));

        var again = await RunAsync(day);

        Assert.Equal((1, 1, 100L), (first.ItemsRaised, first.FeeInvoices, first.FeesMinor));
        Assert.Equal((1, 1, 500L), (again.ItemsRaised, again.FeeInvoices, again.FeesMinor));
        Assert.Equal(2, (await World.ItemAsync("C-1", later.Id)).DunningLevel);
        Assert.Equal(3, (await World.Store.ListDocumentsAsync("C-1", null, 10, CancellationToken.None)).Count(d => d.Purpose == InvoicePurpose.DunningFee));
    }

    [Fact]
    public async Task Run_FeeInvoiceOverdue_IsNotDunnedItself()
    {
        await World.InvoiceAsync("C-1", 5_000, Issued);
        await RunAsync(Due.AddDays(30));
        await RunAsync(Due.AddDays(37));

        await RunAsync(Due.AddDays(120));

        var fees = (await World.Store.ListDocumentsAsync("C-1", null, 10, CancellationToken.None)).Where(d => d.Purpose == InvoicePurpose.DunningFee).ToList();
        Assert.Equal(2, fees.Count);
        foreach (var fee in fees)
        {
            Assert.Equal(0, (await World.ItemAsync("C-1", fee.Id)).DunningLevel);
        }
    }

    [Fact]
    public async Task Run_ThenTheItemIsPaid_TheCustomersLevelDrops()
    {
        var invoice = await World.InvoiceAsync("C-1", 5_000, Issued);
        await RunAsync(Due.AddDays(30));

        await World.PayAsync(5_000, invoice.Number);

        Assert.Equal(0, (await World.Store.GetAccountAsync("C-1", CancellationToken.None))!.Header.DunningLevel);
    }

    [Fact]
    public async Task Run_MoreCustomersThanAPage_RaisesEveryoneAndReportsEachPage()
    {
        for (var i = 0; i < 450; i++)
        {
            await World.InvoiceAsync($"C-{i:D4}", 1_000, Issued);
        }

        await World.InvoiceAsync("C-paid", 1_000, Issued.AddDays(60));
        var reports = new List<DunningProgress>();

        var result = await RunAsync(Due.AddDays(7), new SyncProgress<DunningProgress>(reports.Add));

        Assert.Equal((450, 450, 450), (result.CustomersChecked, result.CustomersRaised, result.ItemsRaised));
        Assert.Equal([200, 400, 450], reports.Select(r => r.CustomersChecked));
    }

    [Fact]
    public async Task Run_MoreThanOnePage_ChangesTheNextPageWhileThePreviousIsStillBeingSaved()
    {
        for (var i = 0; i < 2 * DunningService.PageSize + 50; i++)
        {
            await World.InvoiceAsync($"C-{i:D4}", 1_000, Issued);
        }

        var probe = new OverlapProbeBillingStore(World.Store);
        var dunning = new DunningService(probe, World.Options, World.Clock, NullLogger<DunningService>.Instance);
        var reports = new List<DunningProgress>();

        var result = await dunning.RunAsync(Due.AddDays(7), "dunning", new SyncProgress<DunningProgress>(reports.Add), CancellationToken.None);

        // Two pages at once (never more: memory stays bounded), every item raised once, progress still page by page.
        Assert.Equal(DunningService.PagesInFlight, probe.MostAtOnce);
        Assert.Equal((450, 450), (result.CustomersRaised, result.ItemsRaised));
        Assert.Equal([200, 400, 450], reports.Select(r => r.CustomersChecked));
        Assert.Equal(450, (await World.EventsAsync(BillingEventTypes.DunningLevelRaised)).Count);
    }

    [Fact]
    public async Task Run_TwoRunsConcurrentlyOnOneDay_RaiseEachItemOnce()
    {
        for (var i = 0; i < 50; i++)
        {
            await World.InvoiceAsync($"C-{i:D2}", 1_000, Issued);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => RunAsync(Due.AddDays(30)))));

        Assert.Equal(50, results.Sum(r => r.ItemsRaised));
        Assert.Equal(50, (await World.EventsAsync(BillingEventTypes.DunningLevelRaised)).Count);
    }
}

public sealed class InMemoryDunningServiceTests : DunningServiceTests
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.InMemory();
}

public sealed class PostgresDunningServiceTests(PostgresBillingStoreFixture postgres) : DunningServiceTests, IClassFixture<PostgresBillingStoreFixture>
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.FreshPostgres(postgres);
}
