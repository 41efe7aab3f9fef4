using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Storage;

/// <summary>Reservations whose lines live in three partitions: all or nothing, idempotent, and safe against a crash between steps.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisMultiPartReserveTests(RedisFixture redis) : PartitionedStoreTestBase(redis)
{
    [Fact]
    public async Task Reserve_LinesInThreePartitions_HoldsEveryLine()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus);

        var outcome = await Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3)), Now, default);

        Assert.True(outcome.Succeeded);
        Assert.Equal(ReservationStatus.Held, outcome.Reservation!.Status);
        Assert.Equal(ReservationStatus.Held, (await Store.GetReservationAsync(outcome.Reservation.Id, default))!.Status);
        Assert.Equal(new long[] { 1, 2, 3 }, await ReservedAsync(skus));
    }

    [Fact]
    public async Task Reserve_OnePartShort_HoldsNothingAnywhereAndEventsNetToZero()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus[0], skus[1]);
        await StockAsync(1, skus[2]);
        var position = await Store.LatestEventPositionAsync(default);

        var outcome = await Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3)), Now, default);
        var again = await Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3)), Now, default);

        Assert.False(outcome.Succeeded);
        Assert.Equal([new StockShortfall(2, skus[2], "WH1", 3, 1)], outcome.Shortfalls);
        Assert.Equal(outcome.Shortfalls, again.Shortfalls);
        Assert.All(await Task.WhenAll(skus.Select(LevelAsync)), level => Assert.Equal(0, level.Reserved));
        var events = await Store.ReadEventsAsync(position, 100, default);
        Assert.All(events.GroupBy(e => e.Level.Sku), perSku => Assert.Equal(0, perSku.Last().Level.Reserved));
        Assert.Equal(events.Count(e => e.Kind == StockChangeKind.Reserved), events.Count(e => e.Kind == StockChangeKind.Released));
    }

    [Fact]
    public async Task Reserve_RepeatedRequestId_ReturnsFirstReservationAndHoldsOnce()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus);

        var first = await Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3)), Now, default);
        var again = await Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3)), Now, default);

        Assert.Equal(first.Reservation!.Id, again.Reservation!.Id);
        Assert.Equal(new long[] { 1, 2, 3 }, await ReservedAsync(skus));
    }

    [Fact]
    public async Task Reserve_RequestIdReusedForOtherLines_ThrowsAndHoldsNothingMore()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus);
        await Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3)), Now, default);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.ReserveAsync(Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 4)), Now, default));

        Assert.Equal(new long[] { 1, 2, 3 }, await ReservedAsync(skus));
    }

    [Fact]
    public async Task Reserve_CrashAfterOpening_IsPendingUntilARetryHoldsItOnce()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus);
        var command = Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3));
        CrashAt("opened");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Store.ReserveAsync(command, Now, default));
        var id = await ReservationIdOfAsync("req-1");
        var meanwhile = await Store.GetReservationAsync(id, default);
        await Assert.ThrowsAsync<ReservationStateException>(() => Store.CommitAsync(id, Now, _ => TheDay, default));

        NoMoreCrashes();
        var retried = await Store.ReserveAsync(command, Now, default);

        Assert.Equal(ReservationStatus.Pending, meanwhile!.Status);
        Assert.Equal((id, ReservationStatus.Held), (retried.Reservation!.Id, retried.Reservation.Status));
        Assert.Equal(new long[] { 1, 2, 3 }, await ReservedAsync(skus));
    }

    [Fact]
    public async Task Reserve_CrashAfterTheFirstPart_NeverShowsHeldAndTheSweeperGivesTheUnitsBack()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus);
        var command = Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3));
        CrashAt("holding-part", passing: 1);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Store.ReserveAsync(command, Now, default));
        NoMoreCrashes();
        var id = await ReservationIdOfAsync("req-1");
        var abandoned = await Store.GetReservationAsync(id, default);
        var heldMeanwhile = (await ReservedAsync(skus)).Count(r => r > 0);

        var sweep = await Store.ExpireDueAsync(Now.AddMinutes(16), 100, default);
        var retried = await Store.ReserveAsync(command, Now.AddMinutes(17), default);

        Assert.Equal((ReservationStatus.Pending, 1), (abandoned!.Status, heldMeanwhile));
        Assert.Equal(1, sweep.Expired);
        Assert.Equal(ReservationStatus.Expired, (await Store.GetReservationAsync(id, default))!.Status);
        Assert.Equal(ReservationStatus.Expired, retried.Reservation!.Status);
        Assert.All(await Task.WhenAll(skus.Select(LevelAsync)), level => Assert.Equal(0, level.Reserved));
    }

    [Fact]
    public async Task Reserve_PartHoldArrivingAfterARelease_HoldsNothing()
    {
        var skus = SkusApartFrom("req-1");
        await StockAsync(10, skus);
        var command = Command("req-1", (skus[0], 1), (skus[1], 2), (skus[2], 3));
        CrashAt("opened");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Store.ReserveAsync(command, Now, default));
        NoMoreCrashes();
        var id = await ReservationIdOfAsync("req-1");

        var released = await Store.ReleaseAsync(id, Now, default);
        var late = await Store.ReserveAsync(command, Now, default);

        Assert.Equal(ReservationStatus.Released, released.Status);
        Assert.Equal(ReservationStatus.Released, late.Reservation!.Status);
        Assert.All(await Task.WhenAll(skus.Select(LevelAsync)), level => Assert.Equal(0, level.Reserved));
    }

    [Fact]
    public async Task Reserve_FiftyConcurrentMultiSkuBuyersOfTheLastUnits_NeverOversell()
    {
        var skus = SkusApartFrom("buyer", 3);
        await StockAsync(12, skus);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            Store.ReserveAsync(Command($"buyer-{i}", (skus[0], 1 + i % 2), (skus[1], 1), (skus[2], 1 + i % 3)), Now, default))));

        var held = outcomes.Where(o => o.Succeeded).Select(o => o.Reservation!).ToList();
        Assert.NotEmpty(held);
        Assert.All(held, r => Assert.Equal(ReservationStatus.Held, r.Status));
        foreach (var sku in skus)
        {
            var level = await LevelAsync(sku);
            Assert.Equal(held.SelectMany(r => r.Lines).Where(l => l.Sku == sku).Sum(l => l.Quantity), level.Reserved);
            Assert.InRange(level.Reserved, 0, level.OnHand);
        }
    }
}
