using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Tests.Storage;

/// <summary>
/// What every stock store must do. Runs against Redis (a real server) and the in-memory store; a behaviour that
/// differs between them is a bug in one of them.
/// </summary>
public abstract class StockStoreContract
{
    protected abstract IStockStore Store { get; }

    /// <summary>
    /// The service's clock in these tests: a fixed instant, deliberately far from the real date in the Redis variants,
    /// so any place where the store lets Redis's clock judge a time taken from the service's clock fails here.
    /// </summary>
    protected virtual DateTimeOffset Now => new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SetStock_NewerSequence_ReplacesOnHand()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var result = await Store.SetStockAsync("SKU-1", "WH1", 7, 2, Now, default);

        Assert.True(result.Applied);
        Assert.Equal(new StockLevel("SKU-1", "WH1", 7, 0, 0, 2), result.Level);
    }

    [Fact]
    public async Task SetStock_OlderOrSameSequence_IsIgnored()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 5, Now, default);

        var older = await Store.SetStockAsync("SKU-1", "WH1", 99, 4, Now, default);
        var same = await Store.SetStockAsync("SKU-1", "WH1", 98, 5, Now, default);

        Assert.False(older.Applied);
        Assert.False(same.Applied);
        Assert.Equal(10, same.Level.OnHand);
        Assert.Equal(5, same.Level.Sequence);
    }

    [Fact]
    public async Task SetStock_LargestQuantityAndSequence_RoundTripExactly()
    {
        const long MaxSequence = (1L << 53) - 1;
        await Store.SetStockAsync("SKU-1", "WH1", 1_000_000_000_000, MaxSequence - 1, Now, default);

        var reserved = await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 999_999_999_999)), Now, default);
        var stale = await Store.SetStockAsync("SKU-1", "WH1", 5, MaxSequence - 2, Now, default);
        var newest = await Store.SetStockAsync("SKU-1", "WH1", 1_000_000_000_000, MaxSequence, Now, default);

        Assert.True(reserved.Succeeded);
        Assert.False(stale.Applied);
        Assert.Equal(new StockLevel("SKU-1", "WH1", 1_000_000_000_000, 999_999_999_999, 0, MaxSequence), newest.Level);
    }

    [Fact]
    public async Task AdjustStock_Delta_AddsToOnHand()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);

        var level = await Store.AdjustStockAsync(Adjustment("adjust-damaged", "SKU-1", "WH1", -3, "damaged"), Now, default);

        Assert.Equal(7, level.OnHand);
    }

    [Fact]
    public async Task AdjustStock_BelowZero_ThrowsAndChangesNothing()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 2, 1, Now, default);

        await Assert.ThrowsAsync<StockWouldGoNegativeException>(() => Store.AdjustStockAsync(Adjustment("adjust-count", "SKU-1", "WH1", -3, "count"), Now, default));

        Assert.Equal(2, (await LevelAsync("SKU-1", "WH1")).OnHand);
    }

    [Fact]
    public async Task AdjustStock_TotalAboveMaximum_ThrowsAndChangesNothing()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 1_000_000_000_000, 1, Now, default);

        var refused = await Assert.ThrowsAsync<StockLimitExceededException>(() => Store.AdjustStockAsync(Adjustment("adjust-receipt", "SKU-1", "WH1", 1, "receipt"), Now, default));

        Assert.Equal("delta", refused.Subject);
        Assert.Equal(1_000_000_000_000, (await LevelAsync("SKU-1", "WH1")).OnHand);
    }

    [Fact]
    public async Task AdjustStock_RepeatedRequestId_AppliesOnceAndAnswersTheSame()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);

        var first = await Store.AdjustStockAsync(Adjustment("adjust-1", "SKU-1", "WH1", 5, "receipt"), Now, default);
        var again = await Store.AdjustStockAsync(Adjustment("adjust-1", "SKU-1", "WH1", 5, "receipt"), Now, default);

        Assert.Equal(first, again);
        Assert.Equal(15, (await LevelAsync("SKU-1", "WH1")).OnHand);
    }

    [Fact]
    public async Task AdjustStock_RequestIdReusedForOtherDelta_ThrowsAndChangesNothing()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        await Store.AdjustStockAsync(Adjustment("adjust-1", "SKU-1", "WH1", 5, "receipt"), Now, default);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.AdjustStockAsync(Adjustment("adjust-1", "SKU-1", "WH1", 6, "receipt"), Now, default));

        Assert.Equal(15, (await LevelAsync("SKU-1", "WH1")).OnHand);
    }

    [Fact]
    public async Task SetSafetyStock_HoldsUnitsBackFromAvailable()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);

        var level = await Store.SetSafetyStockAsync("SKU-1", "WH1", 4, Now, default);

        Assert.Equal(4, level.SafetyStock);
        Assert.Equal(6, level.Available);
    }

    [Fact]
    public async Task GetStock_SeveralSkus_ReturnsEveryLocationOfEach()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        await Store.SetStockAsync("SKU-1", "ST1", 3, 1, Now, default);
        await Store.SetStockAsync("SKU-2", "WH1", 5, 1, Now, default);

        var stock = await Store.GetStockAsync(["SKU-1", "SKU-2", "SKU-NONE"], default);

        Assert.Equal(["ST1", "WH1"], stock[0].Locations.Select(l => l.LocationId));
        Assert.Equal([3L, 10L], stock[0].Locations.Select(l => l.OnHand));
        Assert.Equal(5, Assert.Single(stock[1].Locations).OnHand);
        Assert.Empty(stock[2].Locations);
    }

    [Fact]
    public async Task Reserve_EnoughStock_HoldsEveryLine()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        await Store.SetStockAsync("SKU-2", "ST1", 3, 1, Now, default);

        var outcome = await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4), ("SKU-2", "ST1", 3)), Now, default);

        Assert.True(outcome.Succeeded);
        Assert.Equal(ReservationStatus.Held, outcome.Reservation!.Status);
        Assert.Equal(4, (await LevelAsync("SKU-1", "WH1")).Reserved);
        Assert.Equal(0, (await LevelAsync("SKU-2", "ST1")).Available);
    }

    [Fact]
    public async Task Reserve_OneLineShort_HoldsNothingAndNamesEveryShortLine()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        await Store.SetStockAsync("SKU-2", "ST1", 3, 1, Now, default);
        await Store.SetSafetyStockAsync("SKU-2", "ST1", 1, Now, default);

        var outcome = await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4), ("SKU-2", "ST1", 3), ("SKU-3", "WH1", 1)), Now, default);

        Assert.False(outcome.Succeeded);
        Assert.Equal(
            [new StockShortfall(1, "SKU-2", "ST1", 3, 2), new StockShortfall(2, "SKU-3", "WH1", 1, 0)],
            outcome.Shortfalls);
        Assert.Equal(0, (await LevelAsync("SKU-1", "WH1")).Reserved);
    }

    [Fact]
    public async Task Reserve_RepeatedRequestId_ReturnsFirstReservationAndHoldsOnce()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);

        var first = await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default);
        var again = await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default);

        Assert.Equal(first.Reservation!.Id, again.Reservation!.Id);
        Assert.Equal(4, (await LevelAsync("SKU-1", "WH1")).Reserved);
    }

    [Fact]
    public async Task Reserve_RepeatedRequestIdOfShortRequest_ReturnsSameShortfall()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 1, 1, Now, default);

        var first = await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default);
        var again = await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default);

        Assert.Equal(first.Shortfalls, again.Shortfalls);
        Assert.Null(again.Reservation);
    }

    [Fact]
    public async Task Reserve_RequestIdReusedForOtherLines_ThrowsAndHoldsNothingMore()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 5)), Now, default));

        Assert.Equal(4, (await LevelAsync("SKU-1", "WH1")).Reserved);
    }

    [Fact]
    public async Task Reserve_ManyConcurrentBuyersOfLastUnits_NeverOversells()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 50, 1, Now, default);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => Store.ReserveAsync(Command($"buyer-{i}", ("SKU-1", "WH1", 1)), Now, default))));

        Assert.Equal(50, outcomes.Count(o => o.Succeeded));
        var level = await LevelAsync("SKU-1", "WH1");
        Assert.Equal(50, level.Reserved);
        Assert.Equal(0, level.Available);
    }

    [Fact]
    public async Task Commit_HeldReservation_DeductsOnHandAndReserved()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var held = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default)).Reservation!;

        var committed = await Store.CommitAsync(held.Id, Now, TheDay, default);
        var again = await Store.CommitAsync(held.Id, Now, TheDay, default);

        Assert.Equal(ReservationStatus.Committed, committed.Status);
        Assert.Equal(ReservationStatus.Committed, again.Status);
        Assert.Equal(new StockLevel("SKU-1", "WH1", 6, 0, 0, 1), await LevelAsync("SKU-1", "WH1"));
    }

    [Fact]
    public async Task SetStock_BelowReserved_ShowsShortageAndEmitsAShortageEvent()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 20, 1, Now, default);
        await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 10)), Now, default);
        var position = await Store.LatestEventPositionAsync(default);

        await Store.SetStockAsync("SKU-1", "WH1", 4, 2, Now, default);

        var level = await LevelAsync("SKU-1", "WH1");
        Assert.Equal((4L, 10L, 6L, 0L), (level.OnHand, level.Reserved, level.Shortage, level.Available));
        var events = await Store.ReadEventsAsync(position, 10, default);
        Assert.Equal([StockChangeKind.Set, StockChangeKind.Shortage], events.Select(e => e.Kind));
        Assert.Equal(6, events[1].Shortfall);
    }

    [Fact]
    public async Task Commit_MoreThanOnHand_DeductsWhatIsThereAndReportsTheShortfall()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 20, 1, Now, default);
        var held = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 10)), Now, default)).Reservation!;
        await Store.SetStockAsync("SKU-1", "WH1", 4, 2, Now, default);
        var position = await Store.LatestEventPositionAsync(default);

        var committed = await Store.CommitAsync(held.Id, Now, TheDay, default);
        var corrected = await Store.AdjustStockAsync(Adjustment("adjust-1", "SKU-1", "WH1", 1, "found one"), Now, default);

        Assert.Equal(ReservationStatus.Committed, committed.Status);
        var events = await Store.ReadEventsAsync(position, 10, default);
        Assert.Equal([StockChangeKind.Committed, StockChangeKind.Shortage, StockChangeKind.Adjusted], events.Select(e => e.Kind));
        Assert.Equal((0L, 0L, 6L), (events[1].Level.OnHand, events[1].Level.Reserved, events[1].Shortfall));
        Assert.Equal(new StockLevel("SKU-1", "WH1", 1, 0, 0, 2), corrected);
    }

    [Fact]
    public async Task Commit_CountsUnitsAndOneShipmentPerLocationOnItsLocalDay_Once()
    {
        var warehouseDay = new DateOnly(2026, 11, 27);
        var storeDay = new DateOnly(2026, 11, 28);
        await Store.ImportAsync([new("SKU-1", "WH1", 10, 1, null), new("SKU-2", "WH1", 10, 1, null), new("SKU-1", "ST1", 10, 1, null)], Now, default);
        var held = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 2), ("SKU-2", "WH1", 3), ("SKU-1", "ST1", 1)), Now, default)).Reservation!;
        var released = (await Store.ReserveAsync(Command("r2", ("SKU-1", "WH1", 4)), Now, default)).Reservation!;

        await Store.CommitAsync(held.Id, Now, id => id == "WH1" ? warehouseDay : storeDay, default);
        await Store.CommitAsync(held.Id, Now, id => id == "WH1" ? warehouseDay : storeDay, default);
        await Store.ReleaseAsync(released.Id, Now, default);

        var read = await Store.GetStockAndCapacityAsync(["SKU-1"], [new("WH1", warehouseDay), new("ST1", storeDay), new("ST9", storeDay)], default);
        Assert.Equal(new CapacityUsed(5, 1), read.CapacityUsed["WH1"]);
        Assert.Equal(new CapacityUsed(1, 1), read.CapacityUsed["ST1"]);
        Assert.False(read.CapacityUsed.ContainsKey("ST9"));
        Assert.Equal([9L, 8L], read.Stock[0].Locations.Select(l => l.OnHand));
        var otherDay = await Store.GetStockAndCapacityAsync([], [new("WH1", storeDay)], default);
        Assert.Empty(otherDay.CapacityUsed);
    }

    [Fact]
    public async Task Release_HeldReservation_GivesUnitsBackOnce()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var held = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default)).Reservation!;

        await Store.ReleaseAsync(held.Id, Now, default);
        var again = await Store.ReleaseAsync(held.Id, Now, default);

        Assert.Equal(ReservationStatus.Released, again.Status);
        Assert.Equal(new StockLevel("SKU-1", "WH1", 10, 0, 0, 1), await LevelAsync("SKU-1", "WH1"));
    }

    [Fact]
    public async Task Commit_ReleasedReservation_IsRefused()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var held = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default)).Reservation!;
        await Store.ReleaseAsync(held.Id, Now, default);

        var refused = await Assert.ThrowsAsync<ReservationStateException>(() => Store.CommitAsync(held.Id, Now, TheDay, default));

        Assert.Equal(ReservationStatus.Released, refused.Status);
        Assert.Equal(10, (await LevelAsync("SKU-1", "WH1")).OnHand);
    }

    [Fact]
    public async Task Release_CommittedReservation_IsRefused()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var held = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4)), Now, default)).Reservation!;
        await Store.CommitAsync(held.Id, Now, TheDay, default);

        await Assert.ThrowsAsync<ReservationStateException>(() => Store.ReleaseAsync(held.Id, Now, default));

        Assert.Equal(new StockLevel("SKU-1", "WH1", 6, 0, 0, 1), await LevelAsync("SKU-1", "WH1"));
    }

    [Fact]
    public async Task Commit_AfterExpiry_IsRefusedAndUnitsReturn()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var held = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 4), ttl: TimeSpan.FromMinutes(1)), Now, default)).Reservation!;

        var refused = await Assert.ThrowsAsync<ReservationStateException>(() => Store.CommitAsync(held.Id, Now.AddMinutes(2), TheDay, default));

        Assert.Equal(ReservationStatus.Expired, refused.Status);
        Assert.Equal(new StockLevel("SKU-1", "WH1", 10, 0, 0, 1), await LevelAsync("SKU-1", "WH1"));
    }

    [Fact]
    public async Task ExpireDue_ReleasesOnlyReservationsPastTheirExpiry()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var shortLived = (await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 3), ttl: TimeSpan.FromMinutes(1)), Now, default)).Reservation!;
        var longLived = (await Store.ReserveAsync(Command("r2", ("SKU-1", "WH1", 2), ttl: TimeSpan.FromMinutes(30)), Now, default)).Reservation!;

        var sweep = await Store.ExpireDueAsync(Now.AddMinutes(5), 100, default);

        Assert.Equal((1, 1), (sweep.Examined, sweep.Expired));
        Assert.Empty(sweep.Unreadable);
        Assert.Equal(ReservationStatus.Expired, (await Store.GetReservationAsync(shortLived.Id, default))!.Status);
        Assert.Equal(ReservationStatus.Held, (await Store.GetReservationAsync(longLived.Id, default))!.Status);
        Assert.Equal(2, (await LevelAsync("SKU-1", "WH1")).Reserved);
    }

    [Fact]
    public async Task Commit_UnknownReservation_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Store.CommitAsync("rsv_missing", Now, TheDay, default));
    }

    [Fact]
    public async Task Import_MixedRows_AppliesNewerAndCountsStale()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 5, Now, default);

        var result = await Store.ImportAsync(
            [new StockImportRow("SKU-1", "WH1", 1, 4, null), new StockImportRow("SKU-1", "ST1", 8, 1, 2), new StockImportRow("SKU-2", "WH1", 3, 1, null)],
            Now,
            default);

        Assert.Equal(new StockImportResult(3, 2, 1), result);
        Assert.Equal(10, (await LevelAsync("SKU-1", "WH1")).OnHand);
        Assert.Equal(new StockLevel("SKU-1", "ST1", 8, 0, 2, 1), await LevelAsync("SKU-1", "ST1"));
    }

    [Fact]
    public async Task ReadEvents_AfterAPosition_ReturnsLaterChangesInOrder()
    {
        await Store.SetStockAsync("SKU-1", "WH1", 10, 1, Now, default);
        var position = await Store.LatestEventPositionAsync(default);
        await Store.AdjustStockAsync(Adjustment("adjust-receipt", "SKU-1", "WH1", 5, "receipt"), Now, default);
        await Store.ReserveAsync(Command("r1", ("SKU-1", "WH1", 2)), Now, default);

        var events = await Store.ReadEventsAsync(position, 10, default);

        Assert.Equal([StockChangeKind.Adjusted, StockChangeKind.Reserved], events.Select(e => e.Kind));
        Assert.Equal("receipt", events[0].Reason);
        Assert.Equal(new StockLevel("SKU-1", "WH1", 15, 2, 0, 1), events[1].Level);
        Assert.Empty(await Store.ReadEventsAsync(events[1].Position, 10, default));
    }

    private static DateOnly TheDay(string locationId) => new(2026, 11, 27);

    private async Task<StockLevel> LevelAsync(string sku, string locationId)
    {
        var stock = await Store.GetStockAsync([sku], default);
        return stock[0].Locations.SingleOrDefault(l => l.LocationId == locationId) ?? StockLevel.Empty(sku, locationId);
    }

    private static StockAdjustment Adjustment(string requestId, string sku, string location, long delta, string reason) =>
        new(requestId, sku, location, delta, reason, $"{sku}|{location}|{delta}|{reason}");

    private ReserveCommand Command(string requestId, params (string Sku, string Location, long Quantity)[] lines) =>
        Command(requestId, TimeSpan.FromMinutes(15), lines);

    private ReserveCommand Command(string requestId, (string Sku, string Location, long Quantity) line, TimeSpan ttl) =>
        Command(requestId, ttl, line);

    private ReserveCommand Command(string requestId, TimeSpan ttl, params (string Sku, string Location, long Quantity)[] lines) =>
        new(requestId, lines.Select(l => new ReservationLine(l.Sku, l.Location, l.Quantity)).ToList(), Now + ttl,
            string.Join(";", lines.Select(l => $"{l.Sku}|{l.Location}|{l.Quantity}")) + "|" + ttl.TotalSeconds);
}
