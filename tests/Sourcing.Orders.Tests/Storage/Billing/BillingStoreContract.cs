using System.Collections.Concurrent;
using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Tests.Storage.Billing;

/// <summary>
/// What every <see cref="IBillingStore"/> must do, run against each implementation. A store may be shared by the tests
/// of a class (a database per class), so each test uses customers, a number series and references of its own and never
/// counts what others wrote.
/// </summary>
public abstract class BillingStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    protected const int Year = 2026;

    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    protected abstract IBillingStore Store { get; }

    /// <summary>A number series no other test uses, so sequences start at 1.</summary>
    protected string Series { get; } = "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    protected string Customer(string name) => $"cus-{_run}-{name}";

    // ---- Writing and reading back ---------------------------------------------------------------------------------

    [Fact]
    public async Task ChangeAccountsAsync_EveryRecordedKind_ReadsBackWhatWasRecorded()
    {
        var customer = Customer("all");
        var (invoice, item) = NewInvoice(customer, 11_900, "shipment:s1");
        var credit = NewCreditNote(customer, invoice, 1_190, "req-credit-1");
        var payment = NewPayment(customer, 5_000, "bank-" + _run + "-1");

        var results = await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(invoice, item);
            account.AddDocument(credit, null);
            item.CreditedMinor = 1_190;
            account.AddPayment(payment);
            account.AddAllocation(NewAllocation(payment, invoice, 4_000));
            item.PaidMinor = 4_000;
            payment.UnallocatedMinor = 1_000;
            item.DunningLevel = 1;
            account.Header.DunningLevel = 1;
            account.Header.CreditLimitMinor = 50_000;
            account.Header.InvoicesPaid = 3;
            account.Header.InvoicesPaidLate = 1;
            account.Header.Buyer = new BillingParty { Name = "Erika Mustermann", City = "Köln", PostalCode = "50667", Country = "DE" };
            account.TouchHeader();
            account.AddEvent(Event(BillingEventTypes.InvoiceIssued, customer, invoice.Id, "", 11_900));
            account.AddEvent(Event(BillingEventTypes.PaymentReceived, customer, "", payment.Id, 5_000));
            return account.NewDocuments.Count;
        }, default);

        Assert.Equal([2], results);
        var expectedNumber = $"{Series}-{Year}-000001";
        Assert.Equal(expectedNumber, invoice.Number);
        Assert.Equal(1, invoice.Sequence);
        Assert.Equal(2, credit.Sequence);

        var stored = await Store.GetDocumentAsync(invoice.Id, default);
        Assert.NotNull(stored);
        Assert.Equal(expectedNumber, stored.Number);
        Assert.Equal(11_900, stored.GrossTotalMinor);
        Assert.Equal("Weinstraße 7", stored.Buyer.Street);
        Assert.Equal(2, stored.Lines.Count);
        Assert.Equal(new DateOnly(2026, 11, 16), stored.DueDate);
        Assert.Equal(T0, stored.IssuedAt);
        Assert.Equal(invoice.Id, (await Store.FindDocumentAsync(BillingDocumentKind.Invoice, "shipment:s1" + _run, default))?.Id);
        Assert.Equal(credit.Id, (await Store.FindDocumentAsync(BillingDocumentKind.CreditNote, "req-credit-1" + _run, default))?.Id);
        Assert.Equal(CreditReason.Return, (await Store.GetDocumentAsync(credit.Id, default))?.CreditReason);
        Assert.Null(await Store.FindDocumentAsync(BillingDocumentKind.CreditNote, "shipment:s1" + _run, default));
        Assert.Equal(invoice.Id, (await Store.FindDocumentByNumberAsync(expectedNumber, default))?.Id);
        var byNumber = await Store.FindInvoicesByNumberAsync([expectedNumber, credit.Number, "RE-1999-000001"], default);
        Assert.Equal((invoice.Id, customer), Assert.Single(byNumber).Value);
        Assert.Equal([credit.Id, invoice.Id], (await Store.ListDocumentsAsync(customer, null, 10, default)).Select(d => d.Id));
        Assert.Empty(await Store.ListDocumentsAsync(customer, "another-order", 10, default));

        var account = await Store.GetAccountAsync(customer, default);
        Assert.NotNull(account);
        Assert.Equal(1, account.Header.Version);
        Assert.Equal(1, account.Header.DunningLevel);
        Assert.Equal(50_000, account.Header.CreditLimitMinor);
        Assert.Equal((3, 1), (account.Header.InvoicesPaid, account.Header.InvoicesPaidLate));
        Assert.Equal("Köln", account.Header.Buyer.City);
        var openItem = Assert.Single(account.Items);
        Assert.Equal((expectedNumber, 1_190L, 4_000L, 6_710L), (openItem.Number, openItem.CreditedMinor, openItem.PaidMinor, openItem.OpenMinor));
        Assert.Equal(1_000, Assert.Single(account.Payments).UnallocatedMinor);
        Assert.Equal(payment.Id, Assert.Single(await Store.ListPaymentsAsync(customer, 10, default)).Id);
        Assert.Equal([payment.ExternalReference], await Store.FindPaymentReferencesAsync([payment.ExternalReference, "nobody-" + _run], default));

        var ledger = Assert.Single(await Store.GetLedgerTotalsAsync(customer, default));
        Assert.Equal(new LedgerTotals("EUR", 11_900, 1_190, 4_000, 6_710, 5_000, 1_000, 0), ledger);
        Assert.Equal(ledger.InvoicedMinor - ledger.CreditedMinor - ledger.AllocatedMinor, ledger.OpenItemsMinor);

        var feed = await OwnEventsAsync(customer);
        Assert.Equal([BillingEventTypes.InvoiceIssued, BillingEventTypes.PaymentReceived], feed.Select(e => e.Event.Type));
        Assert.Equal(feed[0].Position + 1, feed[1].Position);
        Assert.Equal(Event(BillingEventTypes.InvoiceIssued, customer, invoice.Id, "", 11_900), feed[0].Event);
    }

    [Fact]
    public async Task ChangeAccountsAsync_LoadedItemAndPaymentTouched_SavesTheirNewAmountsAndASettledItemLeavesTheAccount()
    {
        var customer = Customer("touch");
        var (invoice, item) = NewInvoice(customer, 10_000, "shipment:t1");
        var payment = NewPayment(customer, 3_000, "bank-" + _run + "-t");
        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(invoice, item);
            account.AddPayment(payment);
            return 0;
        }, default);

        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            var loadedItem = Assert.Single(account.Items);
            var loadedPayment = Assert.Single(account.Payments);
            loadedItem.PaidMinor = 10_000;
            loadedItem.SettledOn = new DateOnly(2026, 11, 5);
            loadedPayment.UnallocatedMinor = 0;
            account.Touch(loadedItem);
            account.Touch(loadedPayment);
            account.AddAllocation(NewAllocation(loadedPayment, invoice, 3_000));
            account.AddPayment(NewPayment(customer, 7_000, "bank-" + _run + "-t2", unallocated: 0));
            return 0;
        }, default);

        var after = (await Store.GetAccountAsync(customer, default))!;
        Assert.Equal(2, after.Header.Version);
        Assert.Empty(after.Items);
        Assert.Empty(after.Payments);
        var settled = await Store.ChangeAccountsAsync([customer], new AccountLoad([invoice.Id], [payment.Id]), account =>
            (Item: Assert.Single(account.Items), Payment: Assert.Single(account.Payments)), default);
        Assert.Equal((10_000L, new DateOnly(2026, 11, 5), 0L), (settled[0].Item.PaidMinor, settled[0].Item.SettledOn, settled[0].Payment.UnallocatedMinor));
        Assert.Equal(2, (await Store.GetAccountAsync(customer, default))!.Header.Version);
    }

    [Fact]
    public async Task GetAccountAsync_CustomerWithoutAccount_ReturnsNull()
    {
        Assert.Null(await Store.GetAccountAsync(Customer("nobody"), default));
        Assert.Empty(await Store.GetLedgerTotalsAsync(Customer("nobody"), default));
        Assert.Null(await Store.GetDocumentAsync("inv_" + _run, default));
        Assert.Null(await Store.FindDocumentByNumberAsync($"{Series}-{Year}-000001", default));
    }

    [Fact]
    public async Task ChangeAccountsAsync_250AccountsInOneCall_SavesEachAccountsInvoiceItemAndHeader()
    {
        // The dunning run's shape: hundreds of accounts changed by one call, each with a document of its own.
        var customers = Enumerable.Range(0, 250).Select(i => Customer($"bulk{i:D3}")).ToList();
        var invoices = customers.ToDictionary(c => c, c => NewInvoice(c, 500, "dunning:" + c));

        var results = await Store.ChangeAccountsAsync(customers, AccountLoad.Default, account =>
        {
            var (invoice, item) = invoices[account.CustomerId];
            account.AddDocument(invoice, item);
            item.DunningLevel = 1;
            account.Header.DunningLevel = 1;
            account.TouchHeader();
            account.AddEvent(Event(BillingEventTypes.DunningLevelRaised, account.CustomerId, invoice.Id, "", 500));
            return account.CustomerId;
        }, default);

        Assert.Equal(customers, results);
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), await Store.ListSequencesAsync(Series, Year, default));
        foreach (var customer in new[] { customers[0], customers[137], customers[^1] })
        {
            var account = (await Store.GetAccountAsync(customer, default))!;
            Assert.Equal((1L, 1), (account.Header.Version, account.Header.DunningLevel));
            Assert.Equal(invoices[customer].Document.Number, Assert.Single(account.Items).Number);
        }
    }

    [Fact]
    public async Task ChangeAccountsAsync_ChangeSettlesTheDunnedItem_HeaderLevelFollowsTheItems()
    {
        var customer = Customer("settled");
        var (invoice, item) = NewInvoice(customer, 2_000, "shipment:dunned");
        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(invoice, item);
            item.DunningLevel = 2;
            return 0;
        }, default);
        Assert.Equal(2, (await Store.GetAccountAsync(customer, default))!.Header.DunningLevel);

        // A change that settles the item and says nothing about the header (a credit note or a capture does that).
        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            var loaded = Assert.Single(account.Items);
            loaded.CreditedMinor = loaded.GrossMinor;
            account.Touch(loaded);
            return 0;
        }, default);

        Assert.Equal(0, (await Store.GetAccountAsync(customer, default))!.Header.DunningLevel);
    }

    // ---- Nothing saved on failure ---------------------------------------------------------------------------------

    [Fact]
    public async Task ChangeAccountsAsync_ChangeThrows_SavesNothingAndTheNumberIsIssuedNext()
    {
        var customer = Customer("throws");
        var (invoice, item) = NewInvoice(customer, 5_000, "shipment:x1");
        var before = await Store.LatestPositionAsync(default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ChangeAccountsAsync<int>([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(invoice, item);
            account.AddPayment(NewPayment(customer, 100, "bank-" + _run + "-x"));
            account.Header.DunningLevel = 2;
            account.TouchHeader();
            account.AddEvent(Event(BillingEventTypes.InvoiceIssued, customer, invoice.Id, "", 5_000));
            throw new InvalidOperationException("the change refused");
        }, default));

        Assert.Null(await Store.GetAccountAsync(customer, default));
        Assert.Null(await Store.GetDocumentAsync(invoice.Id, default));
        Assert.Null(await Store.FindDocumentAsync(BillingDocumentKind.Invoice, invoice.SourceKey, default));
        Assert.Empty(await Store.FindPaymentReferencesAsync(["bank-" + _run + "-x"], default));
        Assert.Empty(await Store.ListSequencesAsync(Series, Year, default));
        Assert.Empty(await OwnEventsAsync(customer, before));

        var (next, nextItem) = NewInvoice(customer, 5_000, "shipment:x2");
        await IssueAsync(customer, next, nextItem);
        Assert.Equal(1, next.Sequence);
    }

    [Fact]
    public async Task ChangeAccountsAsync_SourceKeyIssuedAlready_ThrowsDuplicateAndSavesNothing()
    {
        var customer = Customer("dupkey");
        var (first, firstItem) = NewInvoice(customer, 5_000, "shipment:d1");
        await IssueAsync(customer, first, firstItem);
        var (again, againItem) = NewInvoice(customer, 6_000, "shipment:d1");
        var before = await Store.LatestPositionAsync(default);

        var duplicate = await Assert.ThrowsAsync<BillingDuplicateException>(() => Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddPayment(NewPayment(customer, 100, "bank-" + _run + "-d"));
            account.AddDocument(again, againItem);
            account.AddEvent(Event(BillingEventTypes.InvoiceIssued, customer, again.Id, "", 6_000));
            return 0;
        }, default));

        Assert.Contains("shipment:d1", duplicate.Key, StringComparison.Ordinal);
        Assert.Null(await Store.GetDocumentAsync(again.Id, default));
        Assert.Empty(await Store.FindPaymentReferencesAsync(["bank-" + _run + "-d"], default));
        Assert.Equal([1L], await Store.ListSequencesAsync(Series, Year, default));
        Assert.Equal(1, (await Store.GetAccountAsync(customer, default))!.Header.Version);
        Assert.Empty(await OwnEventsAsync(customer, before));

        // The key is unique per kind: a credit note may carry the same one.
        var credit = NewCreditNote(customer, first, 100, "shipment:d1");
        await IssueAsync(customer, credit, null);
        Assert.Equal(2, credit.Sequence);
    }

    [Fact]
    public async Task ChangeAccountsAsync_PaymentReferenceRecordedAlready_ThrowsDuplicateAndTheNextInvoiceGetsTheNumberTheFailedOneHad()
    {
        var customer = Customer("dupref");
        var reference = "bank-" + _run + "-r";
        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddPayment(NewPayment(customer, 100, reference));
            return 0;
        }, default);
        var (first, firstItem) = NewInvoice(customer, 5_000, "shipment:r1");
        await IssueAsync(customer, first, firstItem);

        // Numbered, then the payment's reference is refused: the transaction takes its number back with it.
        var (failed, failedItem) = NewInvoice(customer, 5_000, "shipment:r2");
        await Assert.ThrowsAsync<BillingDuplicateException>(() => Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(failed, failedItem);
            account.AddPayment(NewPayment(customer, 200, reference));
            return 0;
        }, default));
        var (next, nextItem) = NewInvoice(customer, 5_000, "shipment:r3");
        await IssueAsync(customer, next, nextItem);

        Assert.Equal(2, next.Sequence);
        Assert.Equal($"{Series}-{Year}-000002", next.Number);
        Assert.Equal([1L, 2L], await Store.ListSequencesAsync(Series, Year, default));
        Assert.Null(await Store.GetDocumentAsync(failed.Id, default));
        Assert.Equal(100, Assert.Single(await Store.ListPaymentsAsync(customer, 10, default)).AmountMinor);
    }

    [Fact]
    public async Task RecordUnassignedPaymentsAsync_PaymentsAndAClerkAssigningOne_ListedUntilAssignedAndARepeatIsRefused()
    {
        var first = NewPayment("", 4_000, "bank-" + _run + "-u1");
        var second = NewPayment("", 5_000, "bank-" + _run + "-u2");
        await Store.RecordUnassignedPaymentsAsync([first, second],
            [Event(BillingEventTypes.PaymentUnmatched, "", "", first.Id, 4_000), Event(BillingEventTypes.PaymentUnmatched, "", "", second.Id, 5_000)], default);

        var listed = await Store.ListUnassignedPaymentsAsync(null, 1000, default);
        // Ids begin with their creation time, so id order is oldest first (two made in one millisecond: either way).
        string[] ids = [.. new[] { first.Id, second.Id }.Order(StringComparer.Ordinal)];
        Assert.Equal(ids, listed.Where(p => p.Id == first.Id || p.Id == second.Id).Select(p => p.Id));
        Assert.DoesNotContain(ids[0], (await Store.ListUnassignedPaymentsAsync(ids[0], 1000, default)).Select(p => p.Id));
        Assert.Contains(ids[1], (await Store.ListUnassignedPaymentsAsync(ids[0], 1000, default)).Select(p => p.Id));
        await Assert.ThrowsAsync<BillingDuplicateException>(() =>
            Store.RecordUnassignedPaymentsAsync([NewPayment("", 1, "bank-" + _run + "-u1"), NewPayment("", 1, "bank-" + _run + "-u3")], [], default));
        Assert.Empty(await Store.FindPaymentReferencesAsync(["bank-" + _run + "-u3"], default));

        var customer = Customer("clerk");
        await Store.ChangeAccountsAsync([customer], new AccountLoad([], [first.Id]), account =>
        {
            var payment = Assert.Single(account.Payments);
            payment.CustomerId = customer;
            account.Touch(payment);
            return 0;
        }, default);

        Assert.DoesNotContain(first.Id, (await Store.ListUnassignedPaymentsAsync(null, 1000, default)).Select(p => p.Id));
        Assert.Equal(first.Id, Assert.Single((await Store.GetAccountAsync(customer, default))!.Payments).Id);
        Assert.Equal(4_000, Assert.Single(await Store.GetLedgerTotalsAsync(customer, default)).UnallocatedMinor);
    }

    // ---- Concurrency ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task ChangeAccountsAsync_16ConcurrentInvoicesInOneSeries_NumbersOneToSixteenWithoutGapOrRepeat()
    {
        var invoices = Enumerable.Range(1, 16).Select(i => NewInvoice(Customer($"n{i}"), 1_000 + i, $"shipment:n{i}")).ToList();

        await Task.WhenAll(invoices.Select(invoice => Task.Run(() => IssueAsync(invoice.Document.CustomerId, invoice.Document, invoice.Item))));

        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), await Store.ListSequencesAsync(Series, Year, default));
        Assert.Equal(16, invoices.Select(i => i.Document.Number).Distinct().Count());
        foreach (var (document, _) in invoices)
        {
            Assert.Equal(document.Id, (await Store.FindDocumentByNumberAsync(document.Number, default))?.Id);
        }
    }

    [Fact]
    public async Task ChangeAccountsAsync_20ParallelChangesOfOneCustomer_RunOneAfterTheOther()
    {
        var customer = Customer("serial");
        var (invoice, item) = NewInvoice(customer, 100_000, "shipment:p1");
        await IssueAsync(customer, invoice, item);

        // Each change adds 1 to what it loaded: a change that saw a stale amount would lose another's increment.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            var loaded = Assert.Single(account.Items);
            Thread.Sleep(2);
            loaded.PaidMinor += 1;
            account.Touch(loaded);
            return 0;
        }, default))));

        var account = (await Store.GetAccountAsync(customer, default))!;
        Assert.Equal(20, Assert.Single(account.Items).PaidMinor);
        Assert.Equal(21, account.Header.Version);
    }

    [Fact]
    public async Task ChangeAccountsAsync_OverlappingCustomersInOppositeOrder_NeitherDeadlocksAndEveryChangeIsSaved()
    {
        var customers = Enumerable.Range(1, 4).Select(i => Customer($"m{i}")).ToList();
        var reversed = customers.AsEnumerable().Reverse().ToList();

        async Task RunAsync(IReadOnlyList<string> order)
        {
            for (var i = 0; i < 15; i++)
            {
                await Store.ChangeAccountsAsync(order, AccountLoad.Default, account =>
                {
                    account.Header.InvoicesPaid += 1;
                    account.TouchHeader();
                    Thread.Sleep(1);
                    return 0;
                }, default);
            }
        }

        await Task.WhenAll(Task.Run(() => RunAsync(customers)), Task.Run(() => RunAsync(reversed)), Task.Run(() => RunAsync([customers[2], customers[0]])))
            .WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var customer in customers)
        {
            var expected = customer == customers[0] || customer == customers[2] ? 45 : 30;
            var header = (await Store.GetAccountAsync(customer, default))!.Header;
            Assert.Equal((expected, (long)expected), (header.InvoicesPaid, header.Version));
        }
    }

    [Fact]
    public async Task ReadFeedAsync_8ConcurrentWritersAndAFollower_PositionsGaplessAndEveryEventSeenOnce()
    {
        const int Writers = 8, ChangesPerWriter = 12;
        var start = await Store.LatestPositionAsync(default);
        var seen = new List<StoredBillingEvent>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var expected = Writers * ChangesPerWriter * 2;
        var follower = Task.Run(async () =>
        {
            var position = start;
            while (seen.Count(e => e.Event.CustomerId.StartsWith(Customer("w"), StringComparison.Ordinal)) < expected)
            {
                await Store.WaitForEventsAsync(position, TimeSpan.FromSeconds(1), stop.Token);
                foreach (var stored in await Store.ReadFeedAsync(position, 50, null, stop.Token))
                {
                    Assert.Equal(position + 1, stored.Position);
                    position = stored.Position;
                    seen.Add(stored);
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < ChangesPerWriter; i++)
            {
                await Store.ChangeAccountsAsync([Customer($"w{w}")], AccountLoad.Default, account =>
                {
                    account.AddEvent(Event(BillingEventTypes.PaymentReceived, account.CustomerId, "", $"{i}a", i));
                    account.AddEvent(Event(BillingEventTypes.PaymentAllocated, account.CustomerId, "", $"{i}b", i));
                    return 0;
                }, default);
            }
        })));
        await follower.WaitAsync(stop.Token);

        var own = seen.Where(e => e.Event.CustomerId.StartsWith(Customer("w"), StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, own.Count);
        Assert.Equal(expected, own.Select(e => (e.Event.CustomerId, e.Event.PaymentId)).Distinct().Count());
        foreach (var writer in own.GroupBy(e => e.Event.CustomerId))
        {
            // A change's events are adjacent and in the order recorded; one writer's changes in the order it made them.
            Assert.Equal(Enumerable.Range(0, ChangesPerWriter).SelectMany(i => new[] { $"{i}a", $"{i}b" }), writer.Select(e => e.Event.PaymentId));
            Assert.All(writer.Chunk(2), pair => Assert.Equal(pair[0].Position + 1, pair[1].Position));
        }

        Assert.Equal(seen[^1].Position, await Store.LatestPositionAsync(default));
    }

    [Fact]
    public async Task WaitForEventsAsync_EventAppendedWhileWaiting_WakesBeforeTheTimeout()
    {
        var customer = Customer("wake");
        var latest = await Store.LatestPositionAsync(default);
        await Store.WaitForEventsAsync(latest, TimeSpan.FromMilliseconds(50), default);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var waiting = Store.WaitForEventsAsync(latest, TimeSpan.FromSeconds(30), default);
        await Task.Delay(100);
        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddEvent(Event(BillingEventTypes.DunningLevelRaised, customer, "", "", 0));
            return 0;
        }, default);
        await waiting.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"woke after {clock.Elapsed}");
        var feed = await Store.ReadFeedAsync(latest, 100, new HashSet<string> { BillingEventTypes.DunningLevelRaised }, default);
        Assert.Contains(feed, e => e.Event.CustomerId == customer);
        Assert.All(feed, e => Assert.Equal(BillingEventTypes.DunningLevelRaised, e.Event.Type));
    }

    // ---- Checkpoints, ledger, finders -----------------------------------------------------------------------------

    [Fact]
    public async Task SaveCheckpointAsync_Follower_GetCheckpointAsyncReturnsTheLastSavedAndZeroForANewOne()
    {
        var follower = "invoicing-" + _run;
        Assert.Equal(0, await Store.GetCheckpointAsync(follower, default));

        await Store.SaveCheckpointAsync(follower, 41, default);
        await Store.SaveCheckpointAsync(follower, 42, default);
        await Store.SaveCheckpointAsync(follower + "-other", 7, default);

        Assert.Equal(42, await Store.GetCheckpointAsync(follower, default));
        Assert.Equal(7, await Store.GetCheckpointAsync(follower + "-other", default));
    }

    [Fact]
    public async Task ListAllocationsAsync_TwoInvoicesPositiveAndNegativeAllocations_OnlyThatInvoicesOldestFirst()
    {
        var customer = Customer("allocations");
        var (first, firstItem) = NewInvoice(customer, 2_000, "shipment:a1");
        var (second, secondItem) = NewInvoice(customer, 3_000, "shipment:a2");
        var payment = NewPayment(customer, 5_000, "bank-" + _run + "-a", unallocated: 500);
        var paid = NewAllocation(payment, first, 2_000);
        var takenBack = NewAllocation(payment, first, -500);
        takenBack.AllocatedAt = paid.AllocatedAt.AddMinutes(5);

        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(first, firstItem);
            account.AddDocument(second, secondItem);
            account.AddPayment(payment);
            account.AddAllocation(takenBack);
            account.AddAllocation(paid);
            account.AddAllocation(NewAllocation(payment, second, 3_000));
            firstItem.PaidMinor = 1_500;
            secondItem.PaidMinor = 3_000;
            return 0;
        }, default);

        var allocations = await Store.ListAllocationsAsync(customer, first.Id, default);

        Assert.Equal([(paid.Id, 2_000L), (takenBack.Id, -500L)], allocations.Select(a => (a.Id, a.AmountMinor)));
        Assert.All(allocations, a => Assert.Equal((payment.Id, first.Id, customer), (a.PaymentId, a.InvoiceId, a.CustomerId)));
        Assert.Empty(await Store.ListAllocationsAsync(Customer("nobody"), first.Id, default));
    }

    [Fact]
    public async Task GetLedgerTotalsAsync_TwoCurrenciesAndAnOverAllocatedPayment_SumsPerCurrencyAndCountsIt()
    {
        var customer = Customer("ledger");
        var (eur, eurItem) = NewInvoice(customer, 2_000, "shipment:l1");
        var (chf, chfItem) = NewInvoice(customer, 3_000, "shipment:l2", currency: "CHF");
        var payment = NewPayment(customer, 1_000, "bank-" + _run + "-l", unallocated: 0, currency: "CHF");

        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(eur, eurItem);
            account.AddDocument(chf, chfItem);
            account.AddPayment(payment);
            account.AddAllocation(NewAllocation(payment, chf, 1_200, "CHF"));
            chfItem.PaidMinor = 1_200;
            return 0;
        }, default);

        var totals = await Store.GetLedgerTotalsAsync(customer, default);
        Assert.Equal(
            [new LedgerTotals("CHF", 3_000, 0, 1_200, 1_800, 1_000, 0, 1), new LedgerTotals("EUR", 2_000, 0, 0, 2_000, 0, 0, 0)],
            totals.OrderBy(t => t.Currency, StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindCustomersWithOverdueItemsAsync_Paging_ReturnsEachCustomerWithAnOpenItemDueBeforeOnceInIdOrder()
    {
        // Due dates long past no other test uses, so only this test's customers are overdue by the asked day.
        var due = new DateOnly(2001, 3, 1);
        string[] overdue = [Customer("o1"), Customer("o2"), Customer("o3"), Customer("o4"), Customer("o5")];
        foreach (var customer in overdue)
        {
            var (invoice, item) = NewInvoice(customer, 1_000, "shipment:" + customer, dueDate: due);
            var (second, secondItem) = NewInvoice(customer, 1_000, "shipment:2" + customer, dueDate: due);
            await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
            {
                account.AddDocument(invoice, item);
                account.AddDocument(second, secondItem);
                return 0;
            }, default);
        }

        var (notDue, notDueItem) = NewInvoice(Customer("o0-not-due"), 1_000, "shipment:o0", dueDate: due.AddDays(30));
        await IssueAsync(Customer("o0-not-due"), notDue, notDueItem);
        var (paid, paidItem) = NewInvoice(Customer("o3a-paid"), 1_000, "shipment:o3a", dueDate: due);
        paidItem.PaidMinor = 1_000;
        paidItem.SettledOn = due;
        await IssueAsync(Customer("o3a-paid"), paid, paidItem);
        var (credited, creditedItem) = NewInvoice(Customer("o3b-credited"), 1_000, "shipment:o3b", dueDate: due);
        creditedItem.CreditedMinor = 1_000;
        await IssueAsync(Customer("o3b-credited"), credited, creditedItem);

        var found = new List<string>();
        var after = Customer("");
        for (var page = 0; page < 10; page++)
        {
            var next = await Store.FindCustomersWithOverdueItemsAsync(due.AddDays(1), after, 2, default);
            Assert.True(next.Count <= 2);
            found.AddRange(next);
            if (next.Count < 2)
            {
                break;
            }

            after = next[^1];
        }

        Assert.Equal(overdue, found);
        Assert.Empty(await Store.FindCustomersWithOverdueItemsAsync(due, Customer(""), 10, default));
    }

    // ---- Helpers --------------------------------------------------------------------------------------------------

    protected async Task IssueAsync(string customer, BillingDocument document, OpenItem? item) =>
        await Store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(document, item);
            account.AddEvent(Event(
                document.Kind == BillingDocumentKind.Invoice ? BillingEventTypes.InvoiceIssued : BillingEventTypes.CreditNoteIssued,
                customer, document.Id, "", document.GrossTotalMinor));
            return 0;
        }, default);

    private async Task<List<StoredBillingEvent>> OwnEventsAsync(string customer, long after = 0)
    {
        var events = new List<StoredBillingEvent>();
        while (true)
        {
            var page = await Store.ReadFeedAsync(after, 500, null, default);
            if (page.Count == 0)
            {
                return events;
            }

            events.AddRange(page.Where(e => e.Event.CustomerId == customer));
            after = page[^1].Position;
        }
    }

    protected static BillingEvent Event(string type, string customer, string documentId, string paymentId, long amount) =>
        new(type, T0, customer, "ord-1", documentId, paymentId, amount, "EUR", "{\"note\":\"ä\"}");

    protected (BillingDocument Document, OpenItem Item) NewInvoice(
        string customer, long gross, string sourceKey, string currency = "EUR", DateOnly? dueDate = null)
    {
        var net = gross * 100 / 119;
        var document = new BillingDocument
        {
            Id = "inv_" + Guid.CreateVersion7().ToString("N"),
            Kind = BillingDocumentKind.Invoice,
            Series = Series,
            Year = Year,
            SourceKey = sourceKey + _run,
            CustomerId = customer,
            OrderId = "ord-1",
            Channel = "web",
            ExternalOrderNumber = "W-1",
            ShipmentId = "shp-1",
            Currency = currency,
            IssuedAt = T0,
            DocumentDate = new DateOnly(2026, 11, 2),
            DeliveryDate = new DateOnly(2026, 11, 1),
            Seller = new BillingParty { Name = "Sourcing GmbH", VatId = "DE123456789" },
            Buyer = new BillingParty { Name = "Erika Mustermann", Street = "Weinstraße 7", City = "Köln" },
            Lines =
            [
                new BillingDocumentLine { Position = 1, LineId = "l1", Sku = "SKU-1", Quantity = 1, UnitGrossMinor = gross - 1, VatRateBasisPoints = 1900, GrossMinor = gross - 1 },
                new BillingDocumentLine { Position = 2, Description = "Versand", Quantity = 1, UnitGrossMinor = 1, VatRateBasisPoints = 1900, GrossMinor = 1 },
            ],
            VatTotals = [new VatTotal { RateBasisPoints = 1900, NetMinor = net, VatMinor = gross - net, GrossMinor = gross }],
            NetTotalMinor = net,
            VatTotalMinor = gross - net,
            GrossTotalMinor = gross,
            PaymentMethod = "invoice",
            Terms = new PaymentTerms { NetDays = 14, DiscountDays = 7, DiscountBasisPoints = 200 },
            DueDate = dueDate ?? new DateOnly(2026, 11, 16),
            DiscountUntil = new DateOnly(2026, 11, 9),
        };
        var item = new OpenItem
        {
            InvoiceId = document.Id,
            OrderId = document.OrderId,
            PaymentMethod = document.PaymentMethod,
            Currency = currency,
            GrossMinor = gross,
            IssuedOn = document.DocumentDate,
            DueDate = document.DueDate.Value,
            DiscountUntil = document.DiscountUntil,
            DiscountBasisPoints = 200,
        };
        return (document, item);
    }

    protected BillingDocument NewCreditNote(string customer, BillingDocument invoice, long gross, string sourceKey) => new()
    {
        Id = "gs_" + Guid.CreateVersion7().ToString("N"),
        Kind = BillingDocumentKind.CreditNote,
        Series = Series,
        Year = Year,
        SourceKey = sourceKey + _run,
        CustomerId = customer,
        OrderId = invoice.OrderId,
        Currency = invoice.Currency,
        IssuedAt = T0.AddMinutes(1),
        DocumentDate = new DateOnly(2026, 11, 2),
        GrossTotalMinor = gross,
        CorrectsInvoiceId = invoice.Id,
        CorrectsInvoiceNumber = invoice.Number,
        CreditReason = CreditReason.Return,
        ReasonText = "returned",
    };

    protected static Payment NewPayment(string customer, long amount, string reference, long? unallocated = null, string currency = "EUR") => new()
    {
        Id = "pay_" + Guid.CreateVersion7().ToString("N"),
        CustomerId = customer,
        Currency = currency,
        AmountMinor = amount,
        UnallocatedMinor = unallocated ?? amount,
        Source = PaymentSource.BankStatement,
        ExternalReference = reference,
        ReceivedOn = new DateOnly(2026, 11, 3),
        RecordedAt = T0.AddHours(1),
        RecordedBy = "camt",
        PayerName = "E. Mustermann",
        RemittanceInfo = "RE 2026 000001",
    };

    protected static Allocation NewAllocation(Payment payment, BillingDocument invoice, long amount, string currency = "EUR") => new()
    {
        Id = "alc_" + Guid.CreateVersion7().ToString("N"),
        PaymentId = payment.Id,
        InvoiceId = invoice.Id,
        CustomerId = payment.CustomerId,
        Currency = currency,
        AmountMinor = amount,
        AllocatedAt = T0.AddHours(1),
        AllocatedBy = "auto",
    };
}
