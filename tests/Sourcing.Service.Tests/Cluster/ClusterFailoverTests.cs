using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;
using Xunit.Abstractions;

namespace Sourcing.Service.Tests.Cluster;

/// <summary>
/// A master holding stock partitions is failed over to its replica while callers reserve, commit and release. Calls
/// that fail are retried under the same request id, as the service tells clients to; afterwards the books balance.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterFailoverTests(RedisClusterFixture redis, ITestOutputHelper output) : IDisposable
{
    private const int Callers = 8;
    private const int Skus = 12;
    private const long UnitsPerSku = 500;
    private const string Location = "WH1";
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan FailoverAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RunOnAfterFailover = TimeSpan.FromMilliseconds(500);

    private readonly SourcingHost _host = ClusterHost.Create(redis);
    private readonly ConcurrentBag<string> _unexpected = [];
    private int _retries;

    [Fact]
    public async Task ReserveCommitRelease_MasterFailsOverMidRun_ReservedEqualsHeldAndOnHandEqualsStockMinusCommitted()
    {
        var skus = Enumerable.Range(1, Skus).Select(i => $"FAILOVER-{i}").ToArray();
        await _host.AddLocationAsync(Location);
        foreach (var sku in skus)
        {
            await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = sku, LocationId = Location, OnHand = UnitsPerSku, Sequence = 1 });
        }

        // The master serving the most of these SKUs' partitions: the failover hits the stock the callers are changing.
        var target = skus.GroupBy(sku => redis.Cluster.MasterOf(StockPartition.HashTag(StockPartition.Of(sku)))).MaxBy(g => g.Count())!.Key;

        var clock = Stopwatch.StartNew();
        var failover = Task.Run(async () =>
        {
            await Task.Delay(FailoverAfter);
            await redis.Cluster.FailoverAsync(target);
            return clock.Elapsed;
        });
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(() => RunCallerAsync(caller, skus, clock, failover))));
        var failoverDoneAt = await failover;
        output.WriteLine($"failover of {target.Endpoint} done after {failoverDoneAt.TotalSeconds:0.0} s; {outcomes.Sum(o => o.Count)} reservations, {_retries} retried calls");

        Assert.Empty(_unexpected);
        var all = outcomes.SelectMany(o => o).ToList();
        Assert.Contains(all, o => o.AnsweredAt > failoverDoneAt);
        Assert.Equal(all.Count, all.Select(o => o.Reservation.ReservationId).Distinct().Count());

        // Every reservation reads back in the state its last answer gave, and the stock of every SKU matches them.
        var final = new List<Reservation>();
        foreach (var outcome in all)
        {
            var read = await Answered(() => _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = outcome.Reservation.ReservationId }).ResponseAsync);
            Assert.Equal(outcome.Status, read.Status);
            final.Add(read);
        }

        var availability = await Answered(() => _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { skus } }).ResponseAsync);
        foreach (var sku in skus)
        {
            var level = Assert.Single(availability.Skus.Single(s => s.Sku == sku).Locations);
            var held = UnitsOf(final, sku, ReservationStatus.Held);
            var committed = UnitsOf(final, sku, ReservationStatus.Committed);
            Assert.True(level.OnHand >= 0, $"{sku}: on hand {level.OnHand}");
            Assert.Equal((sku, held, UnitsPerSku - committed), (sku, level.Reserved, level.OnHand));
        }
    }

    public void Dispose() => _host.Dispose();

    private static long UnitsOf(IEnumerable<Reservation> reservations, string sku, ReservationStatus status) =>
        reservations.Where(r => r.Status == status).SelectMany(r => r.Lines).Where(l => l.Sku == sku).Sum(l => l.Quantity);

    /// <summary>Reserves, then commits, releases or keeps each reservation in turn, until the run is over and the failover is done.</summary>
    private async Task<List<Outcome>> RunCallerAsync(int caller, string[] skus, Stopwatch clock, Task<TimeSpan> failover)
    {
        var random = new Random(caller);
        var outcomes = new List<Outcome>();
        // A failed failover ends the run too (awaiting it then fails the test); FailoverAsync's own timeout bounds the wait.
        for (var n = 0; clock.Elapsed < RunFor || !failover.IsCompleted || (failover.IsCompletedSuccessfully && clock.Elapsed < failover.Result + RunOnAfterFailover); n++)
        {
            var first = random.Next(skus.Length);
            var request = new ReserveRequest { RequestId = $"failover-{caller}-{n}", TtlSeconds = 3600 };
            request.Lines.Add(new ReservationLine { Sku = skus[first], LocationId = Location, Quantity = random.Next(1, 4) });
            if (n % 2 == 0)
            {
                // Every other reservation spans two SKUs, most often in two partitions.
                request.Lines.Add(new ReservationLine { Sku = skus[(first + 1 + random.Next(skus.Length - 1)) % skus.Length], LocationId = Location, Quantity = random.Next(1, 4) });
            }

            Reservation reservation;
            try
            {
                reservation = await Answered(() => _host.Inventory.ReserveAsync(request).ResponseAsync);
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.FailedPrecondition)
            {
                continue;
            }
            catch (RpcException unexpected)
            {
                _unexpected.Add($"Reserve {request.RequestId}: {unexpected.Status}");
                continue;
            }

            var target = new ReservationRequest { ReservationId = reservation.ReservationId };
            try
            {
                reservation = (n % 3) switch
                {
                    0 => await Answered(() => _host.Inventory.CommitReservationAsync(target).ResponseAsync),
                    1 => await Answered(() => _host.Inventory.ReleaseReservationAsync(target).ResponseAsync),
                    _ => reservation,
                };
            }
            catch (RpcException unexpected)
            {
                _unexpected.Add($"{(n % 3 == 0 ? "Commit" : "Release")} {reservation.ReservationId}: {unexpected.Status}");
            }

            outcomes.Add(new Outcome(reservation, reservation.Status, clock.Elapsed));
        }

        return outcomes;
    }

    /// <summary>Repeats the same call (same request id, same reservation id) while the store is unavailable, a bounded number of times.</summary>
    private async Task<T> Answered<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException unavailable) when (unavailable.StatusCode == StatusCode.Unavailable && attempt < 50)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * attempt, 500)));
            }
        }
    }

    private sealed record Outcome(Reservation Reservation, ReservationStatus Status, TimeSpan AnsweredAt);
}
