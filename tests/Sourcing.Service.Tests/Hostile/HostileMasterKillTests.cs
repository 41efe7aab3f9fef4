using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Sourcing.Service.Tests.Cluster;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Sourcing.Service.Tests.Hostile;

/// <summary>
/// A master SIGKILLed (no coordinated failover: its replica takes over after the node timeout) while callers hold
/// multi-part reservations. A cluster of its own, as the killed node does not come back.
/// </summary>
public sealed class HostileMasterKillTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(15);
    private readonly LocalRedisCluster _cluster = LocalRedisCluster.Start();

    [Fact]
    public async Task Reserve_MasterKilledMidLoad_UnavailableNotUnknownNoHangAndBooksBalanceAfterTakeover()
    {
        using var host = new SourcingHost(_cluster.ConfigurationString, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = _cluster.ConfigurationString + ",connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000",
            ["Redis:StockPartitions"] = "8",
        });
        var skus = Enumerable.Range(1, 1000).Select(n => $"KILL-{n}").DistinctBy(sku => StockPartition.Of(sku)).Take(8).ToArray();
        await host.AddLocationAsync("WH1");
        foreach (var sku in skus)
        {
            await host.Inventory.SetStockAsync(new SetStockRequest { Sku = sku, LocationId = "WH1", OnHand = 100_000, Sequence = 1 });
        }

        var target = _cluster.MasterOf(StockPartition.HashTag(StockPartition.Of(skus[0])));
        using var admin = await ConnectionMultiplexer.ConnectAsync(target.Endpoint + ",allowAdmin=true");
        var pid = int.Parse(
            (await admin.GetServer(target.Endpoint).InfoAsync("server")).SelectMany(g => g).Single(p => p.Key == "process_id").Value, CultureInfo.InvariantCulture);

        var codes = new ConcurrentBag<StatusCode>();
        var slowest = TimeSpan.Zero;
        var held = new ConcurrentBag<(string Id, string[] Skus)>();
        var clock = Stopwatch.StartNew();
        var killedAt = TimeSpan.MaxValue;
        var okAfterKill = 0;
        var callers = Enumerable.Range(0, 6).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(14); n++)
            {
                var lines = new[] { skus[(caller + n) % 8], skus[(caller + n + 3) % 8], skus[0] }.Distinct().ToArray();
                var request = new ReserveRequest { RequestId = $"kill-{caller}-{n}", Lines = { lines.Select(s => new ReservationLine { Sku = s, LocationId = "WH1", Quantity = 1 }) } };
                var started = clock.Elapsed;
                try
                {
                    var reservation = await host.Inventory.ReserveAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
                    codes.Add(StatusCode.OK);
                    if (reservation.Status == ReservationStatus.Held)
                    {
                        held.Add((reservation.ReservationId, lines));
                    }

                    if (started > killedAt)
                    {
                        Interlocked.Increment(ref okAfterKill);
                    }
                }
                catch (RpcException refusal)
                {
                    codes.Add(refusal.StatusCode);
                    await Task.Delay(100);
                }

                var took = clock.Elapsed - started;
                lock (codes)
                {
                    slowest = took > slowest ? took : slowest;
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        killedAt = clock.Elapsed;
        Process.GetProcessById(pid).Kill();
        await Task.WhenAll(callers);

        var counts = codes.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"killed {target.Endpoint} (pid {pid}) at {killedAt.TotalSeconds:0.0} s; answers {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}; slowest call {slowest.TotalSeconds:0.0} s; {okAfterKill} answered after the kill");
        Assert.DoesNotContain(StatusCode.Unknown, counts.Keys);
        Assert.DoesNotContain(StatusCode.Internal, counts.Keys);
        Assert.True(slowest < CallLimit, $"a call took {slowest.TotalSeconds:0.0} s");
        Assert.True(okAfterKill > 0, "nothing answered after the replica took over");

        // What the kill lost: reservations answered HELD that no longer read back as held, and stock whose reserved
        // count no longer matches the reservations that read back as held.
        var stillHeld = new List<string[]>();
        var lost = 0;
        foreach (var (id, lines) in held)
        {
            try
            {
                var read = await host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = id });
                if (read.Status == ReservationStatus.Held)
                {
                    stillHeld.Add(lines);
                }
                else
                {
                    lost++;
                }
            }
            catch (RpcException missing) when (missing.StatusCode == StatusCode.NotFound)
            {
                lost++;
            }
        }

        var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { skus } });
        var drift = new List<string>();
        foreach (var level in availability.Skus.Select(s => s.Locations.Single()))
        {
            Assert.True(level.Available >= 0, level.Sku);
            var expected = stillHeld.Count(lines => lines.Contains(level.Sku));
            if (expected != level.Reserved)
            {
                drift.Add($"{level.Sku} reserved {level.Reserved}, held reservations {expected}");
            }
        }

        output.WriteLine($"{held.Count} answered HELD, {lost} of them lost; drift: {(drift.Count == 0 ? "none" : string.Join("; ", drift))}");
    }

    public void Dispose()
    {
        try
        {
            _cluster.Dispose();
        }
        catch (InvalidOperationException)
        {
            // The killed node's process is gone already.
        }
    }
}
