using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Orders.Tests.Storage;

public sealed class OrdersDatabaseSettingsTests
{
    [Fact]
    public void WithTimeouts_NoPoolSizeGiven_PoolLeavesRoomUnderPostgresDefaultConnectionLimit()
    {
        var settings = OrdersDatabase.WithTimeouts("Host=db;Database=orders;Username=sourcing", TimeSpan.FromSeconds(5));

        Assert.Equal(OrdersDatabase.DefaultMaxPoolSize, settings.MaxPoolSize);
        Assert.True(settings.MaxPoolSize < 100);
        Assert.Equal((5, 5), (settings.Timeout, settings.CommandTimeout));
    }

    [Theory]
    [InlineData("Host=db;Database=orders;Maximum Pool Size=10")]
    [InlineData("Host=db;Database=orders;MaxPoolSize=10")]
    public void WithTimeouts_PoolSizeGiven_IsKept(string connectionString) =>
        Assert.Equal(10, OrdersDatabase.WithTimeouts(connectionString, TimeSpan.FromSeconds(5)).MaxPoolSize);
}
