using Sourcing.Service.Inventory;
using Sourcing.Service.Orders.Background;

namespace Sourcing.Service.Tests.Orders.Background;

public sealed class StockArrivalsTests
{
    private static int _position;

    private static StockEvent Event(StockChangeKind kind, string sku, long onHand, long reserved = 0, string location = "LOC-A") =>
        new((++_position).ToString(System.Globalization.CultureInfo.InvariantCulture), kind, new StockLevel(sku, location, onHand, reserved, 0, 0), "", DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(StockChangeKind.Adjusted)]
    [InlineData(StockChangeKind.Set)]
    [InlineData(StockChangeKind.Imported)]
    [InlineData(StockChangeKind.Released)]
    [InlineData(StockChangeKind.Expired)]
    [InlineData(StockChangeKind.SafetyStock)]
    public void SkusWithMoreStock_KindThatAddsAndAvailabilityRose_NamesTheSku(StockChangeKind kind)
    {
        var arrivals = new StockArrivals();
        arrivals.Remember([Event(StockChangeKind.Reserved, "SKU-1", 5, reserved: 5)]);

        Assert.Equal(["SKU-1"], arrivals.SkusWithMoreStock([Event(kind, "SKU-1", 5, reserved: 2)]));
    }

    [Theory]
    [InlineData(StockChangeKind.Reserved)]
    [InlineData(StockChangeKind.Committed)]
    [InlineData(StockChangeKind.Shortage)]
    public void SkusWithMoreStock_KindThatOnlyTakes_NamesNothing(StockChangeKind kind)
    {
        var arrivals = new StockArrivals();

        Assert.Empty(arrivals.SkusWithMoreStock([Event(kind, "SKU-1", 5)]));
    }

    [Fact]
    public void SkusWithMoreStock_RecountLowersStock_NamesNothing()
    {
        var arrivals = new StockArrivals();
        arrivals.Remember([Event(StockChangeKind.Set, "SKU-1", 10)]);

        Assert.Empty(arrivals.SkusWithMoreStock([Event(StockChangeKind.Set, "SKU-1", 4), Event(StockChangeKind.Adjusted, "SKU-1", 3)]));
    }

    [Fact]
    public void SkusWithMoreStock_NothingAvailableAfterwards_NamesNothing()
    {
        var arrivals = new StockArrivals();

        Assert.Empty(arrivals.SkusWithMoreStock([Event(StockChangeKind.Adjusted, "SKU-1", 2, reserved: 2)]));
    }

    [Fact]
    public void SkusWithMoreStock_SeveralLocationsAndSkus_EachSkuOnceInFirstSeenOrder()
    {
        var arrivals = new StockArrivals();

        var skus = arrivals.SkusWithMoreStock([
            Event(StockChangeKind.Adjusted, "SKU-2", 1),
            Event(StockChangeKind.Adjusted, "SKU-1", 1, location: "LOC-A"),
            Event(StockChangeKind.Adjusted, "SKU-1", 1, location: "LOC-B"),
        ]);

        Assert.Equal(["SKU-2", "SKU-1"], skus);
    }

    [Fact]
    public void SkusWithMoreStock_NotRemembered_SameRiseNamedAgain()
    {
        var arrivals = new StockArrivals();
        arrivals.Remember([Event(StockChangeKind.Set, "SKU-1", 0)]);
        var rise = Event(StockChangeKind.Adjusted, "SKU-1", 2);

        Assert.Equal(["SKU-1"], arrivals.SkusWithMoreStock([rise]));
        Assert.Equal(["SKU-1"], arrivals.SkusWithMoreStock([rise]));
        arrivals.Remember([rise]);
        Assert.Empty(arrivals.SkusWithMoreStock([Event(StockChangeKind.Adjusted, "SKU-1", 2)]));
    }
}
