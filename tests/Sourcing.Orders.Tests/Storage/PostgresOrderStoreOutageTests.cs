using System.Diagnostics;
using Npgsql;
using Sourcing.Orders.Returns;
using Xunit.Abstractions;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.Testing;

namespace Sourcing.Orders.Tests.Storage;

/// <summary>
/// A stalled or crashed PostgreSQL: calls fail fast with <see cref="OrderStoreUnavailableException"/> telling whether
/// the write may have happened, and the same store works again once the server is back. A server of its own, since
/// these tests stop it.
/// </summary>
public sealed class PostgresOrderStoreOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    // The timeout, Npgsql's attempt to cancel the statement (about 2 s, measured) and slack for a busy machine.
    private static readonly TimeSpan FailsWithin = CommandTimeout + TimeSpan.FromSeconds(4);

    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly LocalPostgresServer _server = LocalPostgresServer.Start();
    private string _database = "";
    private PostgresOrderStore _store = null!;
    private int _orders;

    public async Task InitializeAsync()
    {
        _database = await _server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(_database, default);
        _store = PostgresOrderStore.Create(new PostgresOrderStoreOptions
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
    public async Task GetAsync_ServerFrozen_ThrowsUnavailableWithinTheTimeoutAndWorksAfterThaw()
    {
        var order = await InsertedOrderAsync();

        _server.Freeze();
        var clock = Stopwatch.StartNew();
        OrderStoreUnavailableException refused;
        bool pinged;
        try
        {
            refused = await Assert.ThrowsAsync<OrderStoreUnavailableException>(() => _store.GetAsync(order.Id, default));
            pinged = await _store.PingAsync(default);
            clock.Stop();
        }
        finally
        {
            _server.Thaw();
        }

        output.WriteLine($"GetAsync and PingAsync on a frozen server failed after {clock.Elapsed}");
        Assert.True(clock.Elapsed < 2 * FailsWithin, $"both calls took {clock.Elapsed}");
        Assert.False(refused.MayHaveApplied);
        Assert.False(pinged);
        Assert.Equal(1, (await _store.GetAsync(order.Id, default))!.Version);
        Assert.True(await _store.PingAsync(default));
    }

    [Fact]
    public async Task SaveAsync_ServerFrozen_ThrowsUnavailableNotAppliedAndTheOrderIsUnchangedAfterThaw()
    {
        var order = await InsertedOrderAsync();
        order.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0);

        _server.Freeze();
        var clock = Stopwatch.StartNew();
        OrderStoreUnavailableException refused;
        try
        {
            refused = await Assert.ThrowsAsync<OrderStoreUnavailableException>(() => _store.SaveAsync(order, default));
            clock.Stop();
        }
        finally
        {
            _server.Thaw();
        }

        output.WriteLine($"SaveAsync on a frozen server failed after {clock.Elapsed}");
        Assert.True(clock.Elapsed < FailsWithin, $"took {clock.Elapsed}");
        Assert.False(refused.MayHaveApplied);
        Assert.Equal(1, order.Version);
        var read = (await _store.GetAsync(order.Id, default))!;
        Assert.Equal(1, read.Version);
        Assert.Empty(read.Document.Holds);
        Assert.Single(await _store.GetHistoryAsync(order.Id, default));

        await _store.SaveAsync(order, default);
        Assert.Equal(2, (await _store.GetAsync(order.Id, default))!.Version);
    }

    [Fact]
    public async Task CustomerReadsAndRedaction_ServerFrozen_ThrowUnavailableNotAppliedAndWorkAfterThaw()
    {
        var order = await InsertedOrderAsync();
        var customers = new[] { order.Document.Customer.Id };
        var calls = new (string Name, Func<Task> Call)[]
        {
            ("SummariseCustomersAsync", () => _store.SummariseCustomersAsync(customers, "EUR", default)),
            ("FindByExternalNumberAsync", () => _store.FindByExternalNumberAsync(order.Document.ExternalOrderNumber, 10, default)),
            ("ListByCustomersAsync", () => _store.ListByCustomersAsync(customers, 10, default)),
            ("ListCustomerEventsAsync", () => _store.ListCustomerEventsAsync(customers, null, 10, default)),
            ("RedactHistoryAsync", () => _store.RedactHistoryAsync(order.Id, e => e with { Detail = "" }, default)),
        };

        _server.Freeze();
        var refusals = new List<(string Name, OrderStoreUnavailableException Refused, TimeSpan Took)>();
        try
        {
            foreach (var (name, call) in calls)
            {
                var clock = Stopwatch.StartNew();
                refusals.Add((name, await Assert.ThrowsAsync<OrderStoreUnavailableException>(call), clock.Elapsed));
            }
        }
        finally
        {
            _server.Thaw();
        }

        Assert.All(refusals, r => Assert.True(r.Took < FailsWithin, $"{r.Name} took {r.Took}"));
        Assert.All(refusals, r => Assert.False(r.Refused.MayHaveApplied, r.Name));
        await GetWhenBackAsync(order.Id);
        Assert.NotEqual("", Assert.Single(await _store.GetHistoryAsync(order.Id, default)).Event.Detail);
        Assert.Equal(1, (await _store.SummariseCustomersAsync(customers, "EUR", default)).Orders);
        Assert.Equal([order.Id], await _store.FindByExternalNumberAsync(order.Document.ExternalOrderNumber, 10, default));
        Assert.Equal([order.Id], (await _store.ListByCustomersAsync(customers, 10, default)).Select(o => o.Id));
        Assert.Single(await _store.ListCustomerEventsAsync(customers, null, 10, default));
        await _store.RedactHistoryAsync(order.Id, e => e with { Detail = "" }, default);
        Assert.Equal("", Assert.Single(await _store.GetHistoryAsync(order.Id, default)).Event.Detail);
    }

    [Fact]
    public async Task InsertAsync_CommitDoesNotAnswerInTime_ThrowsUnavailableThatMayHaveApplied()
    {
        // A deferred constraint trigger runs inside COMMIT: this one makes every commit of a new order outlast the timeout.
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var slowCommit = new NpgsqlCommand(
                """
                CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(10); RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();
                """,
                connection);
            await slowCommit.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<OrderStoreUnavailableException>(() => InsertedOrderAsync());

        output.WriteLine($"InsertAsync with a slow commit failed after {clock.Elapsed}");
        Assert.True(clock.Elapsed < FailsWithin, $"took {clock.Elapsed}");
        Assert.True(refused.MayHaveApplied);
    }

    [Fact]
    public async Task InsertAsync_ServerKilled_ThrowsUnavailableAndWorksAfterRestart()
    {
        await InsertedOrderAsync();

        _server.Kill();
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<OrderStoreUnavailableException>(() => InsertedOrderAsync());
        var elapsed = clock.Elapsed;
        var pinged = await _store.PingAsync(default);
        _server.Restart();

        output.WriteLine($"InsertAsync on a killed server failed after {elapsed}");
        Assert.True(elapsed < FailsWithin, $"took {elapsed}");
        Assert.False(refused.MayHaveApplied);
        Assert.False(pinged);
        var after = await InsertedOrderAsync();
        Assert.Equal(1, (await _store.GetAsync(after.Id, default))!.Version);
    }

    [Fact]
    public async Task SaveAsync_ServerKilledWhileTheReturnsAreWritten_ThrowsUnavailableAndNothingOfTheSaveRemains()
    {
        var order = await InsertedOrderAsync();

        // The returns' index rows are written after the order's row: a trigger holds the save there until the kill.
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var stall = new NpgsqlCommand(
                """
                CREATE FUNCTION stall_returns() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$;
                CREATE TRIGGER stall_returns AFTER INSERT ON order_returns FOR EACH ROW EXECUTE FUNCTION stall_returns();
                """,
                connection);
            await stall.ExecuteNonQueryAsync();
        }

        var rma = new ReturnAuthorisation
        {
            Id = "rma_killed", Number = "RMA-KILLED0001", Kind = ReturnKind.Refund, Status = ReturnStatus.Authorised,
            CreatedAt = T0, ExpiresAt = T0.AddDays(14), DestinationLocationId = "store-berlin",
            Lines = [new ReturnLine { LineId = "L1", Sku = "SKU-1", Quantity = 1, Reason = ReturnReason.DoesNotFit }],
        };
        order.Document.Returns.Add(rma);
        order.RecordReturnEvent(rma, ReturnEventTypes.Authorised, "tester", "", "authorised", T0);

        // A timeout far beyond the stall: the failure must come from the kill, not from the timeout.
        await using var patient = PostgresOrderStore.Create(new PostgresOrderStoreOptions { ConnectionString = _database, CommandTimeout = TimeSpan.FromSeconds(120) });
        var saving = patient.SaveAsync(order, default);
        await WaitUntilAStatementSleepsAsync();
        _server.Kill();
        var refused = await Assert.ThrowsAsync<OrderStoreUnavailableException>(() => saving.WaitAsync(TimeSpan.FromSeconds(30)));
        _server.Restart();

        Assert.False(refused.MayHaveApplied);
        Assert.Equal(1, order.Version);
        var read = (await GetWhenBackAsync(order.Id))!;
        Assert.Equal(1, read.Version);
        Assert.Empty(read.Document.Returns);
        Assert.Single(await _store.GetHistoryAsync(order.Id, default));
        Assert.Null(await _store.FindReturnAsync(rma.Number, default));
        Assert.Empty(await _store.FindReturnsDueAsync(T0.AddYears(1), 10, default));
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

        Assert.Fail("the save never reached the returns' rows");
    }

    [Fact]
    public async Task WaitForEventsAsync_AfterTheServerRestarts_IsWokenByANewWriter()
    {
        var order = await InsertedOrderAsync();
        var latest = await _store.LatestPositionAsync(default);
        await _store.WaitForEventsAsync(latest, TimeSpan.FromMilliseconds(100), default); // starts the listener

        _server.Kill();
        _server.Restart();
        order = (await GetWhenBackAsync(order.Id))!;

        // Until the listener is back it may wake waiters early (it announces its reconnect); wait for a quiet wait.
        var quiet = false;
        for (var attempt = 0; attempt < 100 && !quiet; attempt++)
        {
            var waited = Stopwatch.StartNew();
            await _store.WaitForEventsAsync(latest, TimeSpan.FromMilliseconds(300), default);
            quiet = waited.Elapsed >= TimeSpan.FromMilliseconds(290);
        }

        var clock = Stopwatch.StartNew();
        var waiting = _store.WaitForEventsAsync(latest, TimeSpan.FromSeconds(30), default);
        await Task.Delay(200);
        order.PlaceHolds([new HoldDirective("FRAUD", "fraud-score", "score 91")], "tester", T0);
        await _store.SaveAsync(order, default);
        var saved = clock.Elapsed;
        await waiting.WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"after the restart, woken {clock.Elapsed - saved} after the save");
        Assert.True(quiet);
        Assert.True(clock.Elapsed - saved < TimeSpan.FromSeconds(3), $"woke {clock.Elapsed - saved} after the save");
    }

    private async Task<Order?> GetWhenBackAsync(string orderId)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _store.GetAsync(orderId, default);
            }
            catch (OrderStoreUnavailableException) when (attempt < 3)
            {
                // A pooled connection from before the crash fails once; the store must not need more than that.
            }
        }
    }

    private async Task<Order> InsertedOrderAsync()
    {
        var number = Interlocked.Increment(ref _orders);
        var document = new OrderDocument
        {
            OrderId = $"O-{number}",
            Channel = "web",
            ExternalOrderNumber = $"EXT-{number}",
            Customer = new OrderCustomer { Id = "C-1" },
            Lines = [new OrderLine { LineId = "L1", Sku = "SKU-1", Quantity = 1, UnitPriceMinor = 1000 }],
        };
        var order = Order.Create(document, "tester", T0);
        document.UpdatedAt = T0;

        // Setting up, not the outage under test: with a one-second timeout the first connection to a server that has
        // just started can time out on a busy machine, and then nothing was written, so trying again is safe.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.InsertAsync(order, "req-" + number, "fp", default);
                return order;
            }
            catch (OrderStoreUnavailableException unavailable) when (!unavailable.MayHaveApplied && attempt < 5)
            {
                output.WriteLine($"setting up: insert attempt {attempt} failed ({unavailable.InnerException?.Message}); trying again");
            }
        }
    }
}
