using System.Diagnostics;
using Npgsql;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.Testing;
using Xunit.Abstractions;

namespace Sourcing.Orders.Tests.Storage.Customers;

/// <summary>
/// A crashed or stalled PostgreSQL: customer calls fail with <see cref="CustomerStoreUnavailableException"/> telling
/// whether the write may have happened, nothing of a save cut off midway remains, and the same store works again once
/// the server is back. A server of its own, since these tests stop it.
/// </summary>
public sealed class PostgresCustomerStoreOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    // The timeout, Npgsql's attempt to cancel the statement (about 2 s) and slack for a busy machine.
    private static readonly TimeSpan FailsWithin = CommandTimeout + TimeSpan.FromSeconds(4);

    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly LocalPostgresServer _server = LocalPostgresServer.Start();
    private string _database = "";
    private PostgresCustomerStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await _server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(_database, default);
        _store = PostgresCustomerStore.Create(new PostgresOrderStoreOptions { ConnectionString = _database, CommandTimeout = CommandTimeout });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task SaveAsync_ServerKilledWhileTheSearchRowsAreWritten_ThrowsUnavailableAndNothingOfTheSaveRemains()
    {
        var customer = await InsertedAsync("C-1", "Anna", "Schmidt", "acc-1");

        // The search rows are written last, after the customer's row and identities: a trigger holds the save there.
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var stall = new NpgsqlCommand(
                """
                CREATE FUNCTION stall_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$;
                CREATE TRIGGER stall_search AFTER INSERT ON customer_search FOR EACH ROW EXECUTE FUNCTION stall_search();
                """,
                connection);
            await stall.ExecuteNonQueryAsync();
        }

        customer.Contact.FamilyName = "Meyer";
        customer.Identities[0].Value = "acc-2";

        // A timeout far beyond the stall: the failure must come from the kill, not from the timeout.
        await using var patient = PostgresCustomerStore.Create(new PostgresOrderStoreOptions { ConnectionString = _database, CommandTimeout = TimeSpan.FromSeconds(120) });
        var saving = patient.SaveAsync([new CustomerChange(customer, 1)], default);
        await WaitUntilAStatementSleepsAsync();
        _server.Kill();
        var refused = await Assert.ThrowsAsync<CustomerStoreUnavailableException>(() => saving.WaitAsync(TimeSpan.FromSeconds(30)));
        _server.Restart();

        Assert.False(refused.MayHaveApplied);
        var read = (await WhenBackAsync(() => _store.GetAsync("C-1", default)))!;
        Assert.Equal(1, read.Version);
        Assert.Equal("Schmidt", read.Document.Contact.FamilyName);
        Assert.Equal("C-1", await _store.FindByIdentityAsync(IdentityKind.Account, "web", "acc-1", default));
        Assert.Null(await _store.FindByIdentityAsync(IdentityKind.Account, "web", "acc-2", default));
    }

    [Fact]
    public async Task SaveAsync_ServerKilled_ThrowsUnavailableNotAppliedAndWorksAfterRestart()
    {
        await InsertedAsync("C-1", "Anna", "Schmidt", "acc-1");

        _server.Kill();
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<CustomerStoreUnavailableException>(
            () => _store.SaveAsync([new CustomerChange(Customer("C-2", "Bert", "Braun", "acc-2"), 0)], default));
        var elapsed = clock.Elapsed;
        var pinged = await _store.PingAsync(default);
        _server.Restart();

        output.WriteLine($"SaveAsync on a killed server failed after {elapsed}");
        Assert.True(elapsed < FailsWithin, $"took {elapsed}");
        Assert.False(refused.MayHaveApplied);
        Assert.False(pinged);
        await WhenBackAsync(() => _store.GetAsync("C-1", default));
        await InsertedAsync("C-2", "Bert", "Braun", "acc-2");
        Assert.Equal(1, (await _store.GetAsync("C-2", default))!.Version);
    }

    [Fact]
    public async Task SearchAsync_ServerFrozen_ThrowsUnavailableWithinTheTimeoutAndWorksAfterThaw()
    {
        await InsertedAsync("C-1", "Anna", "Schmidt", "acc-1");

        _server.Freeze();
        var clock = Stopwatch.StartNew();
        CustomerStoreUnavailableException refused;
        try
        {
            refused = await Assert.ThrowsAsync<CustomerStoreUnavailableException>(
                () => _store.SearchAsync(new CustomerTextQuery("Schmidt", CustomerSearchField.Any, 20, 0, 0.3), default));
            clock.Stop();
        }
        finally
        {
            _server.Thaw();
        }

        output.WriteLine($"SearchAsync on a frozen server failed after {clock.Elapsed}");
        Assert.True(clock.Elapsed < FailsWithin, $"took {clock.Elapsed}");
        Assert.False(refused.MayHaveApplied);
        var hits = await WhenBackAsync(() => _store.SearchAsync(new CustomerTextQuery("Schmidt", CustomerSearchField.Any, 20, 0, 0.3), default));
        Assert.Equal("C-1", Assert.Single(hits).SurvivorId);
    }

    [Fact]
    public async Task SaveAsync_CommitDoesNotAnswerInTime_ThrowsUnavailableThatMayHaveApplied()
    {
        // A deferred constraint trigger runs inside COMMIT: this one makes every commit of a new customer outlast the timeout.
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var slowCommit = new NpgsqlCommand(
                """
                CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(10); RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON customers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();
                """,
                connection);
            await slowCommit.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<CustomerStoreUnavailableException>(
            () => _store.SaveAsync([new CustomerChange(Customer("C-1", "Anna", "Schmidt", "acc-1"), 0)], default));

        output.WriteLine($"SaveAsync with a slow commit failed after {clock.Elapsed}");
        Assert.True(clock.Elapsed < FailsWithin, $"took {clock.Elapsed}");
        Assert.True(refused.MayHaveApplied);
    }

    private async Task WaitUntilAStatementSleepsAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var sleeping = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'", connection);
            if ((long)(await sleeping.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the save never reached the search rows");
    }

    private static async Task<T> WhenBackAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (CustomerStoreUnavailableException) when (attempt < 3)
            {
                // A pooled connection from before the crash fails once; the store must not need more than that.
            }
        }
    }

    private static CustomerDocument Customer(string id, string given, string family, string account) => new()
    {
        CustomerId = id,
        CreatedAt = T0,
        UpdatedAt = T0,
        ContactVersion = 1,
        Contact = new ContactData { GivenName = given, FamilyName = family },
        Identities = [new CustomerIdentity { Kind = IdentityKind.Account, Scope = "web", Value = account, AddedAt = T0 }],
    };

    private async Task<CustomerDocument> InsertedAsync(string id, string given, string family, string account)
    {
        var customer = Customer(id, given, family, account);

        // Setting up, not the outage under test: with a one-second timeout the first connection to a server that has
        // just started can time out on a busy machine, and then nothing was written, so trying again is safe.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.SaveAsync([new CustomerChange(customer, 0)], default);
                return customer;
            }
            catch (CustomerStoreUnavailableException unavailable) when (!unavailable.MayHaveApplied && attempt < 5)
            {
                output.WriteLine($"setting up: save attempt {attempt} failed ({unavailable.InnerException?.Message}); trying again");
            }
        }
    }
}
