using Sourcing.Service.Inventory;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Storage;

/// <summary>Commit, release and expiry of reservations over three partitions, finished by a retry or the sweeper after a crash.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisMultiPartFinishTests(RedisFixture redis) : PartitionedStoreTestBase(redis)
{
    [Fact]
    public async Task Commit_CrashBeforeAnyPart_RetryFinishesItAndCountsCapacityOnce()
    {
        var (skus, id) = await HeldAsync();
        CrashAt("begun");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Store.CommitAsync(id, Now, _ => TheDay, default));
        NoMoreCrashes();
        var halfway = await Store.GetReservationAsync(id, default);
        await Assert.ThrowsAsync<ReservationStateException>(() => Store.ReleaseAsync(id, Now, default));

        var committed = await Store.CommitAsync(id, Now, _ => TheDay, default);
        await Store.CommitAsync(id, Now, _ => TheDay, default);

        Assert.Equal(ReservationStatus.Committed, halfway!.Status);
        Assert.Equal(ReservationStatus.Committed, committed.Status);
        await AssertCommittedOnceAsync(skus);
    }

    [Fact]
    public async Task Commit_CrashAfterTheFirstPart_SweeperFinishesItAndCountsCapacityOnce()
    {
        var (skus, id) = await HeldAsync();
        CrashAt("finishing-part", passing: 1);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Store.CommitAsync(id, Now, _ => TheDay, default));
        NoMoreCrashes();

        var sweep = await Store.ExpireDueAsync(Now.AddMinutes(30), 100, default);

        Assert.Equal(0, sweep.Expired);
        Assert.Equal(ReservationStatus.Committed, (await Store.GetReservationAsync(id, default))!.Status);
        await AssertCommittedOnceAsync(skus);
    }

    [Fact]
    public async Task Release_CrashAfterTheFirstPart_RetryGivesEveryUnitBackOnce()
    {
        var (skus, id) = await HeldAsync();
        CrashAt("finishing-part", passing: 1);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Store.ReleaseAsync(id, Now, default));
        NoMoreCrashes();
        await Assert.ThrowsAsync<ReservationStateException>(() => Store.CommitAsync(id, Now, _ => TheDay, default));

        var released = await Store.ReleaseAsync(id, Now, default);

        Assert.Equal(ReservationStatus.Released, released.Status);
        Assert.All(await Task.WhenAll(skus.Select(LevelAsync)), level => Assert.Equal((10L, 0L), (level.OnHand, level.Reserved)));
    }

    [Fact]
    public async Task ExpireDue_HeldReservationOverThreePartitions_GivesEveryUnitBack()
    {
        var (skus, id) = await HeldAsync();

        var early = await Store.ExpireDueAsync(Now.AddMinutes(14), 100, default);
        var due = await Store.ExpireDueAsync(Now.AddMinutes(16), 100, default);

        Assert.Equal((0, 1), (early.Examined, due.Expired));
        Assert.Equal(ReservationStatus.Expired, (await Store.GetReservationAsync(id, default))!.Status);
        Assert.All(await Task.WhenAll(skus.Select(LevelAsync)), level => Assert.Equal(0, level.Reserved));
    }

    [Fact]
    public async Task ExpireDue_PartsWhoseCoordinatorWasLost_AreExpiredAfterTheGrace()
    {
        var (skus, id) = await HeldAsync();
        // A failover lost the coordinator's record (written to a master that died before replicating it).
        await Db.KeyDeleteAsync(Keys.Reservation(Partitioner.Of(id), id));

        await Store.ExpireDueAsync(Now.AddMinutes(16), 100, default);
        var beforeGrace = await Task.WhenAll(skus.Select(LevelAsync));
        await Store.ExpireDueAsync(Now.AddMinutes(21), 100, default);

        Assert.All(beforeGrace, level => Assert.NotEqual(0, level.Reserved));
        Assert.All(await Task.WhenAll(skus.Select(LevelAsync)), level => Assert.Equal(0, level.Reserved));
        Assert.Equal(0, (await Store.ExpireDueAsync(Now.AddDays(1), 100, default)).Examined);
    }

    private async Task<(string[] Skus, string Id)> HeldAsync()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus);
        var outcome = await Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3)), Now, default);
        return (skus, outcome.Reservation!.Id);
    }

    /// <summary>Units deducted once per line, and WH1's day counts 6 units in one shipment, though three partitions committed.</summary>
    private async Task AssertCommittedOnceAsync(string[] skus)
    {
        var read = await Store.GetStockAndCapacityAsync(skus, [new("WH1", TheDay)], default);
        Assert.Equal([(9L, 0L), (8L, 0L), (7L, 0L)], read.Stock.Select(s => (s.Locations[0].OnHand, s.Locations[0].Reserved)));
        Assert.Equal(new CapacityUsed(6, 1), read.CapacityUsed["WH1"]);
    }
}
