using Grpc.Core;
using Sourcing.Service.Tests.Cluster;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Hostile;

/// <summary>
/// An outsider's probes of the partitioned store on the real Redis Cluster: multi-part reservations under races,
/// partitioned WatchStock positions, and the settings that shape the partitioning.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class HostileScaleTests(RedisClusterFixture redis) : IDisposable
{
    private readonly SourcingHost _host = ClusterHost.Create(redis);

    [Fact]
    public async Task Reserve_SameRequestIdTwentyTimesAtOnceAcrossPartitions_OneReservationHoldsOnce()
    {
        var skus = await StockedSkusAsync("TWENTY", 3, 10);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
            await _host.Inventory.ReserveAsync(Request("same-twenty", skus, 2)))));

        Assert.Single(answers.Select(a => a.ReservationId).Distinct());
        Assert.All(answers, a => Assert.Equal(ReservationStatus.Held, a.Status));
        var levels = await LevelsAsync(skus);
        Assert.All(skus, sku => Assert.Equal((2L, 8L), (levels[sku].Reserved, levels[sku].Available)));
    }

    [Fact]
    public async Task Reserve_SameRequestIdWithOtherLinesAcrossPartitions_AlreadyExistsAndNoSecondHold()
    {
        var skus = await StockedSkusAsync("CONFLICT", 3, 10);
        var first = await _host.Inventory.ReserveAsync(Request("same-conflict", skus, 1));

        // Other quantities, fewer lines (one partition only), and more lines: each must be refused, never held.
        await RpcAssert.StatusAsync(StatusCode.AlreadyExists, async () => await _host.Inventory.ReserveAsync(Request("same-conflict", skus, 2)));
        await RpcAssert.StatusAsync(StatusCode.AlreadyExists, async () => await _host.Inventory.ReserveAsync(Request("same-conflict", skus[..1], 1)));
        var more = await StockedSkusAsync("CONFLICT-MORE", 1, 10);
        await RpcAssert.StatusAsync(StatusCode.AlreadyExists, async () => await _host.Inventory.ReserveAsync(Request("same-conflict", [.. skus, .. more], 1)));

        Assert.Equal(ReservationStatus.Held, first.Status);
        var levels = await LevelsAsync([.. skus, .. more]);
        Assert.All(skus, sku => Assert.Equal(1L, levels[sku].Reserved));
        Assert.Equal(0L, levels[more[0]].Reserved);
    }

    [Fact]
    public async Task CommitReleaseAndSweeper_RaceOnMultiPartReservations_ExactlyOneOutcomeAndStockAgrees()
    {
        const int Reservations = 30;
        var skus = await StockedSkusAsync("RACE3", 3, 100);
        // Expiring in about a second, so the sweeper (every 100 ms in the test host) joins some of the races.
        var held = await Task.WhenAll(Enumerable.Range(0, Reservations).Select(i =>
            _host.Inventory.ReserveAsync(Request($"race3-{i}", skus, 1, ttlSeconds: 1)).ResponseAsync));
        await Task.Delay(TimeSpan.FromMilliseconds(900));

        var outcomes = await Task.WhenAll(held.Select(async r =>
        {
            var id = new ReservationRequest { ReservationId = r.ReservationId };
            var commit = Outcome(async () => (await _host.Inventory.CommitReservationAsync(id)).Status);
            var release = Outcome(async () => (await _host.Inventory.ReleaseReservationAsync(id)).Status);
            return (Id: r.ReservationId, Commit: await commit, Release: await release);
        }));

        await Task.Delay(TimeSpan.FromSeconds(2));
        var committed = 0;
        foreach (var (id, commit, release) in outcomes)
        {
            Assert.NotEqual(StatusCode.Unknown, commit.Code);
            Assert.NotEqual(StatusCode.Unknown, release.Code);
            var final = (await _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = id })).Status;
            // Never both: a committed reservation was not also released, and the other way round.
            Assert.False(commit.Status == ReservationStatus.Committed && release.Status is ReservationStatus.Released, id);
            if (commit.Status == ReservationStatus.Committed)
            {
                Assert.Equal(ReservationStatus.Committed, final);
                committed++;
            }
            else
            {
                Assert.Contains(final, new[] { ReservationStatus.Released, ReservationStatus.Expired });
            }
        }

        var levels = await LevelsAsync(skus);
        Assert.All(skus, sku => Assert.Equal((100L - committed, 0L), (levels[sku].OnHand, levels[sku].Reserved)));
    }

    [Fact]
    public async Task Reserve_100MultiSkuBuyersOfTheLastUnits_ReservedIsTheHeldUnitsAndNothingNegative()
    {
        var skus = await StockedSkusAsync("LAST", 4, 7);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            // Each buyer wants two or three of the four SKUs, in its own order.
            var mine = skus.Where((_, k) => (i + k) % 4 != 0 || i % 3 == 0).Reverse().ToArray();
            try
            {
                return (Lines: mine, Reservation: (Reservation?)await _host.Inventory.ReserveAsync(Request($"last-{i}", mine, 1)));
            }
            catch (RpcException refusal) when (refusal.StatusCode == StatusCode.FailedPrecondition)
            {
                return (Lines: mine, Reservation: (Reservation?)null);
            }
        })));

        var levels = await LevelsAsync(skus);
        foreach (var sku in skus)
        {
            var heldUnits = answers.Where(a => a.Reservation is not null).Count(a => a.Lines.Contains(sku));
            Assert.Equal(heldUnits, levels[sku].Reserved);
            Assert.True(levels[sku].Available >= 0, sku);
            Assert.True(levels[sku].Reserved <= 7, sku);
        }
    }

    [Theory]
    [InlineData("1-0")]
    [InlineData("1-0,1-0")]
    [InlineData("0,0,0,0,0,0,0,0,0")]
    [InlineData("a,b,c,d,e,f,g,h")]
    [InlineData(",,,,,,,")]
    [InlineData("0,0,0,0,0,0,0,")]
    [InlineData("99999999999999999999-0,0,0,0,0,0,0,0")]
    [InlineData(" 0,0,0,0,0,0,0,0")]
    [InlineData("0;0;0;0;0;0;0;0")]
    public async Task WatchStock_MalformedPartitionedPosition_InvalidArgumentAfterPosition(string position)
    {
        await RpcAssert.InvalidArgumentAsync("after_position", () => FirstEventAsync(position));
    }

    [Fact]
    public async Task WatchStock_TenThousandIds_InvalidArgumentAfterPosition()
    {
        await RpcAssert.InvalidArgumentAsync("after_position", () => FirstEventAsync(string.Join(',', Enumerable.Repeat("1-0", 10_000))));
    }

    [Fact]
    public async Task WatchStock_ResumeMidStreamWhileWritersGoOn_NothingLostNothingRepeated()
    {
        var skus = await StockedSkusAsync("FEED", 4, 0);
        using var writersDone = new CancellationTokenSource();
        var sequence = 10L;
        var written = new System.Collections.Concurrent.ConcurrentBag<(string Sku, long OnHand)>();
        var writers = Task.Run(async () =>
        {
            for (var n = 1; n <= 200; n++)
            {
                var sku = skus[n % skus.Length];
                await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = sku, LocationId = "WH1", OnHand = n, Sequence = Interlocked.Increment(ref sequence) });
                written.Add((sku, n));
            }
        });

        var seen = new List<(string Sku, long OnHand)>();
        var position = "0";
        while (seen.Count(e => skus.Contains(e.Sku)) < 200 + skus.Length)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var call = _host.Inventory.WatchStock(new WatchStockRequest { AfterPosition = position, Skus = { skus } }, cancellationToken: timeout.Token);
            // Take a few events, then drop the call and resume from the last position, as a reconnecting client does.
            for (var taken = 0; taken < 17 && await call.ResponseStream.MoveNext(timeout.Token); taken++)
            {
                seen.Add((call.ResponseStream.Current.Level.Sku, call.ResponseStream.Current.Level.OnHand));
                position = call.ResponseStream.Current.Position;
            }
        }

        await writers;
        var fromWriters = seen.Skip(skus.Length).ToList();
        Assert.Equal(200, fromWriters.Count);
        Assert.Equal(written.OrderBy(w => w.OnHand), fromWriters.OrderBy(w => w.OnHand));
        foreach (var sku in skus)
        {
            var order = fromWriters.Where(e => e.Sku == sku).Select(e => e.OnHand).ToList();
            Assert.Equal(order.Order(), order);
        }
    }

    [Fact]
    public async Task WatchStock_PositionFromOnePartitionDeployment_InvalidArgumentAfterPosition()
    {
        var skus = await StockedSkusAsync("ONE", 1, 3);
        using var single = new SourcingHost(redis.Cluster.MasterOf(StockPartition.HashTag(0)).Endpoint, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Cluster.ConfigurationString + ",connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000",
        });
        await single.AddLocationAsync("WH1");
        await single.Inventory.SetStockAsync(new SetStockRequest { Sku = skus[0], LocationId = "WH1", OnHand = 1, Sequence = 1 });
        using var call = single.Inventory.WatchStock(new WatchStockRequest { AfterPosition = "0" });
        Assert.True(await call.ResponseStream.MoveNext());

        await RpcAssert.InvalidArgumentAsync("after_position", () => FirstEventAsync(call.ResponseStream.Current.Position));
    }

    [Theory]
    [InlineData("Redis:StockPartitions", "0", "StockPartitions")]
    [InlineData("Redis:StockPartitions", "-1", "StockPartitions")]
    [InlineData("Redis:StockPartitions", "1025", "StockPartitions")]
    [InlineData("Redis:StockPartitions", "eight", "StockPartitions")]
    [InlineData("Redis:StockPartitions", "", "StockPartitions")]
    [InlineData("Telemetry:Otlp:Endpoint", "http://[::1", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:Otlp:Endpoint", "http://", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:Otlp:Endpoint", "http://collector:99999", "Telemetry:Otlp:Endpoint")]
    [InlineData("Replica:LeaseTtl", "-00:00:10", "LeaseTtl")]
    [InlineData("Replica:LeaseTtl", "soon", "LeaseTtl")]
    [InlineData("Replica:InstanceId", "", "InstanceId")]
    public void Start_BadScaleSetting_RefusedNamingTheSetting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Telemetry:", StringComparison.Ordinal))
        {
            settings["Telemetry:Enabled"] = "true";
            settings["Telemetry:Prometheus:Enabled"] = key.StartsWith("Telemetry:Prometheus:", StringComparison.Ordinal) ? "true" : "false";
        }

        // The service answers a bad setting with one line on standard error ("Sourcing did not start: ...") and no
        // start; anything thrown past that is a stack trace for the operator instead.
        var host = ClusterHost.Create(redis, settings);
        string said;
        Exception? thrown;
        lock (StandardErrorLock)
        {
            var original = Console.Error;
            using var captured = new StringWriter();
            Console.SetError(captured);
            try
            {
                thrown = Record.Exception(() => host.Services);
            }
            finally
            {
                Console.SetError(original);
            }

            said = captured.ToString();
        }

        DisposeUnstarted(host);
        Assert.Null(thrown);
        Assert.Contains("Sourcing did not start: ", said, StringComparison.Ordinal);
        Assert.Contains(named, said, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>A host whose start failed throws from its own disposal (it stops a host never built); that is not the probe.</summary>
    private static void DisposeUnstarted(SourcingHost host)
    {
        try
        {
            host.Dispose();
        }
        catch (ArgumentNullException)
        {
            // Nothing was started, so nothing is left running.
        }
    }

    private static readonly object StandardErrorLock = new();

    private async Task<StockEvent?> FirstEventAsync(string position)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var call = _host.Inventory.WatchStock(new WatchStockRequest { AfterPosition = position }, cancellationToken: timeout.Token);
        return await call.ResponseStream.MoveNext(timeout.Token) ? call.ResponseStream.Current : null;
    }

    private static async Task<(ReservationStatus? Status, StatusCode Code)> Outcome(Func<Task<ReservationStatus>> call)
    {
        try
        {
            return (await call(), StatusCode.OK);
        }
        catch (RpcException refusal)
        {
            return (null, refusal.StatusCode);
        }
    }

    /// <summary><paramref name="count"/> SKUs named after <paramref name="stem"/>, each in a partition of its own, stocked at WH1.</summary>
    private async Task<string[]> StockedSkusAsync(string stem, int count, long onHand)
    {
        var skus = Enumerable.Range(1, 1000).Select(n => $"{stem}-{n}").DistinctBy(sku => StockPartition.Of(sku)).Take(count).ToArray();
        await _host.AddLocationAsync("WH1");
        foreach (var sku in skus)
        {
            await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = sku, LocationId = "WH1", OnHand = onHand, Sequence = 1 });
        }

        return skus;
    }

    private static ReserveRequest Request(string requestId, IEnumerable<string> skus, long quantity, int ttlSeconds = 0) => new()
    {
        RequestId = requestId,
        TtlSeconds = ttlSeconds,
        Lines = { skus.Select(sku => new ReservationLine { Sku = sku, LocationId = "WH1", Quantity = quantity }) },
    };

    private async Task<Dictionary<string, StockLevel>> LevelsAsync(IEnumerable<string> skus)
    {
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { skus } });
        return availability.Skus.ToDictionary(s => s.Sku, s => s.Locations.Single());
    }
}
