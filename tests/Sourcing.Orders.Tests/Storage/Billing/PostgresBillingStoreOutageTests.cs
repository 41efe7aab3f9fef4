using System.Diagnostics;
using Npgsql;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.Testing;
using Xunit.Abstractions;

namespace Sourcing.Orders.Tests.Storage.Billing;

/// <summary>
/// A crashed or slow PostgreSQL under the billing store: calls fail with <see cref="BillingStoreUnavailableException"/>
/// (never a raw Npgsql exception) telling whether the write may have happened, and the same store works again once the
/// server is back. A server of its own, since these tests kill it.
/// </summary>
public sealed class PostgresBillingStoreOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    // The timeout, Npgsql's attempt to cancel the statement (about 2 s, measured) and slack for a busy machine.
    private static readonly TimeSpan FailsWithin = CommandTimeout + TimeSpan.FromSeconds(4);

    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly LocalPostgresServer _server = LocalPostgresServer.Start();
    private string _database = "";
    private PostgresBillingStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await _server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(_database, default);
        _store = PostgresBillingStore.Create(new PostgresOrderStoreOptions
        {
            ConnectionString = _database,
            CommandTimeout = CommandTimeout,
            ListenerReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task ChangeAccountsAsync_ServerKilled_ThrowsUnavailableNotAppliedAndNumbersContinueAfterRestart()
    {
        await IssueAsync("cus-1", "shipment:1");

        _server.Kill();
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<BillingStoreUnavailableException>(() => IssueAsync("cus-1", "shipment:2"));
        var elapsed = clock.Elapsed;
        var readRefused = await Assert.ThrowsAsync<BillingStoreUnavailableException>(() => _store.GetAccountAsync("cus-1", default));
        await Assert.ThrowsAsync<BillingStoreUnavailableException>(() => _store.ReadFeedAsync(0, 10, null, default));
        await Assert.ThrowsAsync<BillingStoreUnavailableException>(() =>
            _store.RecordUnassignedPaymentsAsync([new Payment { Id = "pay_x", ExternalReference = "ref-x", AmountMinor = 1, UnallocatedMinor = 1 }], [], default));
        var pinged = await _store.PingAsync(default);
        _server.Restart();

        output.WriteLine($"ChangeAccountsAsync on a killed server failed after {elapsed}");
        Assert.True(elapsed < FailsWithin, $"took {elapsed}");
        Assert.False(refused.MayHaveApplied);
        Assert.False(readRefused.MayHaveApplied);
        Assert.IsAssignableFrom<NpgsqlException>(refused.InnerException ?? readRefused.InnerException);
        Assert.False(pinged);

        var next = await WhenBackAsync(() => IssueAsync("cus-1", "shipment:3"));
        Assert.Equal(2, next.Sequence);
        Assert.Equal([1L, 2L], await _store.ListSequencesAsync("RE", 2026, default));
        Assert.Equal(2, (await _store.GetAccountAsync("cus-1", default))!.Header.Version);
        Assert.Equal(2, await _store.LatestPositionAsync(default));
    }

    [Fact]
    public async Task ChangeAccountsAsync_CommitDoesNotAnswerInTime_ThrowsUnavailableThatMayHaveApplied()
    {
        // A deferred constraint trigger runs inside COMMIT: this one makes every commit of a new document outlast the timeout.
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var slowCommit = new NpgsqlCommand(
                """
                CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(10); RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON billing_documents DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();
                """,
                connection);
            await slowCommit.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<BillingStoreUnavailableException>(() => IssueAsync("cus-2", "shipment:slow"));

        output.WriteLine($"ChangeAccountsAsync with a slow commit failed after {clock.Elapsed}");
        Assert.True(clock.Elapsed < FailsWithin, $"took {clock.Elapsed}");
        Assert.True(refused.MayHaveApplied);
    }

    private async Task<BillingDocument> IssueAsync(string customer, string sourceKey)
    {
        var invoice = new BillingDocument
        {
            Id = "inv_" + Guid.CreateVersion7().ToString("N"),
            Kind = BillingDocumentKind.Invoice,
            Series = "RE",
            Year = 2026,
            SourceKey = sourceKey,
            CustomerId = customer,
            IssuedAt = T0,
            GrossTotalMinor = 1_000,
        };
        await _store.ChangeAccountsAsync([customer], AccountLoad.Default, account =>
        {
            account.AddDocument(invoice, new OpenItem { InvoiceId = invoice.Id, GrossMinor = 1_000, DueDate = new DateOnly(2026, 11, 16) });
            account.AddEvent(new BillingEvent(BillingEventTypes.InvoiceIssued, T0, customer, "", invoice.Id, "", 1_000, "EUR", ""));
            return 0;
        }, default);
        return invoice;
    }

    private static async Task<T> WhenBackAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (BillingStoreUnavailableException) when (attempt < 3)
            {
                // A pooled connection from before the crash fails once; the store must not need more than that.
            }
        }
    }
}
